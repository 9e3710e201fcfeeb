/**
 * The public list of this browser's ceremonies ("My validators"): definition, own index, phase, public keys,
 * whether the backup was confirmed, and shares imported from a backup. Nothing secret is here (the seed and shares
 * are in the encrypted store).
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { ImportedEntry } from '../../src/app/backup/index.js';
import { joinLink } from '../../src/app/joinLink.js';
import { storageName } from '../../src/app/storageNames.js';
import { parseVaultTerms, withVaultTerms } from '../../src/app/vaultTerms.js';
import { deleteIdbNamespace } from '../../src/adapters/idb/index.js';
import { parseDefinition } from '../../src/core/dkg/definition.js';

/** A ceremony of this browser, or a share imported from a backup: the public fields they share are `ImportedEntry`'s. */
export interface SavedCeremony extends Omit<ImportedEntry, 'phase' | 'backedUp' | 'imported'> {
  /** `${configHash}-${index}` */
  id: string;
  phase: string;
  backedUp: boolean;
  updatedAt: number;
  /**
   * Set for a share imported from a backup (phase 'imported'): the SecretStore namespace holding it encrypted
   * (src/app/backup/importedShare.ts), what it was imported from, and when (unix seconds). Absent for this browser's
   * ceremonies, whose namespace is `ceremony-<configHash>-<index>`.
   */
  imported?: ImportedEntry['imported'];
  /** The vault terms of the join link (`v`), so that reopening the ceremony shows its vault again. */
  vaultTerms?: string;
}

let db: Promise<IDBPDatabase> | undefined;
const open = () =>
  (db ??= openDB('shared-validator-registry', 1, {
    upgrade(database) {
      database.createObjectStore('ceremonies', { keyPath: 'id' });
    },
  }));

export async function saveCeremony(entry: Omit<SavedCeremony, 'id' | 'updatedAt'>): Promise<void> {
  await (await open()).put('ceremonies', { ...entry, id: storageName('registryId', entry.configHash, entry.index), updatedAt: Date.now() });
}

export async function updateCeremony(configHash: string, index: number, change: Partial<SavedCeremony>): Promise<void> {
  const database = await open();
  const id = storageName('registryId', configHash, index);
  const entry = (await database.get('ceremonies', id)) as SavedCeremony | undefined;
  if (entry) await database.put('ceremonies', { ...entry, ...change, id, updatedAt: Date.now() });
}

export async function listCeremonies(): Promise<SavedCeremony[]> {
  const all = (await (await open()).getAll('ceremonies')) as SavedCeremony[];
  return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function findCeremony(configHash: string, index: number): Promise<SavedCeremony | undefined> {
  return (await (await open()).get('ceremonies', storageName('registryId', configHash, index))) as SavedCeremony | undefined;
}

export async function forgetCeremony(configHash: string, index: number): Promise<void> {
  await (await open()).delete('ceremonies', storageName('registryId', configHash, index));
}

/** The SecretStore namespace holding a saved ceremony's (or imported share's) secrets. */
export function secretsNamespace(c: SavedCeremony): string {
  return c.imported?.namespace ?? storageName('ceremonyStore', c.configHash, c.index);
}

/** Delete a saved ceremony for good: its encrypted secrets, then its listing. */
export async function deleteSaved(c: SavedCeremony): Promise<void> {
  await deleteIdbNamespace(secretsNamespace(c));
  await forgetCeremony(c.configHash, c.index);
}

/** The join link that reopens a saved ceremony at `baseUrl` (with its vault terms, when it had some). */
export function reopenLink(c: SavedCeremony, baseUrl: string): string {
  const link = joinLink(baseUrl, parseDefinition(c.definition));
  return c.vaultTerms ? withVaultTerms(link, parseVaultTerms(c.vaultTerms)) : link;
}
