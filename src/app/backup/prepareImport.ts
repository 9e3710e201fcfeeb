/**
 * Use-case, step 1 of importing a backup into "My validators": read the chosen files (a runner bundle, or the share
 * keystore(s) with `cluster-lock.json` and optionally `slashing-protection.json`), assemble the runner bundle they
 * make, run every check of `checkRunnerBundle` (the lock holds together, each keystore is for the lock's public
 * share) and refuse a share already held. Nothing secret is touched yet. Then `decryptImport` opens the keystores,
 * `storeImport` keeps them (importedShare.ts), and `exportRunnerBundle` writes them out again.
 *
 * Every refusal is a `BackupImportError` whose message says in words what is wrong with which file.
 */
import { checkRunnerBundle, type RunnerBundle } from '../../core/formats/index.js';
import { fail } from './backupImportError.js';
import { bundleFromBackupFiles, readBackupFile, WHAT_IS_WANTED, type BackupFile, type BackupFileKind } from './readBackupFiles.js';

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

/** Asks whether this browser already holds share `index` of the ceremony `configHash` (64 hex digits). */
export type AlreadyHeld = (configHash: string, index: number) => boolean | Promise<boolean>;

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
 * The candidate the files make: one runner bundle as given, or the one assembled from keystore(s) and lock; `what`
 * names it in messages.
 */
function candidateOf(files: readonly BackupFile[], now: number): { candidate: ImportCandidate; what: string } {
  const reads = files.map(readBackupFile);
  const bundles = reads.filter((r) => r.kind === 'runner bundle');
  if (bundles.length > 1) fail('IMPORT_INCOMPLETE', `Choose one runner bundle at a time (${bundles.map((b) => b.name).join(', ')}).`);
  const b = bundles[0];
  if (b) {
    const candidate: ImportCandidate = {
      source: 'runner-bundle',
      bundle: b.bundle,
      keystoreLabels: b.bundle.keystores.map((_, v) => `the keystore of validator ${v} in ${b.name}`),
      ignored: reads.filter((r) => r !== b).map((r) => ({ name: r.name, kind: r.kind })),
    };
    return { candidate, what: `${b.name} does` };
  }
  const ignored = reads.filter((r) => r.kind === 'ceremony record' || r.kind === 'deposit data');
  if (ignored.length === reads.length) fail('IMPORT_INCOMPLETE', `These files hold no key share: choose ${WHAT_IS_WANTED}.`);
  const { bundle, labels } = bundleFromBackupFiles(reads, now);
  const candidate: ImportCandidate = { source: 'backup-files', bundle, keystoreLabels: labels, ignored: ignored.map((r) => ({ name: r.name, kind: r.kind })) };
  return { candidate, what: 'The keystore(s) and cluster-lock.json do' };
}

/**
 * Read the chosen files and check what they make, without a password: one runner bundle, or the keystore(s) with
 * cluster-lock.json (and optionally slashing-protection.json). Runs every check of `checkRunnerBundle`, then asks
 * `alreadyHeld(configHash, index)` whether this browser holds that share already. `now` (unix seconds) dates a
 * bundle assembled from separate files. Throws `BackupImportError`.
 */
export async function prepareImport(files: readonly BackupFile[], opts: { now: number; alreadyHeld?: AlreadyHeld }): Promise<ImportCandidate> {
  if (files.length === 0) fail('IMPORT_NO_FILE', `Choose ${WHAT_IS_WANTED}.`);
  const { candidate, what } = candidateOf(files, opts.now);
  const failed = (await checkRunnerBundle(candidate.bundle)).filter((c) => !c.ok);
  if (failed.length > 0) {
    const words = failed.map((c) => `${c.validator === null ? '' : `validator ${c.validator}: `}${c.message}`).join('; ');
    const mismatch = failed.some((c) => c.name === 'keystore' || c.name === 'public-share');
    fail(mismatch ? 'IMPORT_MISMATCH' : 'IMPORT_INCONSISTENT', `${what} not ${mismatch ? 'match the cluster lock' : 'hold together'}: ${words}.`);
  }
  if (opts.alreadyHeld) await refuseHeldShare(candidate, opts.alreadyHeld);
  return candidate;
}

/**
 * Throws IMPORT_DUPLICATE when `alreadyHeld` says this browser holds the candidate's share. Asked when the files are
 * read and again right before storing (another tab may have imported it meanwhile).
 */
export async function refuseHeldShare(candidate: ImportCandidate, alreadyHeld: AlreadyHeld): Promise<void> {
  const summary = summarizeImport(candidate);
  if (await alreadyHeld(summary.configHash, summary.index)) {
    fail('IMPORT_DUPLICATE', `This browser already holds this share (operator ${summary.index} of "${summary.name}"): it is in the list above.`);
  }
}
