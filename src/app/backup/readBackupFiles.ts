/**
 * Reading the chosen backup files: each is classified (a runner bundle, a share keystore `keystore-<v>-<index>.json`,
 * the public `cluster-lock.json`, `slashing-protection.json`; `ceremony.json` and deposit data are recognised and
 * left aside) and decoded once; then the keystore(s) and the lock are placed into the runner bundle they make.
 */
import { shortKey } from '../../core/bytes.js';
import { CEREMONY_FORMAT } from '../../core/dkg/ceremonyFile.js';
import { isSvError } from '../../core/errors.js';
import { getNetwork } from '../../core/eth/networks.js';
import {
  decodeClusterLock,
  decodeRunnerBundleJson,
  decodeSlashingProtection,
  emptySlashingProtection,
  keystoreName,
  runnerBundle,
  CLUSTER_LOCK_FORMAT,
  MAX_RUNNER_BUNDLE_CHARS,
  RUNNER_BUNDLE_FORMAT,
  type ClusterLock,
  type RunnerBundle,
  type SlashingProtection,
} from '../../core/formats/index.js';
import { parseKeystore, type Keystore } from '../../core/keystore/index.js';
import { fail } from './backupImportError.js';

/** One chosen file: its name (for messages) and its text. */
export interface BackupFile {
  name: string;
  text: string;
}

/** What a chosen file turned out to be. */
export type BackupFileKind = 'runner bundle' | 'keystore' | 'cluster lock' | 'slashing protection' | 'ceremony record' | 'deposit data';

/** A chosen file, read and decoded. */
export type ReadFile =
  | { kind: 'runner bundle'; name: string; bundle: RunnerBundle }
  | { kind: 'keystore'; name: string; keystore: Keystore }
  | { kind: 'cluster lock'; name: string; lock: ClusterLock }
  | { kind: 'slashing protection'; name: string; protection: SlashingProtection }
  | { kind: 'ceremony record' | 'deposit data'; name: string };

/** What to choose, in words. */
export const WHAT_IS_WANTED = 'a runner bundle (runner-bundle-<n>.json), or the keystore(s) keystore-<v>-<n>.json with cluster-lock.json';

/** Decode one part with a codec of src/core/formats / the keystore module; its coded error becomes words. */
function decode<T>(name: string, kind: BackupFileKind, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isSvError(e)) throw e;
    return fail('IMPORT_DAMAGED', `${name} looks like a ${kind} but is damaged: ${e.message}`);
  }
}

/** True for a plain JSON object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Classify and decode one file (its text is parsed once, here). */
export function readBackupFile(file: BackupFile): ReadFile {
  const { name, text } = file;
  if (typeof text !== 'string' || text.length > MAX_RUNNER_BUNDLE_CHARS) fail('IMPORT_NOT_A_BACKUP', `${name} is too large to be a backup file`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('IMPORT_NOT_A_BACKUP', `${name} is not a backup file: it is not JSON. Choose ${WHAT_IS_WANTED}.`);
  }
  if (Array.isArray(json) && json.length > 0 && json.every((e) => isObject(e) && 'deposit_data_root' in e && 'pubkey' in e)) return { kind: 'deposit data', name };
  if (isObject(json)) {
    if (json.format === RUNNER_BUNDLE_FORMAT) return { kind: 'runner bundle', name, bundle: decode(name, 'runner bundle', () => decodeRunnerBundleJson(json)) };
    if (json.format === CLUSTER_LOCK_FORMAT) return { kind: 'cluster lock', name, lock: decode(name, 'cluster lock', () => decodeClusterLock(json)) };
    if (json.format === CEREMONY_FORMAT) return { kind: 'ceremony record', name };
    if ('crypto' in json && 'version' in json) return { kind: 'keystore', name, keystore: decode(name, 'keystore', () => parseKeystore(json)) };
    if ('metadata' in json && 'data' in json) return { kind: 'slashing protection', name, protection: decode(name, 'slashing protection', () => decodeSlashingProtection(json)) };
  }
  return fail('IMPORT_NOT_A_BACKUP', `${name} is not a backup file of this app. Choose ${WHAT_IS_WANTED}.`);
}

type Of<K extends ReadFile['kind']> = Extract<ReadFile, { kind: K }>;
const ofKind = <K extends ReadFile['kind']>(reads: ReadFile[], kind: K) => reads.filter((r): r is Of<K> => r.kind === kind);

/** The one cluster lock of the files (all copies equal), and at most one slashing-protection file. */
function lockAndProtection(reads: ReadFile[]): { lock: ClusterLock; lockName: string; protection: SlashingProtection | undefined } {
  const locks = ofKind(reads, 'cluster lock');
  const protections = ofKind(reads, 'slashing protection');
  if (ofKind(reads, 'keystore').length === 0) fail('IMPORT_INCOMPLETE', `No keystore among the files: choose ${WHAT_IS_WANTED}.`);
  if (locks.length === 0) fail('IMPORT_INCOMPLETE', 'cluster-lock.json is missing: choose it together with the keystore(s) (it says which validator and which share each keystore is).');
  const lock = locks[0]!.lock;
  if (locks.some((l) => l.lock.configHash !== lock.configHash || JSON.stringify(l.lock) !== JSON.stringify(lock))) {
    fail('IMPORT_INCOMPLETE', `The files hold different cluster locks (${locks.map((l) => l.name).join(', ')}): choose the one of this ceremony.`);
  }
  if (protections.length > 1) fail('IMPORT_INCOMPLETE', `Choose at most one slashing-protection file (${protections.map((p) => p.name).join(', ')}).`);
  return { lock, lockName: locks[0]!.name, protection: protections[0]?.protection };
}

/** Which validator v and which share index each keystore is, by its public key. */
function placeKeystores(keystores: Of<'keystore'>[], lock: ClusterLock, lockName: string) {
  return keystores.map((k) => {
    if (k.keystore.pubkey === undefined) return fail('IMPORT_MISMATCH', `${k.name} does not say its public key, so it cannot be matched with the cluster lock.`);
    const key = `0x${k.keystore.pubkey}`;
    for (const [v, val] of lock.validators.entries()) {
      const m = val.publicShares.indexOf(key);
      if (m >= 0) return { ...k, v, index: m + 1 };
    }
    return fail('IMPORT_MISMATCH', `${k.name} holds the share ${shortKey(key)}, which is not a public share in ${lockName}: the keystore and the cluster lock are from different ceremonies.`);
  });
}

/** The runner bundle the keystore(s) and the cluster lock make (built as a value), with each keystore's file name. */
export function bundleFromBackupFiles(reads: ReadFile[], now: number): { bundle: RunnerBundle; labels: string[] } {
  const { lock, lockName, protection } = lockAndProtection(reads);
  const placed = placeKeystores(ofKind(reads, 'keystore'), lock, lockName);
  const indices = [...new Set(placed.map((p) => p.index))];
  if (indices.length > 1) {
    fail('IMPORT_INCOMPLETE', `The keystores are shares of different operators (${placed.map((p) => `${p.name}: operator ${p.index}`).join(', ')}): import one operator's keystores at a time.`);
  }
  const index = indices[0]!;
  const labels: string[] = [];
  const chosen: Keystore[] = [];
  for (let v = 0; v < lock.validators.length; v++) {
    const mine = placed.filter((p) => p.v === v);
    if (mine.length === 0) {
      fail('IMPORT_INCOMPLETE', `The keystore of validator ${v} (${keystoreName(v, index)}) is missing: the cluster has ${lock.validators.length} validators and each needs its keystore.`);
    }
    if (mine.length > 1) fail('IMPORT_INCOMPLETE', `Two keystores for validator ${v} (${mine.map((p) => p.name).join(', ')}): choose one.`);
    labels.push(mine[0]!.name);
    chosen.push(mine[0]!.keystore);
  }
  const sp = protection ?? emptySlashingProtection(getNetwork(lock.definition.network.name).genesisValidatorsRoot);
  return { bundle: runnerBundle(lock, index, chosen, sp, now), labels };
}
