/**
 * The runner bundle `runner-bundle-<index>.json` (`sv-runner-bundle/1`, docs/formats.md): everything one
 * participant's headless duty runner loads, in one file: a manifest saying which share of which validators it
 * holds, its EIP-2335 share keystores, the public cluster-lock.json and its EIP-3076 slashing-protection file.
 *
 * `runnerBundle` builds the value from its parts, `encodeRunnerBundle` makes its text once (at the edge),
 * `decodeRunnerBundle` decodes text strictly (decode = validate: any malformed field is a coded `SvError` naming
 * it). Whether the parts agree with each other is `checkRunnerBundle` (runnerBundleChecks.ts). Pure: no Node API.
 */
import { SvError } from '../errors.js';
import { definitionNetwork, MAX_OPERATORS, MAX_VALIDATORS } from '../dkg/index.js';
import { isNetworkName, NETWORK_NAMES, type NetworkName } from '../eth/networks.js';
import { keystoreJson, parseKeystore, type Keystore } from '../keystore/index.js';
import { bad, readArray, readInt, readObject, readString } from '../wire/fields.js';
import { decodeClusterLock, type ClusterLock } from './clusterLock.js';
import { ADDRESS_RE, hex, nested, parseJsonText } from './fields.js';
import { decodeSlashingProtection, type SlashingProtection } from './slashingProtection.js';

export const RUNNER_BUNDLE_FORMAT = 'sv-runner-bundle/1';
/** Largest bundle text we read (64 validators × 64 operators is well under 1 MiB). */
export const MAX_RUNNER_BUNDLE_CHARS = 8 << 20;

const MAX_TIME = 2 ** 40;

/** One validator of the manifest: its group key, this participant's public share of it and its keystore. */
export interface RunnerValidator {
  /** Validator index v (0-based, the position in the definition). */
  index: number;
  /** pk_v, the group public key (0x, 48 bytes). */
  publicKey: string;
  /** pk_{v,index}, this participant's public share (0x, 48 bytes). */
  publicShare: string;
  /** The keystore's file name when written on its own: keystore-<v>-<index>.json. */
  keystore: string;
}

/** What the runner needs to know before opening anything. */
export interface RunnerManifest {
  configHash: string;
  network: NetworkName;
  threshold: number;
  /** n, the number of operators. */
  operators: number;
  /** This participant's share index, 1..n. */
  index: number;
  /** This participant's operator address (EIP-55). */
  operator: string;
  validators: RunnerValidator[];
}

/** The runner bundle as a value. */
export interface RunnerBundle {
  format: typeof RUNNER_BUNDLE_FORMAT;
  /** Unix seconds. */
  createdAt: number;
  manifest: RunnerManifest;
  /** keystores[v]: this participant's share of validator v (EIP-2335, `pubkey` = the public share). */
  keystores: Keystore[];
  clusterLock: ClusterLock;
  slashingProtection: SlashingProtection;
}

/** runner-bundle-<index>.json: the bundle's file name. */
export function runnerBundleName(index: number): string {
  return `runner-bundle-${index}.json`;
}

/** keystore-<v>-<index>.json: the name of participant `index`'s keystore of validator v as a file of its own. */
export function keystoreName(v: number, index: number): string {
  return `keystore-${v}-${index}.json`;
}

/**
 * The bundle of participant `index` from its parts: the cluster lock, that participant's keystores (`keystores[v]`
 * for validator v) and its slashing-protection file; `createdAt` in unix seconds. `DKG_BAD_STATE` when the lock
 * has no operator `index` or the keystores are not one per validator.
 */
export function runnerBundle(lock: ClusterLock, index: number, keystores: readonly Keystore[], slashingProtection: SlashingProtection, createdAt: number): RunnerBundle {
  const operator = lock.operators[index - 1];
  if (!operator || keystores.length !== lock.validators.length) throw new SvError('DKG_BAD_STATE', `a bundle of share ${index} needs operator ${index} and one keystore per validator`);
  return {
    format: RUNNER_BUNDLE_FORMAT,
    createdAt,
    manifest: {
      configHash: lock.configHash,
      network: definitionNetwork(lock.definition).name,
      threshold: lock.definition.threshold,
      operators: lock.definition.operators.length,
      index,
      operator: operator.address,
      validators: lock.validators.map((val, v) => ({ index: v, publicKey: val.publicKey, publicShare: val.publicShares[index - 1]!, keystore: keystoreName(v, index) })),
    },
    keystores: [...keystores],
    clusterLock: lock,
    slashingProtection,
  };
}

/** The bundle's text (2-space JSON, trailing newline; each keystore with its fields in the usual EIP-2335 order). */
export function encodeRunnerBundle(bundle: RunnerBundle): string {
  return `${JSON.stringify({ ...bundle, keystores: bundle.keystores.map(keystoreJson) }, null, 2)}\n`;
}

function decodeManifest(value: unknown): RunnerManifest {
  const o = readObject(value, 'manifest', ['configHash', 'network', 'threshold', 'operators', 'index', 'operator', 'validators']);
  const network = readString(o.network, 'manifest.network', 32);
  if (!isNetworkName(network)) bad('manifest.network', `unknown network ${JSON.stringify(network)} (known: ${NETWORK_NAMES.join(', ')})`);
  const operators = readInt(o.operators, 'manifest.operators', 1, MAX_OPERATORS);
  const index = readInt(o.index, 'manifest.index', 1, MAX_OPERATORS);
  return {
    configHash: hex(o.configHash, 'manifest.configHash', 32),
    network,
    threshold: readInt(o.threshold, 'manifest.threshold', 1, MAX_OPERATORS),
    operators,
    index,
    operator: readString(o.operator, 'manifest.operator', 42, ADDRESS_RE),
    validators: readArray(o.validators, 'manifest.validators', 1, MAX_VALIDATORS).map((item, k) => {
      const path = `manifest.validators[${k}]`;
      const val = readObject(item, path, ['index', 'publicKey', 'publicShare', 'keystore']);
      const v = readInt(val.index, `${path}.index`, k, k);
      const keystore = readString(val.keystore, `${path}.keystore`, 64);
      if (keystore !== keystoreName(v, index)) bad(`${path}.keystore`, `expected ${keystoreName(v, index)}`);
      return { index: v, publicKey: hex(val.publicKey, `${path}.publicKey`, 48), publicShare: hex(val.publicShare, `${path}.publicShare`, 48), keystore };
    }),
  };
}

/**
 * Decode a runner bundle from its JSON text. Every field is checked for shape (types, hex lengths, counts
 * within bounds, keystores per EIP-2335); a problem throws a coded `SvError` (`WIRE_TOO_LARGE`, `WIRE_BAD_JSON`,
 * `WIRE_BAD_FIELD`, `DKG_BAD_DEFINITION`, `KEYSTORE_*`) naming the field. Whether the parts agree with each other
 * is for `checkRunnerBundle`.
 */
export function decodeRunnerBundle(text: string): RunnerBundle {
  return decodeRunnerBundleJson(parseJsonText(text, 'a runner bundle', MAX_RUNNER_BUNDLE_CHARS));
}

/** Decode a runner bundle already parsed from JSON text (of at most MAX_RUNNER_BUNDLE_CHARS): as `decodeRunnerBundle`. */
export function decodeRunnerBundleJson(json: unknown): RunnerBundle {
  const o = readObject(json, 'bundle', ['format', 'createdAt', 'manifest', 'keystores', 'clusterLock', 'slashingProtection']);
  if (o.format !== RUNNER_BUNDLE_FORMAT) bad('format', `expected ${JSON.stringify(RUNNER_BUNDLE_FORMAT)}, got ${JSON.stringify(o.format)}`);
  const createdAt = readInt(o.createdAt, 'createdAt', 0, MAX_TIME);
  const manifest = decodeManifest(o.manifest);
  const keystores = readArray(o.keystores, 'keystores', manifest.validators.length, manifest.validators.length).map((ks, v) =>
    nested(`keystores[${v}]`, () => parseKeystore(ks)),
  );
  return {
    format: RUNNER_BUNDLE_FORMAT,
    createdAt,
    manifest,
    keystores,
    clusterLock: decodeClusterLock(o.clusterLock),
    slashingProtection: decodeSlashingProtection(o.slashingProtection),
  };
}
