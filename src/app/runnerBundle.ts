/**
 * The runner bundle `runner-bundle-<index>.json` (`sv-runner-bundle/1`, docs/formats.md): everything one
 * participant's headless duty runner loads, in one file: a manifest saying which share of which validators it
 * holds, its EIP-2335 share keystores, the public cluster-lock.json and its EIP-3076 slashing-protection file.
 *
 * `buildRunnerBundle` makes it from a finished ceremony (reusing the ceremony outputs), `parseRunnerBundle`
 * decodes it strictly (decode = validate: any malformed field is a coded `SvError`), and `checkRunnerBundle`
 * returns plain-words verdicts: does the manifest agree with the lock, is the lock consistent, does every
 * keystore hold this participant's share (and, with the password, does it decrypt to it).
 *
 * Runs in the browser too: no Node API here.
 */
import { hexToBytes, type RandomBytes } from '../core/bytes.js';
import { SvError, isSvError } from '../core/errors.js';
import { combinePublicShares, decodePublicKey, fastAggregateVerify, secretToPublicKey } from '../core/bls/index.js';
import { configHash as hashDefinition, lockMessage, parseDefinition, MAX_OPERATORS, MAX_VALIDATORS, type CeremonyDefinition, type CeremonyState } from '../core/dkg/index.js';
import { getNetwork, isNetworkName, NETWORK_NAMES, type NetworkName } from '../core/eth/networks.js';
import { decryptKeystore, parseKeystore, type KdfName, type Keystore } from '../core/keystore/index.js';
import { bad, readArray, readHex, readInt, readObject, readString, toHex0x } from '../core/wire/fields.js';
import { CLUSTER_LOCK_FORMAT, clusterLock, participantOutputs, type OutputFile } from './ceremonyOutputs.js';

export const RUNNER_BUNDLE_FORMAT = 'sv-runner-bundle/1';
/** Largest bundle text we read (64 validators × 64 operators is well under 1 MiB). */
export const MAX_RUNNER_BUNDLE_CHARS = 8 << 20;

const MAX_TIME = 2 ** 40;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const DECIMAL_RE = /^(0|[1-9][0-9]{0,19})$/;
const MAX_SLASHING_ENTRIES = 100_000;

/** cluster-lock.json, as `clusterLock` writes it. */
export type ClusterLock = ReturnType<typeof clusterLock>;

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

/** An EIP-3076 interchange file (the complete format, v5). */
export interface SlashingProtection {
  metadata: { interchange_format_version: '5'; genesis_validators_root: string };
  data: {
    pubkey: string;
    signed_blocks: { slot: string; signing_root?: string }[];
    signed_attestations: { source_epoch: string; target_epoch: string; signing_root?: string }[];
  }[];
}

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

/** What `checkRunnerBundle` checks. */
export type CheckName =
  | 'manifest' // the manifest agrees with the cluster lock
  | 'cluster-lock' // the lock is internally consistent (definition hash, operators, counts)
  | 'slashing-protection' // the interchange file is for this network and these keys
  | 'group-key' // manifest pk_v = lock pk_v
  | 'public-share' // manifest share = lock publicShares[index-1]
  | 'lock-validator' // the lock's public shares are valid, lie on one polynomial through pk_v, and sign the lock
  | 'keystore' // the keystore's pubkey is this participant's public share
  | 'keystore-password'; // with the password: the keystore decrypts to a secret whose public key is the share

/** One verdict. */
export interface Check {
  name: CheckName;
  /** The validator (0-based) the verdict is about, or null for the bundle as a whole. */
  validator: number | null;
  ok: boolean;
  /** In words: what holds, or what is wrong. */
  message: string;
}

export function runnerBundleName(index: number): string {
  return `runner-bundle-${index}.json`;
}

/** keystore-<v>-<index>.json: the name of participant `index`'s keystore of validator v as a file of its own. */
export function keystoreName(v: number, index: number): string {
  return `keystore-${v}-${index}.json`;
}

function slashingProtectionData(text: string): SlashingProtection {
  return JSON.parse(text) as SlashingProtection;
}

/**
 * Assemble the bundle from outputs already made by `participantOutputs` (so the bundle holds the very keystores
 * written next to it, and nothing is encrypted twice). The bundle is secret: written owner-only.
 */
export function assembleRunnerBundle(state: CeremonyState, outputs: readonly OutputFile[], createdAt: number): OutputFile {
  const lock = clusterLock(state);
  const me = state.me;
  const byName = new Map(outputs.map((f) => [f.name, f.content]));
  const keystores = lock.validators.map((_, v) => {
    const text = byName.get(keystoreName(v, me));
    if (text === undefined) throw new SvError('DKG_BAD_STATE', `the outputs hold no ${keystoreName(v, me)}`);
    return JSON.parse(text) as unknown;
  });
  const protection = byName.get('slashing-protection.json');
  if (protection === undefined) throw new SvError('DKG_BAD_STATE', 'the outputs hold no slashing-protection.json');
  return runnerBundleFile(lock, me, keystores, slashingProtectionData(protection), createdAt);
}

/**
 * The bundle of participant `index` from its parts: the cluster lock, that participant's keystores
 * (`keystores[v]` for validator v, as JSON objects) and its slashing-protection file. What `assembleRunnerBundle`
 * writes after a ceremony, and what re-exporting an imported share writes (src/app/importBackup.ts).
 */
export function runnerBundleFile(lock: ClusterLock, index: number, keystores: readonly unknown[], slashingProtection: SlashingProtection, createdAt: number): OutputFile {
  const operator = lock.operators[index - 1];
  if (!operator || keystores.length !== lock.validators.length) throw new SvError('DKG_BAD_STATE', `a bundle of share ${index} needs operator ${index} and one keystore per validator`);
  const bundle = {
    format: RUNNER_BUNDLE_FORMAT,
    createdAt,
    manifest: {
      configHash: lock.configHash,
      network: lock.definition.network.name,
      threshold: lock.definition.threshold,
      operators: lock.definition.operators.length,
      index,
      operator: operator.address,
      validators: lock.validators.map((val, v) => ({ index: v, publicKey: val.publicKey, publicShare: val.publicShares[index - 1]!, keystore: keystoreName(v, index) })),
    },
    keystores,
    clusterLock: lock,
    slashingProtection,
  };
  return { name: runnerBundleName(index), content: `${JSON.stringify(bundle, null, 2)}\n`, secret: true };
}

/**
 * Build `runner-bundle-<index>.json` for this participant of a succeeded ceremony: its keystores are encrypted
 * with `password` (scrypt by default), `now` (unix seconds) is the bundle's createdAt.
 */
export async function buildRunnerBundle(
  state: CeremonyState,
  seed: Uint8Array,
  opts: { password: string; randomBytes: RandomBytes; kdf?: KdfName; now: number; onProgress?: (fraction: number) => void },
): Promise<OutputFile> {
  const outputs = await participantOutputs(state, seed, opts);
  return assembleRunnerBundle(state, outputs, opts.now);
}

// ---- decoding ------------------------------------------------------------------------------------------------

function hex(value: unknown, path: string, length: number): string {
  return toHex0x(readHex(value, path, length));
}

/** readObject, with some keys allowed to be absent. */
function readObjectWith(value: unknown, path: string, required: readonly string[], optional: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, 'expected an object');
  const present = optional.filter((k) => k in value);
  return readObject(value, path, [...required, ...present]);
}

/** Re-throw a coded error of a nested decoder with the path of the nested object in front. */
function nested<T>(path: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (!isSvError(e)) throw e;
    throw new SvError(e.code, `${path}: ${e.message}`, e.details ? { ...e.details } : undefined);
  }
}

function parseManifest(value: unknown): RunnerManifest {
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
 * Decode cluster-lock.json strictly: shape only (whether it is consistent is `checkRunnerBundle`'s `cluster-lock`
 * check).
 */
export function parseClusterLock(value: unknown): ClusterLock {
  const o = readObject(value, 'clusterLock', ['format', 'definition', 'configHash', 'sid', 'transcriptHash', 'operators', 'validators']);
  if (o.format !== CLUSTER_LOCK_FORMAT) bad('clusterLock.format', `expected ${JSON.stringify(CLUSTER_LOCK_FORMAT)}`);
  const definition: CeremonyDefinition = nested('clusterLock.definition', () => parseDefinition(o.definition));
  return {
    format: CLUSTER_LOCK_FORMAT,
    definition,
    configHash: hex(o.configHash, 'clusterLock.configHash', 32),
    sid: hex(o.sid, 'clusterLock.sid', 32),
    transcriptHash: hex(o.transcriptHash, 'clusterLock.transcriptHash', 32),
    operators: readArray(o.operators, 'clusterLock.operators', 1, MAX_OPERATORS).map((item, k) => {
      const path = `clusterLock.operators[${k}]`;
      const op = readObject(item, path, ['index', 'address', 'identityKey', 'encryptionKey']);
      return {
        index: readInt(op.index, `${path}.index`, 1, MAX_OPERATORS),
        address: readString(op.address, `${path}.address`, 42, ADDRESS_RE),
        identityKey: hex(op.identityKey, `${path}.identityKey`, 32),
        encryptionKey: hex(op.encryptionKey, `${path}.encryptionKey`, 33),
      };
    }),
    validators: readArray(o.validators, 'clusterLock.validators', 1, MAX_VALIDATORS).map((item, v) => {
      const path = `clusterLock.validators[${v}]`;
      const val = readObject(item, path, ['publicKey', 'publicShares', 'depositDataRoot', 'lockSignature']);
      return {
        publicKey: hex(val.publicKey, `${path}.publicKey`, 48),
        publicShares: readArray(val.publicShares, `${path}.publicShares`, 1, MAX_OPERATORS).map((s, m) => hex(s, `${path}.publicShares[${m}]`, 48)),
        depositDataRoot: hex(val.depositDataRoot, `${path}.depositDataRoot`, 32),
        lockSignature: hex(val.lockSignature, `${path}.lockSignature`, 96),
      };
    }),
  };
}

/** Decode an EIP-3076 (v5) interchange file strictly (shape only). */
export function parseSlashingProtection(value: unknown): SlashingProtection {
  const o = readObject(value, 'slashingProtection', ['metadata', 'data']);
  const meta = readObject(o.metadata, 'slashingProtection.metadata', ['interchange_format_version', 'genesis_validators_root']);
  if (meta.interchange_format_version !== '5') bad('slashingProtection.metadata.interchange_format_version', 'expected "5" (EIP-3076)');
  const decimal = (v: unknown, path: string) => readString(v, path, 20, DECIMAL_RE);
  const root = (v: unknown, path: string) => hex(v, path, 32);
  return {
    metadata: { interchange_format_version: '5', genesis_validators_root: root(meta.genesis_validators_root, 'slashingProtection.metadata.genesis_validators_root') },
    data: readArray(o.data, 'slashingProtection.data', 0, MAX_VALIDATORS).map((item, k) => {
      const path = `slashingProtection.data[${k}]`;
      const e = readObject(item, path, ['pubkey', 'signed_blocks', 'signed_attestations']);
      return {
        pubkey: hex(e.pubkey, `${path}.pubkey`, 48),
        signed_blocks: readArray(e.signed_blocks, `${path}.signed_blocks`, 0, MAX_SLASHING_ENTRIES).map((b, i) => {
          const p = `${path}.signed_blocks[${i}]`;
          const blk = readObjectWith(b, p, ['slot'], ['signing_root']);
          return { slot: decimal(blk.slot, `${p}.slot`), ...(blk.signing_root === undefined ? {} : { signing_root: root(blk.signing_root, `${p}.signing_root`) }) };
        }),
        signed_attestations: readArray(e.signed_attestations, `${path}.signed_attestations`, 0, MAX_SLASHING_ENTRIES).map((a, i) => {
          const p = `${path}.signed_attestations[${i}]`;
          const att = readObjectWith(a, p, ['source_epoch', 'target_epoch'], ['signing_root']);
          return {
            source_epoch: decimal(att.source_epoch, `${p}.source_epoch`),
            target_epoch: decimal(att.target_epoch, `${p}.target_epoch`),
            ...(att.signing_root === undefined ? {} : { signing_root: root(att.signing_root, `${p}.signing_root`) }),
          };
        }),
      };
    }),
  };
}

/**
 * Decode a runner bundle from its JSON text. Every field is checked for shape (types, hex lengths, counts
 * within bounds, keystores per EIP-2335); a problem throws a coded `SvError` (`WIRE_TOO_LARGE`, `WIRE_BAD_JSON`,
 * `WIRE_BAD_FIELD`, `DKG_BAD_DEFINITION`, `KEYSTORE_*`) naming the field. Whether the parts agree with each other
 * is for `checkRunnerBundle`.
 */
export function parseRunnerBundle(text: string): RunnerBundle {
  if (typeof text !== 'string') throw new SvError('WIRE_BAD_JSON', 'a runner bundle is JSON text');
  if (text.length > MAX_RUNNER_BUNDLE_CHARS) throw new SvError('WIRE_TOO_LARGE', `a runner bundle is at most ${MAX_RUNNER_BUNDLE_CHARS} characters, got ${text.length}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SvError('WIRE_BAD_JSON', `not valid JSON: ${(e as Error).message}`);
  }
  return parseRunnerBundleJson(json);
}

/** Decode a runner bundle already parsed from JSON text (of at most MAX_RUNNER_BUNDLE_CHARS): as `parseRunnerBundle`. */
export function parseRunnerBundleJson(json: unknown): RunnerBundle {
  const o = readObject(json, 'bundle', ['format', 'createdAt', 'manifest', 'keystores', 'clusterLock', 'slashingProtection']);
  if (o.format !== RUNNER_BUNDLE_FORMAT) bad('format', `expected ${JSON.stringify(RUNNER_BUNDLE_FORMAT)}, got ${JSON.stringify(o.format)}`);
  const createdAt = readInt(o.createdAt, 'createdAt', 0, MAX_TIME);
  const manifest = parseManifest(o.manifest);
  const keystores = readArray(o.keystores, 'keystores', manifest.validators.length, manifest.validators.length).map((ks, v) =>
    nested(`keystores[${v}]`, () => parseKeystore(ks)),
  );
  return {
    format: RUNNER_BUNDLE_FORMAT,
    createdAt,
    manifest,
    keystores,
    clusterLock: parseClusterLock(o.clusterLock),
    slashingProtection: parseSlashingProtection(o.slashingProtection),
  };
}

// ---- checking ------------------------------------------------------------------------------------------------

/** A 0x-hex key shortened for people: its first 8 hex digits and last 6 (`0x1234abcd…56ef90`). */
export function shortKey(key: string): string {
  return `${key.slice(0, 10)}…${key.slice(-6)}`;
}

/** Why the lock is not internally consistent, or undefined. */
function lockProblem(lock: ClusterLock): string | undefined {
  const d = lock.definition;
  const n = d.operators.length;
  if (toHex0x(hashDefinition(d)) !== lock.configHash) return 'its configHash is not the hash of its definition';
  if (lock.operators.length !== n) return `it lists ${lock.operators.length} operators, its definition ${n}`;
  const wrong = lock.operators.findIndex((op, k) => op.index !== k + 1 || op.address !== d.operators[k]!.address);
  if (wrong >= 0) return `its operator ${wrong + 1} is not the definition's operator ${wrong + 1}`;
  if (lock.validators.length !== d.validators.length) return `it has ${lock.validators.length} validators, its definition ${d.validators.length}`;
  const uneven = lock.validators.findIndex((v) => v.publicShares.length !== n);
  if (uneven >= 0) return `validator ${uneven} has ${lock.validators[uneven]!.publicShares.length} public shares, not one per operator (${n})`;
  return undefined;
}

/** Why the manifest disagrees with the lock, or undefined. */
function manifestProblem(m: RunnerManifest, lock: ClusterLock): string | undefined {
  const d = lock.definition;
  if (m.configHash !== lock.configHash) return 'its configHash is not the cluster lock\'s';
  if (m.network !== d.network.name) return `it says network ${m.network}, the cluster lock ${d.network.name}`;
  if (m.threshold !== d.threshold || m.operators !== d.operators.length) return `it says ${m.threshold}-of-${m.operators}, the cluster lock ${d.threshold}-of-${d.operators.length}`;
  if (m.index > d.operators.length) return `its share index ${m.index} is not in 1..${d.operators.length}`;
  if (m.operator !== d.operators[m.index - 1]!.address) return `its operator ${m.operator} is not operator ${m.index} of the cluster lock (${d.operators[m.index - 1]!.address})`;
  if (m.validators.length !== lock.validators.length) return `it has ${m.validators.length} validators, the cluster lock ${lock.validators.length}`;
  return undefined;
}

/** Why validator v's lock entry is not consistent (shares, group key, lock signature), or undefined. */
function lockValidatorProblem(lock: ClusterLock, v: number): string | undefined {
  const val = lock.validators[v]!;
  const n = lock.definition.operators.length;
  const t = lock.definition.threshold;
  if (val.publicShares.length !== n) return `it has ${val.publicShares.length} public shares for ${n} operators`;
  try {
    decodePublicKey(hexToBytes(val.publicKey));
  } catch (e) {
    return `its group key is not a valid BLS public key (${isSvError(e) ? e.code : 'error'})`;
  }
  const shares = val.publicShares.map((s, m) => ({ index: m + 1, publicKey: hexToBytes(s) }));
  for (const s of shares) {
    try {
      decodePublicKey(s.publicKey);
    } catch (e) {
      return `public share ${s.index} is not a valid BLS public key (${isSvError(e) ? e.code : 'error'})`;
    }
  }
  // Shares 1..t fix the polynomial; {1..t-1, j} gives the same value at 0 exactly when share j lies on it too.
  for (let j = t; j <= n; j++) {
    let combined: string;
    try {
      combined = toHex0x(combinePublicShares([...shares.slice(0, t - 1), shares[j - 1]!], t));
    } catch (e) {
      if (!isSvError(e)) throw e;
      combined = '';
    }
    if (combined !== val.publicKey) {
      return j === t ? `its public shares 1..${t} do not combine to its group key` : `public share ${j} is not consistent with the others and the group key`;
    }
  }
  if (!fastAggregateVerify(shares.map((s) => s.publicKey), lockMessage(hexToBytes(lock.transcriptHash), v), hexToBytes(val.lockSignature))) {
    return 'its lock signature does not verify under its public shares';
  }
  return undefined;
}

/**
 * Check a decoded bundle. Per validator: the manifest's group key and public share are the lock's, the lock's
 * entry is consistent, the keystore's pubkey is this participant's public share and, with `password`, the
 * keystore decrypts to a secret whose public key is that share (a wrong password is a failed verdict, not a
 * throw). For the whole bundle: the lock is consistent with its definition, the manifest agrees with the lock,
 * and the slashing-protection file is for this network and these keys.
 */
export async function checkRunnerBundle(bundle: RunnerBundle, opts: { password?: string } = {}): Promise<Check[]> {
  const { manifest: m, clusterLock: lock } = bundle;
  const checks: Check[] = [];
  const add = (name: CheckName, validator: number | null, problem: string | undefined, okMessage: string) =>
    checks.push({ name, validator, ok: problem === undefined, message: problem ?? okMessage });

  const lp = lockProblem(lock);
  add('cluster-lock', null, lp && `the cluster lock is not consistent: ${lp}`, 'the cluster lock is consistent with its definition');
  const mp = manifestProblem(m, lock);
  add('manifest', null, mp && `the manifest disagrees with the cluster lock: ${mp}`, `the manifest agrees with the cluster lock (share ${m.index} of ${m.operators})`);

  const gvr = toHex0x(getNetwork(lock.definition.network.name).genesisValidatorsRoot);
  const groupKeys = new Set(lock.validators.map((v) => v.publicKey));
  const sp = bundle.slashingProtection;
  const foreign = sp.data.find((e) => !groupKeys.has(e.pubkey));
  add(
    'slashing-protection',
    null,
    sp.metadata.genesis_validators_root !== gvr
      ? `the slashing-protection file is for another network (genesis_validators_root ${shortKey(sp.metadata.genesis_validators_root)}, ${lock.definition.network.name} has ${shortKey(gvr)})`
      : foreign
        ? `the slashing-protection file has history for ${shortKey(foreign.pubkey)}, which is not a validator of this cluster`
        : undefined,
    `the slashing-protection file is for ${lock.definition.network.name}${sp.data.length ? ` with history for ${sp.data.length} key(s)` : ' and empty'}`,
  );

  for (const [v, mv] of m.validators.entries()) {
    const lv = lock.validators[v];
    const share = lv?.publicShares[m.index - 1];
    add(
      'group-key',
      v,
      !lv ? 'the cluster lock has no such validator' : lv.publicKey !== mv.publicKey ? `the manifest's group key ${shortKey(mv.publicKey)} is not the lock's ${shortKey(lv.publicKey)}` : undefined,
      `the group key is the lock's ${shortKey(mv.publicKey)}`,
    );
    add(
      'public-share',
      v,
      share === undefined
        ? `the cluster lock has no public share ${m.index} for this validator`
        : share !== mv.publicShare
          ? `the manifest's public share ${shortKey(mv.publicShare)} is not the lock's share ${m.index} (${shortKey(share)})`
          : undefined,
      `the public share is the lock's share ${m.index}`,
    );
    add(
      'lock-validator',
      v,
      lv ? lockValidatorProblem(lock, v) : 'the cluster lock has no such validator',
      'the lock\'s public shares combine to the group key and all n of them sign the lock',
    );

    const ks = bundle.keystores[v]!;
    const ksKey = ks.pubkey === undefined ? undefined : `0x${ks.pubkey}`;
    add(
      'keystore',
      v,
      share === undefined
        ? `there is no public share ${m.index} to compare the keystore with`
        : ksKey === undefined
          ? 'the keystore does not say its public key'
          : ksKey !== share
            ? `the keystore is for ${shortKey(ksKey)}, not for share ${m.index} (${shortKey(share)})`
            : undefined,
      `the keystore is for share ${m.index} (${shortKey(ksKey ?? '')})`,
    );
    if (opts.password !== undefined) {
      let problem: string | undefined;
      try {
        const secret = await decryptKeystore(ks, opts.password);
        const pk = toHex0x(secretToPublicKey(secret));
        secret.fill(0);
        if (pk !== share) problem = `the keystore decrypts to the secret of ${shortKey(pk)}, not of share ${m.index}${share ? ` (${shortKey(share)})` : ''}`;
      } catch (e) {
        if (!isSvError(e)) throw e;
        problem = e.code === 'KEYSTORE_BAD_PASSWORD' ? 'wrong password: the keystore does not open with it' : `the keystore does not decrypt: ${e.message} [${e.code}]`;
      }
      add('keystore-password', v, problem, `the keystore opens with the password and holds the secret of share ${m.index}`);
    }
  }
  return checks;
}
