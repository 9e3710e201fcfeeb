/** Use-case, step 2 of importing a backup: open the candidate's keystore(s) with the password. */
import { isSvError } from '../../core/errors.js';
import { decryptKeystore } from '../../core/keystore/index.js';
import { fail } from './backupImportError.js';
import type { ImportCandidate } from './prepareImport.js';

/** A candidate whose keystores opened: `shares[v]` is the 32-byte secret of this participant's share of v. */
export interface DecryptedImport {
  candidate: ImportCandidate;
  shares: Uint8Array[];
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
