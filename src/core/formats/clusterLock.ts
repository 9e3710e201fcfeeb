/**
 * cluster-lock.json (`sv-cluster-lock/1`, docs/formats.md): the public record a duty runner loads — the ceremony
 * definition, its configHash, sid and transcript hash T, every operator's keys, and per validator its group key,
 * the n public shares, the deposit data root and the lock signature (PROTOCOL.md §6).
 *
 * `clusterLock` builds the value from a succeeded ceremony, `encodeClusterLock` makes its text (once, at the edge),
 * `decodeClusterLock` decodes it strictly (decode = validate the shape: a malformed field is a coded `SvError`
 * naming it). Whether a decoded lock holds together is `clusterLockProblem` / `lockValidatorProblem`.
 */
import { hexToBytes } from '../bytes.js';
import { SvError, isSvError } from '../errors.js';
import { combinePublicShares, decodePublicKey, fastAggregateVerify } from '../bls/index.js';
import {
  configHash as hashDefinition,
  decodeApproval,
  depositEntries,
  lockMessage,
  parseDefinition,
  shapeOf,
  MAX_OPERATORS,
  MAX_VALIDATORS,
  type CeremonyDefinition,
  type CeremonyState,
} from '../dkg/index.js';
import type { CanonicalValue } from '../wire/canonicalJson.js';
import { bad, readArray, readInt, readObject, readString, toHex0x } from '../wire/fields.js';
import { ADDRESS_RE, hex, nested } from './fields.js';

export const CLUSTER_LOCK_FORMAT = 'sv-cluster-lock/1';
/** The lock's file name. */
export const CLUSTER_LOCK_FILE = 'cluster-lock.json';

/** One operator of the lock: its index, address and the ceremony keys its approval named. */
export interface ClusterLockOperator {
  index: number;
  address: string;
  identityKey: string;
  encryptionKey: string;
}

/** One validator of the lock (all 0x hex). */
export interface ClusterLockValidator {
  publicKey: string;
  /** publicShares[m-1]: pk_{v,m}, the public share of operator m. */
  publicShares: string[];
  depositDataRoot: string;
  lockSignature: string;
}

/** cluster-lock.json as a value. */
export interface ClusterLock {
  format: typeof CLUSTER_LOCK_FORMAT;
  definition: CeremonyDefinition;
  configHash: string;
  sid: string;
  transcriptHash: string;
  operators: ClusterLockOperator[];
  validators: ClusterLockValidator[];
}

/** The cluster lock of a succeeded ceremony (`DKG_BAD_STATE` otherwise). */
export function clusterLock(state: CeremonyState): ClusterLock {
  if (state.phase !== 'succeeded' || !state.result || !state.sid) throw new SvError('DKG_BAD_STATE', 'the ceremony has not succeeded');
  const s = shapeOf(state.definition);
  const entries = depositEntries(state);
  return {
    format: CLUSTER_LOCK_FORMAT,
    definition: state.definition,
    configHash: state.configHash,
    sid: state.sid,
    transcriptHash: state.result.T,
    operators: (state.messages[0] as string[]).map((text, k) => {
      const a = decodeApproval((JSON.parse(text) as { body: CanonicalValue }).body, s);
      return { index: k + 1, address: a.operator, identityKey: toHex0x(a.identityKey), encryptionKey: toHex0x(a.encryptionKey) };
    }),
    validators: state.result.validators.map((v, k) => ({
      publicKey: v.publicKey,
      publicShares: v.publicShares,
      depositDataRoot: toHex0x(entries[k]!.depositDataRoot),
      lockSignature: v.lockSignature,
    })),
  };
}

/** The text of cluster-lock.json (2-space JSON, trailing newline). */
export function encodeClusterLock(lock: ClusterLock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

function decodeOperator(item: unknown, k: number): ClusterLockOperator {
  const path = `clusterLock.operators[${k}]`;
  const op = readObject(item, path, ['index', 'address', 'identityKey', 'encryptionKey']);
  return {
    index: readInt(op.index, `${path}.index`, 1, MAX_OPERATORS),
    address: readString(op.address, `${path}.address`, 42, ADDRESS_RE),
    identityKey: hex(op.identityKey, `${path}.identityKey`, 32),
    encryptionKey: hex(op.encryptionKey, `${path}.encryptionKey`, 33),
  };
}

function decodeValidator(item: unknown, v: number): ClusterLockValidator {
  const path = `clusterLock.validators[${v}]`;
  const val = readObject(item, path, ['publicKey', 'publicShares', 'depositDataRoot', 'lockSignature']);
  return {
    publicKey: hex(val.publicKey, `${path}.publicKey`, 48),
    publicShares: readArray(val.publicShares, `${path}.publicShares`, 1, MAX_OPERATORS).map((s, m) => hex(s, `${path}.publicShares[${m}]`, 48)),
    depositDataRoot: hex(val.depositDataRoot, `${path}.depositDataRoot`, 32),
    lockSignature: hex(val.lockSignature, `${path}.lockSignature`, 96),
  };
}

/**
 * Decode cluster-lock.json (already parsed from JSON) strictly: shape only (`WIRE_BAD_FIELD`, `DKG_BAD_DEFINITION`
 * naming the field). Whether it is consistent is `clusterLockProblem`'s question.
 */
export function decodeClusterLock(value: unknown): ClusterLock {
  const o = readObject(value, 'clusterLock', ['format', 'definition', 'configHash', 'sid', 'transcriptHash', 'operators', 'validators']);
  if (o.format !== CLUSTER_LOCK_FORMAT) bad('clusterLock.format', `expected ${JSON.stringify(CLUSTER_LOCK_FORMAT)}`);
  const definition: CeremonyDefinition = nested('clusterLock.definition', () => parseDefinition(o.definition));
  return {
    format: CLUSTER_LOCK_FORMAT,
    definition,
    configHash: hex(o.configHash, 'clusterLock.configHash', 32),
    sid: hex(o.sid, 'clusterLock.sid', 32),
    transcriptHash: hex(o.transcriptHash, 'clusterLock.transcriptHash', 32),
    operators: readArray(o.operators, 'clusterLock.operators', 1, MAX_OPERATORS).map(decodeOperator),
    validators: readArray(o.validators, 'clusterLock.validators', 1, MAX_VALIDATORS).map(decodeValidator),
  };
}

/** Why the lock is not internally consistent with its definition (hash, operators, counts), or undefined. */
export function clusterLockProblem(lock: ClusterLock): string | undefined {
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

/** Why `key` is not a valid BLS public key (in words, with the code), or undefined. */
function keyProblem(key: Uint8Array, what: string): string | undefined {
  try {
    decodePublicKey(key);
    return undefined;
  } catch (e) {
    return `${what} is not a valid BLS public key (${isSvError(e) ? e.code : 'error'})`;
  }
}

/**
 * Why validator v's lock entry is not consistent, or undefined: its group key and public shares are valid points,
 * all n shares lie on one polynomial through the group key, and the n shares sign the lock message.
 */
export function lockValidatorProblem(lock: ClusterLock, v: number): string | undefined {
  const val = lock.validators[v]!;
  const n = lock.definition.operators.length;
  const t = lock.definition.threshold;
  if (val.publicShares.length !== n) return `it has ${val.publicShares.length} public shares for ${n} operators`;
  const groupProblem = keyProblem(hexToBytes(val.publicKey), 'its group key');
  if (groupProblem) return groupProblem;
  const shares = val.publicShares.map((s, m) => ({ index: m + 1, publicKey: hexToBytes(s) }));
  for (const s of shares) {
    const problem = keyProblem(s.publicKey, `public share ${s.index}`);
    if (problem) return problem;
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
