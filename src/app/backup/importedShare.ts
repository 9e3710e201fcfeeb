/**
 * Use-case, step 3 of importing a backup: keep the opened share(s) in a SecretStore namespace of their own
 * (`importNamespace`) with the public cluster lock and slashing-protection file (`storeImport`), list it
 * (`importedEntry`, public data only), and read it back checked (`loadImport`).
 */
import { isSvError } from '../../core/errors.js';
import { secretToPublicKey } from '../../core/bls/index.js';
import { getNetwork } from '../../core/eth/networks.js';
import { decodeClusterLock, decodeSlashingProtection, type ClusterLock, type SlashingProtection } from '../../core/formats/index.js';
import { toHex0x } from '../../core/wire/fields.js';
import type { SecretStore } from '../../ports/secretStore.js';
import { storageName } from '../storageNames.js';
import { fail } from './backupImportError.js';
import type { DecryptedImport } from './decryptImport.js';
import { summarizeImport, type ImportCandidate, type ImportSource } from './prepareImport.js';
import { isObject } from './readBackupFiles.js';

/** The format of the record that holds an imported share's public context in the SecretStore. */
export const IMPORTED_SHARE_FORMAT = 'sv-imported-share/1';
/** The record of the public context (cluster lock, slashing protection, index). */
export const IMPORT_RECORD = 'imported';
/** The record of the secret share of validator v (32 bytes, the BLS secret key). */
export const shareRecord = (v: number): string => `share/${v}`;

/** The SecretStore namespace of an imported share (configHash as 64 hex digits without 0x). */
export function importNamespace(configHash: string, index: number): string {
  return storageName('importStore', configHash, index);
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

/** The stored record's public context, decoded once (IMPORT_BAD_RECORD when it does not). */
async function loadRecord(store: SecretStore): Promise<{ index: number; clusterLock: ClusterLock; slashingProtection: SlashingProtection }> {
  const raw = await store.get(IMPORT_RECORD);
  if (raw === undefined) return fail('IMPORT_BAD_RECORD', 'This browser holds no imported share here.');
  let record: unknown;
  try {
    record = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    return fail('IMPORT_BAD_RECORD', 'The stored import does not decode.');
  }
  if (!isObject(record) || record.format !== IMPORTED_SHARE_FORMAT) return fail('IMPORT_BAD_RECORD', `The stored import is not an ${IMPORTED_SHARE_FORMAT} record.`);
  let clusterLock: ClusterLock, slashingProtection: SlashingProtection;
  try {
    clusterLock = decodeClusterLock(record.clusterLock);
    const genesisValidatorsRoot = getNetwork(clusterLock.definition.network.name).genesisValidatorsRoot;
    slashingProtection = decodeSlashingProtection(record.slashingProtection, { genesisValidatorsRoot });
  } catch (e) {
    if (!isSvError(e)) throw e;
    return fail('IMPORT_BAD_RECORD', `The stored import is damaged: ${e.message}.`);
  }
  const index = record.index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || index > clusterLock.operators.length) return fail('IMPORT_BAD_RECORD', 'The stored import names no valid share index.');
  return { index, clusterLock, slashingProtection };
}

/** True when `share` is a valid 32-byte secret whose public key is `publicShare`. */
function isShareOf(share: Uint8Array | undefined, publicShare: string | undefined): boolean {
  if (share === undefined || share.length !== 32) return false;
  try {
    return toHex0x(secretToPublicKey(share)) === publicShare;
  } catch (e) {
    if (!isSvError(e)) throw e;
    return false;
  }
}

/**
 * Read an import back from `store`, checking it: the record decodes, and every share is a valid secret whose
 * public key is the lock's share. Throws `BackupImportError(IMPORT_BAD_RECORD)` otherwise.
 */
export async function loadImport(store: SecretStore): Promise<StoredImport> {
  const { index, clusterLock, slashingProtection } = await loadRecord(store);
  const shares: Uint8Array[] = [];
  for (const [v, val] of clusterLock.validators.entries()) {
    const share = await store.get(shareRecord(v));
    if (!isShareOf(share, val.publicShares[index - 1])) {
      for (const s of shares) s.fill(0);
      share?.fill(0);
      return fail('IMPORT_BAD_RECORD', `The stored share of validator ${v} is missing or is not share ${index} of the cluster lock.`);
    }
    shares.push(share!);
  }
  return { index, clusterLock, slashingProtection, shares };
}
