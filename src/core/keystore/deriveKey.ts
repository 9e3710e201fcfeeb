/**
 * EIP-2335 §Decryption key: derive the 32-byte decryption key from the normalised password with the keystore's
 * kdf module. Both KDFs are asynchronous and yield to the host event loop, so a browser tab stays responsive,
 * and both report progress.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { asyncLoop } from '@noble/hashes/utils.js';
import { concatBytes, hexToBytes } from '../bytes.js';
import { DKLEN } from './kdfParams.js';
import type { KdfModule, ProgressCallback } from './types.js';

/** Longest stretch (ms) a derivation may block the event loop before yielding. */
const ASYNC_TICK_MS = 10;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) for one output block (dkLen ≤ 32), written out so it can report progress:
 * T1 = U1 ^ U2 ^ … ^ Uc, U1 = PRF(P, S || INT_32_BE(1)), Ui = PRF(P, U(i-1)).
 */
export async function pbkdf2Sha256Async(
  password: Uint8Array,
  salt: Uint8Array,
  c: number,
  dkLen: number,
  onProgress?: ProgressCallback,
): Promise<Uint8Array> {
  if (!Number.isSafeInteger(c) || c < 1) throw new RangeError('pbkdf2 c must be a positive integer');
  if (!Number.isSafeInteger(dkLen) || dkLen < 1 || dkLen > sha256.outputLen) throw new RangeError('pbkdf2 dkLen must be 1..32');
  const prf = hmac.create(sha256, password);
  let work = prf._cloneInto();
  const u = new Uint8Array(sha256.outputLen);
  const t = new Uint8Array(sha256.outputLen);
  work.update(concatBytes(salt, Uint8Array.of(0, 0, 0, 1))).digestInto(u);
  t.set(u);
  const step = Math.max(1, Math.floor(c / 1000));
  await asyncLoop(c - 1, ASYNC_TICK_MS, (i) => {
    work = prf._cloneInto(work);
    work.update(u).digestInto(u);
    for (let k = 0; k < t.length; k++) t[k] = (t[k] as number) ^ (u[k] as number);
    if (onProgress && (i + 2) % step === 0) onProgress((i + 2) / c);
  });
  prf.destroy();
  work.destroy();
  u.fill(0);
  const out = t.slice(0, dkLen);
  t.fill(0);
  return out;
}

/** The EIP-2335 decryption key (32 bytes) for a normalised password; calls `onProgress(1)` when done. */
export async function deriveKey(kdf: KdfModule, password: Uint8Array, onProgress?: ProgressCallback): Promise<Uint8Array> {
  const salt = hexToBytes(kdf.params.salt, 'KEYSTORE_BAD_FORMAT');
  let dk: Uint8Array;
  if (kdf.function === 'scrypt') {
    const { n, r, p } = kdf.params;
    // The bounds were checked by parseKeystore/encryptKeystore; lift noble's own cap to exactly what is needed.
    const maxmem = 128 * r * (n + p + 1);
    dk = await scryptAsync(password, salt, { N: n, r, p, dkLen: DKLEN, maxmem, asyncTick: ASYNC_TICK_MS, onProgress });
  } else {
    dk = await pbkdf2Sha256Async(password, salt, kdf.params.c, DKLEN, onProgress);
  }
  onProgress?.(1);
  return dk;
}
