/** Use-case: write an imported share out again as a runner bundle, its keystores encrypted afresh. */
import { bytesToHex, hexToBytes, type RandomBytes } from '../../core/bytes.js';
import { encodeRunnerBundle, runnerBundle, runnerBundleName } from '../../core/formats/index.js';
import { encryptKeystore, type KdfName, type Keystore } from '../../core/keystore/index.js';
import type { OutputFile } from '../exportParticipantOutputs.js';
import type { StoredImport } from './importedShare.js';

/**
 * The runner bundle of a stored import, its keystores encrypted afresh under `password` (scrypt by default; the KDF
 * is slow: `onProgress` gets 0..1). `now` (unix seconds) is its createdAt. The bundle is built as a value and made
 * text once. Wipes `stored.shares` when done.
 */
export async function exportRunnerBundle(
  stored: StoredImport,
  opts: { password: string; randomBytes: RandomBytes; now: number; kdf?: KdfName; kdfParams?: { n?: number; r?: number; p?: number; c?: number }; onProgress?: (fraction: number) => void },
): Promise<OutputFile> {
  const { clusterLock: lock, index, shares } = stored;
  try {
    const keystores: Keystore[] = [];
    for (const [v, secret] of shares.entries()) {
      keystores.push(
        await encryptKeystore(secret, opts.password, {
          randomBytes: opts.randomBytes,
          kdf: opts.kdf ?? 'scrypt',
          ...(opts.kdfParams ? { kdfParams: opts.kdfParams } : {}),
          description: `Shared Validator share ${index} of validator ${v} (${bytesToHex(hexToBytes(lock.validators[v]!.publicKey)).slice(0, 12)}…)`,
          onProgress: opts.onProgress && ((f) => opts.onProgress!((v + f) / shares.length)),
        }),
      );
    }
    const content = encodeRunnerBundle(runnerBundle(lock, index, keystores, stored.slashingProtection, opts.now));
    return { name: runnerBundleName(index), content, secret: true };
  } finally {
    for (const s of shares) s.fill(0);
  }
}
