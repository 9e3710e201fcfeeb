/**
 * EIP-2335 §Password verification and §Secret decryption: the checksum and the AES-128-CTR cipher, both keyed by
 * halves of the 32-byte decryption key DK.
 */
import { ctr } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes.js';

/** EIP-2335 §Password verification: checksum = SHA-256(DK[16..32] || cipher message). */
export function computeChecksum(decryptionKey: Uint8Array, cipherMessage: Uint8Array): Uint8Array {
  return sha256(concatBytes(decryptionKey.subarray(16, 32), cipherMessage));
}

/** EIP-2335 §Secret decryption: AES-128-CTR under DK[0..16] (encryption and decryption are the same operation). */
export function aes128Ctr(decryptionKey: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return ctr(decryptionKey.slice(0, 16), iv).encrypt(data);
}

/** Equality that does not stop at the first differing byte (the checksum compare). */
export function equalBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
