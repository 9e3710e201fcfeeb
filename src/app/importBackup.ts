/**
 * Importing a backup into "My validators": a runner bundle (`sv-runner-bundle/1`, the one file the app and
 * `sv ceremony join` write), or the backup files (the share keystore(s) `keystore-<v>-<index>.json` with the
 * public `cluster-lock.json`, optionally `slashing-protection.json`; `ceremony.json` and deposit data are
 * recognised and left aside). Pure use-case logic: files and passwords in, checked values out; where the shares
 * are kept is the SecretStore the caller passes.
 *
 * 1. `prepareImport` reads and classifies the files, assembles the runner bundle they make, runs every check of
 *    `checkRunnerBundle` (the lock holds together, each keystore is for the lock's public share) and refuses a
 *    share already held. Nothing secret is touched yet.
 * 2. `decryptImport` opens the keystore(s) with the password (the slow KDF reports progress) and checks that
 *    each secret's public key is the lock's public share.
 * 3. `storeImport` seals the shares in a SecretStore namespace of their own (`importNamespace`), with the public
 *    cluster lock and slashing-protection file; `importedEntry` is the public summary for the registry.
 * 4. `loadImport` and `exportRunnerBundle` re-assemble a runner bundle from the stored shares under a keystore
 *    password the user chooses.
 *
 * Every refusal is a `BackupImportError` whose message says in words what is wrong with which file.
 */
import { toHex0x } from '../core/wire/fields.js';
import { bytesToHex, hexToBytes, type RandomBytes } from '../core/bytes.js';
import { isSvError } from '../core/errors.js';
import { secretToPublicKey } from '../core/bls/index.js';
import { CEREMONY_FORMAT } from '../core/dkg/ceremonyFile.js';
import { getNetwork } from '../core/eth/networks.js';
import { decryptKeystore, encryptKeystore, formatKeystore, parseKeystore, type KdfName, type Keystore } from '../core/keystore/index.js';
import type { SecretStore } from '../ports/secretStore.js';
import { CLUSTER_LOCK_FORMAT, type OutputFile } from './ceremonyOutputs.js';
import {
  checkRunnerBundle,
  keystoreName,
  parseClusterLock,
  parseRunnerBundle,
  parseRunnerBundleJson,
  parseSlashingProtection,
  runnerBundleFile,
  shortKey,
  MAX_RUNNER_BUNDLE_CHARS,
  RUNNER_BUNDLE_FORMAT,
  type ClusterLock,
  type RunnerBundle,
  type SlashingProtection,
} from './runnerBundle.js';

/** The format of the record that holds an imported share's public context in the SecretStore. */
export const IMPORTED_SHARE_FORMAT = 'sv-imported-share/1';
/** The record of the public context (cluster lock, slashing protection, index). */
export const IMPORT_RECORD = 'imported';
/** The record of the secret share of validator v (32 bytes, the BLS secret key). */
export const shareRecord = (v: number): string => `share/${v}`;

/** The SecretStore namespace of an imported share (configHash as 64 hex digits without 0x). */
export function importNamespace(configHash: string, index: number): string {
  return `imported-${configHash}-${index}`;
}

export type BackupImportErrorCode =
  | 'IMPORT_NO_FILE' // nothing chosen
  | 'IMPORT_NOT_A_BACKUP' // a file that is none of the backup files (not JSON, other JSON, too large)
  | 'IMPORT_DAMAGED' // a backup file of a known kind that does not decode (a field is wrong)
  | 'IMPORT_INCOMPLETE' // the files lack a part (the lock, a validator's keystore) or mix operators or ceremonies
  | 'IMPORT_INCONSISTENT' // the lock or the bundle does not hold together (a check of checkRunnerBundle fails)
  | 'IMPORT_MISMATCH' // a keystore's share is not the cluster lock's public share
  | 'IMPORT_BAD_PASSWORD' // the keystore does not open with the password
  | 'IMPORT_DUPLICATE' // this browser already holds this share
  | 'IMPORT_BAD_RECORD'; // the stored import does not decode or its share does not match (storage altered)

/** A refused import: `message` says in words what is wrong and with which file. */
export class BackupImportError extends Error {
  readonly code: BackupImportErrorCode;
  constructor(code: BackupImportErrorCode, message: string) {
    super(message);
    this.name = 'BackupImportError';
    this.code = code;
  }
}

function fail(code: BackupImportErrorCode, message: string): never {
  throw new BackupImportError(code, message);
}

/** One chosen file: its name (for messages) and its text. */
export interface BackupFile {
  name: string;
  text: string;
}

/** What a chosen file turned out to be. */
export type BackupFileKind = 'runner bundle' | 'keystore' | 'cluster lock' | 'slashing protection' | 'ceremony record' | 'deposit data';

/** Where an import came from. */
export type ImportSource = 'runner-bundle' | 'backup-files';

/** A checked import, not yet decrypted: nothing secret in it (the keystores are encrypted). */
export interface ImportCandidate {
  source: ImportSource;
  /** The runner bundle the files make: as given, or assembled from the keystore(s) and the lock. */
  bundle: RunnerBundle;
  /** For messages: what keystore v is called ("keystore-0-2.json", "the keystore of validator 0 in …"). */
  keystoreLabels: string[];
  /** Files read but not needed (the public ceremony record, deposit data, parts a runner bundle already holds). */
  ignored: { name: string; kind: BackupFileKind }[];
}

/** A public summary of a candidate, for the page. */
export interface ImportSummary {
  source: ImportSource;
  /** 64 hex digits, no 0x (as the registry and the store namespaces name ceremonies). */
  configHash: string;
  index: number;
  operator: string;
  name: string;
  network: string;
  threshold: number;
  operators: number;
  /** Group keys pk_v (0x). */
  publicKeys: string[];
  ignored: { name: string; kind: BackupFileKind }[];
}

/** A candidate whose keystores opened: `shares[v]` is the 32-byte secret of this participant's share of v. */
export interface DecryptedImport {
  candidate: ImportCandidate;
  shares: Uint8Array[];
}

/** What the registry lists for an imported share (public data only). */
export interface ImportedEntry {
  configHash: string;
  index: number;
  address: string;
  name: string;
  network: string;
  definition: unknown;
  phase: 'imported';
  publicKeys: string[];
  backedUp: true;
  imported: { namespace: string; source: ImportSource; importedAt: number };
}

/** An imported share as stored: the public context and the secrets. */
export interface StoredImport {
  index: number;
  clusterLock: ClusterLock;
  slashingProtection: SlashingProtection;
  shares: Uint8Array[];
}

// ---- reading the files ---------------------------------------------------------------------------------------

type Read =
  | { kind: 'runner bundle'; name: string; bundle: RunnerBundle }
  | { kind: 'keystore'; name: string; keystore: Keystore }
  | { kind: 'cluster lock'; name: string; lock: ClusterLock }
  | { kind: 'slashing protection'; name: string; protection: SlashingProtection }
  | { kind: 'ceremony record' | 'deposit data'; name: string };

const WHAT_IS_WANTED = 'a runner bundle (runner-bundle-<n>.json), or the keystore(s) keystore-<v>-<n>.json with cluster-lock.json';

/** Decode one part with a decoder of runnerBundle.ts / the keystore module; its coded error becomes words. */
function decode<T>(name: string, kind: BackupFileKind, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isSvError(e)) throw e;
    return fail('IMPORT_DAMAGED', `${name} looks like a ${kind} but is damaged: ${e.message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readFile(file: BackupFile): Read {
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
    if (json.format === RUNNER_BUNDLE_FORMAT) return { kind: 'runner bundle', name, bundle: decode(name, 'runner bundle', () => parseRunnerBundleJson(json)) };
    if (json.format === CLUSTER_LOCK_FORMAT) return { kind: 'cluster lock', name, lock: decode(name, 'cluster lock', () => parseClusterLock(json)) };
    if (json.format === CEREMONY_FORMAT) return { kind: 'ceremony record', name };
    if ('crypto' in json && 'version' in json) return { kind: 'keystore', name, keystore: decode(name, 'keystore', () => parseKeystore(json)) };
    if ('metadata' in json && 'data' in json) return { kind: 'slashing protection', name, protection: decode(name, 'slashing protection', () => parseSlashingProtection(json)) };
  }
  return fail('IMPORT_NOT_A_BACKUP', `${name} is not a backup file of this app. Choose ${WHAT_IS_WANTED}.`);
}

/** The runner bundle the keystore(s) and the cluster lock make, with the index the keystores' shares have. */
function fromBackupFiles(reads: Read[], now: number): { bundle: RunnerBundle; labels: string[] } {
  const locks = reads.filter((r) => r.kind === 'cluster lock');
  const keystores = reads.filter((r) => r.kind === 'keystore');
  const protections = reads.filter((r) => r.kind === 'slashing protection');
  if (keystores.length === 0) fail('IMPORT_INCOMPLETE', `No keystore among the files: choose ${WHAT_IS_WANTED}.`);
  if (locks.length === 0) fail('IMPORT_INCOMPLETE', 'cluster-lock.json is missing: choose it together with the keystore(s) (it says which validator and which share each keystore is).');
  const lock = locks[0]!.lock;
  if (locks.some((l) => l.lock.configHash !== lock.configHash || JSON.stringify(l.lock) !== JSON.stringify(lock))) {
    fail('IMPORT_INCOMPLETE', `The files hold different cluster locks (${locks.map((l) => l.name).join(', ')}): choose the one of this ceremony.`);
  }
  if (protections.length > 1) fail('IMPORT_INCOMPLETE', `Choose at most one slashing-protection file (${protections.map((p) => p.name).join(', ')}).`);

  // Which share of which validator each keystore is, by its public key.
  const placed = keystores.map((k) => {
    if (k.keystore.pubkey === undefined) return fail('IMPORT_MISMATCH', `${k.name} does not say its public key, so it cannot be matched with the cluster lock.`);
    const key = `0x${k.keystore.pubkey}`;
    for (const [v, val] of lock.validators.entries()) {
      const m = val.publicShares.indexOf(key);
      if (m >= 0) return { ...k, v, index: m + 1 };
    }
    return fail(
      'IMPORT_MISMATCH',
      `${k.name} holds the share ${shortKey(key)}, which is not a public share in ${locks[0]!.name}: the keystore and the cluster lock are from different ceremonies.`,
    );
  });
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
  const gvr = toHex0x(getNetwork(lock.definition.network.name).genesisValidatorsRoot);
  const protection: SlashingProtection = protections[0]?.protection ?? { metadata: { interchange_format_version: '5', genesis_validators_root: gvr }, data: [] };
  // runnerBundleFile writes the very bundle the app would; parsing it back gives the checked shape.
  const file = runnerBundleFile(lock, index, chosen, protection, now);
  return { bundle: parseRunnerBundle(file.content), labels };
}

/** A summary of a candidate for the page (public data). */
export function summarizeImport(candidate: ImportCandidate): ImportSummary {
  const { manifest: m, clusterLock: lock } = candidate.bundle;
  return {
    source: candidate.source,
    configHash: m.configHash.slice(2),
    index: m.index,
    operator: m.operator,
    name: lock.definition.name,
    network: m.network,
    threshold: m.threshold,
    operators: m.operators,
    publicKeys: lock.validators.map((v) => v.publicKey),
    ignored: candidate.ignored,
  };
}

/**
 * Read the chosen files and check what they make, without a password: one runner bundle, or the keystore(s) with
 * cluster-lock.json (and optionally slashing-protection.json). Runs every check of `checkRunnerBundle`, then asks
 * `alreadyHeld(configHash, index)` (configHash as 64 hex digits) whether this browser holds that share already.
 * `now` (unix seconds) dates a bundle assembled from separate files. Throws `BackupImportError`.
 */
export async function prepareImport(
  files: readonly BackupFile[],
  opts: { now: number; alreadyHeld?: Parameters<typeof refuseHeldShare>[1] },
): Promise<ImportCandidate> {
  if (files.length === 0) fail('IMPORT_NO_FILE', `Choose ${WHAT_IS_WANTED}.`);
  const reads = files.map(readFile);
  const bundles = reads.filter((r) => r.kind === 'runner bundle');
  if (bundles.length > 1) fail('IMPORT_INCOMPLETE', `Choose one runner bundle at a time (${bundles.map((b) => b.name).join(', ')}).`);

  let candidate: ImportCandidate;
  if (bundles.length === 1) {
    const b = bundles[0]!;
    candidate = {
      source: 'runner-bundle',
      bundle: b.bundle,
      keystoreLabels: b.bundle.keystores.map((_, v) => `the keystore of validator ${v} in ${b.name}`),
      ignored: reads.filter((r) => r !== b).map((r) => ({ name: r.name, kind: r.kind })),
    };
  } else {
    const ignored = reads.filter((r) => r.kind === 'ceremony record' || r.kind === 'deposit data');
    if (ignored.length === reads.length) fail('IMPORT_INCOMPLETE', `These files hold no key share: choose ${WHAT_IS_WANTED}.`);
    const { bundle, labels } = fromBackupFiles(reads, opts.now);
    candidate = { source: 'backup-files', bundle, keystoreLabels: labels, ignored: ignored.map((r) => ({ name: r.name, kind: r.kind })) };
  }

  const [what, does] = candidate.source === 'runner-bundle' ? [bundles[0]!.name, 'does'] : ['The keystore(s) and cluster-lock.json', 'do'];
  const failed = (await checkRunnerBundle(candidate.bundle)).filter((c) => !c.ok);
  if (failed.length > 0) {
    const words = failed.map((c) => `${c.validator === null ? '' : `validator ${c.validator}: `}${c.message}`).join('; ');
    const mismatch = failed.some((c) => c.name === 'keystore' || c.name === 'public-share');
    fail(mismatch ? 'IMPORT_MISMATCH' : 'IMPORT_INCONSISTENT', `${what} ${does} not ${mismatch ? 'match the cluster lock' : 'hold together'}: ${words}.`);
  }

  if (opts.alreadyHeld) await refuseHeldShare(candidate, opts.alreadyHeld);
  return candidate;
}

/**
 * Throws IMPORT_DUPLICATE when `alreadyHeld` says this browser holds the candidate's share. Asked when the files are
 * read and again right before storing (another tab may have imported it meanwhile).
 */
export async function refuseHeldShare(candidate: ImportCandidate, alreadyHeld: (configHash: string, index: number) => boolean | Promise<boolean>): Promise<void> {
  const summary = summarizeImport(candidate);
  if (await alreadyHeld(summary.configHash, summary.index)) {
    fail('IMPORT_DUPLICATE', `This browser already holds this share (operator ${summary.index} of "${summary.name}"): it is in the list above.`);
  }
}

/**
 * Open the candidate's keystore(s) with `password` (the KDF is slow: `onProgress` gets 0..1 over all of them).
 * Each secret is the lock's public share: decryptKeystore checks it against the keystore's pubkey, which
 * prepareImport matched with the share. Throws `BackupImportError`: IMPORT_BAD_PASSWORD for a wrong password,
 * IMPORT_MISMATCH when a keystore holds another key than its pubkey (so than the lock's share).
 */
export async function decryptImport(candidate: ImportCandidate, password: string, opts: { onProgress?: (fraction: number) => void } = {}): Promise<DecryptedImport> {
  if (typeof password !== 'string' || password === '') fail('IMPORT_BAD_PASSWORD', 'Enter the keystore password.');
  const { bundle, keystoreLabels } = candidate;
  const V = bundle.keystores.length;
  const shares: Uint8Array[] = [];
  try {
    for (const [v, ks] of bundle.keystores.entries()) {
      const label = keystoreLabels[v]!;
      let secret: Uint8Array;
      try {
        secret = await decryptKeystore(ks, password, { onProgress: opts.onProgress && ((f) => opts.onProgress!((v + f) / V)) });
      } catch (e) {
        if (!isSvError(e)) throw e;
        if (e.code === 'KEYSTORE_BAD_PASSWORD') return fail('IMPORT_BAD_PASSWORD', `Wrong password: ${label} does not open with it.`);
        if (e.code === 'KEYSTORE_BAD_SECRET') return fail('IMPORT_MISMATCH', `${label} does not hold the key it claims: ${e.message}.`);
        return fail('IMPORT_DAMAGED', `${label} does not decrypt: ${e.message}.`);
      }
      shares.push(secret);
    }
  } catch (e) {
    for (const s of shares) s.fill(0);
    throw e;
  }
  opts.onProgress?.(1);
  return { candidate, shares };
}

/** What the registry lists for an import (public data only). */
export function importedEntry(candidate: ImportCandidate, importedAt: number): ImportedEntry {
  const s = summarizeImport(candidate);
  return {
    configHash: s.configHash,
    index: s.index,
    address: s.operator,
    name: s.name,
    network: s.network,
    definition: candidate.bundle.clusterLock.definition,
    phase: 'imported',
    publicKeys: s.publicKeys,
    backedUp: true,
    imported: { namespace: importNamespace(s.configHash, s.index), source: s.source, importedAt },
  };
}

// ---- storing and re-exporting --------------------------------------------------------------------------------

/**
 * Put a decrypted import into `store` (the namespace `importNamespace(...)` of an encrypted SecretStore): each
 * share under `share/<v>`, then the public context under `imported` (last, so a complete record marks a complete
 * import). The caller wipes `decrypted.shares` afterwards.
 */
export async function storeImport(store: SecretStore, decrypted: DecryptedImport, importedAt: number): Promise<void> {
  const { bundle, source } = decrypted.candidate;
  for (const [v, share] of decrypted.shares.entries()) await store.put(shareRecord(v), share);
  const record = {
    format: IMPORTED_SHARE_FORMAT,
    index: bundle.manifest.index,
    source,
    importedAt,
    clusterLock: bundle.clusterLock,
    slashingProtection: bundle.slashingProtection,
  };
  await store.put(IMPORT_RECORD, new TextEncoder().encode(JSON.stringify(record)));
}

/**
 * Read an import back from `store`, checking it: the record decodes, and every share is a valid secret whose
 * public key is the lock's share. Throws `BackupImportError(IMPORT_BAD_RECORD)` otherwise.
 */
export async function loadImport(store: SecretStore): Promise<StoredImport> {
  const raw = await store.get(IMPORT_RECORD);
  if (raw === undefined) return fail('IMPORT_BAD_RECORD', 'This browser holds no imported share here.');
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as Record<string, unknown>;
  } catch {
    return fail('IMPORT_BAD_RECORD', 'The stored import does not decode.');
  }
  if (!isObject(record) || record.format !== IMPORTED_SHARE_FORMAT) return fail('IMPORT_BAD_RECORD', `The stored import is not an ${IMPORTED_SHARE_FORMAT} record.`);
  let clusterLock: ClusterLock, slashingProtection: SlashingProtection;
  try {
    clusterLock = parseClusterLock(record.clusterLock);
    slashingProtection = parseSlashingProtection(record.slashingProtection);
  } catch (e) {
    if (!isSvError(e)) throw e;
    return fail('IMPORT_BAD_RECORD', `The stored import is damaged: ${e.message}.`);
  }
  const index = record.index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || index > clusterLock.operators.length) return fail('IMPORT_BAD_RECORD', 'The stored import names no valid share index.');
  const shares: Uint8Array[] = [];
  for (const [v, val] of clusterLock.validators.entries()) {
    const share = await store.get(shareRecord(v));
    let ok = false;
    if (share !== undefined && share.length === 32) {
      try {
        ok = toHex0x(secretToPublicKey(share)) === val.publicShares[index - 1];
      } catch (e) {
        if (!isSvError(e)) throw e;
      }
    }
    if (!ok) {
      for (const s of shares) s.fill(0);
      share?.fill(0);
      return fail('IMPORT_BAD_RECORD', `The stored share of validator ${v} is missing or is not share ${index} of the cluster lock.`);
    }
    shares.push(share!);
  }
  return { index, clusterLock, slashingProtection, shares };
}

/**
 * The runner bundle of a stored import, its keystores encrypted afresh under `password` (scrypt by default; the KDF
 * is slow: `onProgress` gets 0..1). `now` (unix seconds) is its createdAt. Wipes `stored.shares` when done.
 */
export async function exportRunnerBundle(
  stored: StoredImport,
  opts: { password: string; randomBytes: RandomBytes; now: number; kdf?: KdfName; kdfParams?: { n?: number; r?: number; p?: number; c?: number }; onProgress?: (fraction: number) => void },
): Promise<OutputFile> {
  const { clusterLock: lock, index, shares } = stored;
  try {
    const keystores: unknown[] = [];
    for (const [v, secret] of shares.entries()) {
      const ks = await encryptKeystore(secret, opts.password, {
        randomBytes: opts.randomBytes,
        kdf: opts.kdf ?? 'scrypt',
        ...(opts.kdfParams ? { kdfParams: opts.kdfParams } : {}),
        description: `Shared Validator share ${index} of validator ${v} (${bytesToHex(hexToBytes(lock.validators[v]!.publicKey)).slice(0, 12)}…)`,
        onProgress: opts.onProgress && ((f) => opts.onProgress!((v + f) / shares.length)),
      });
      keystores.push(JSON.parse(formatKeystore(ks)));
    }
    return runnerBundleFile(lock, index, keystores, stored.slashingProtection, opts.now);
  } finally {
    for (const s of shares) s.fill(0);
  }
}
