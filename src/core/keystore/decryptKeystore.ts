/**
 * EIP-2335 §Specification: decrypt a keystore: derive the key, verify the password, decrypt the secret, and check
 * that the secret is a BLS secret key whose public key is the keystore's `pubkey`.
 */
import { bytesToHex, hexToBytes } from '../bytes.js';
import { SvError, isSvError } from '../errors.js';
import { decodeSecretKey, secretToPublicKey } from '../bls/index.js';
import { aes128Ctr, computeChecksum, equalBytesConstantTime } from './cipher.js';
import { deriveKey } from './deriveKey.js';
import { parseKeystore } from './parseKeystore.js';
import { normalizePassword } from './password.js';
import type { ProgressCallback } from './types.js';

/** Options of `decryptKeystore`. */
export interface DecryptKeystoreOptions {
  /** Key-derivation progress, 0..1. */
  onProgress?: ProgressCallback;
}

/** Throw `KEYSTORE_BAD_SECRET` unless `secret` is a valid BLS secret key (0 < x < r). */
export function checkKeystoreSecret(secret: Uint8Array): void {
  try {
    decodeSecretKey(secret);
  } catch (e) {
    if (!isSvError(e)) throw e;
    throw new SvError('KEYSTORE_BAD_SECRET', `the secret is not a valid BLS secret key (${e.code})`);
  }
}

/**
 * Decrypt an EIP-2335 keystore (the parsed JSON, validated here with `parseKeystore`) and return the 32-byte
 * BLS secret key. Throws `KEYSTORE_BAD_PASSWORD` when the checksum does not match (wrong password or a
 * corrupted file), `KEYSTORE_BAD_SECRET` when the secret is not a valid key or does not match `pubkey`, and the
 * `parseKeystore` codes for a malformed file.
 */
export async function decryptKeystore(keystore: unknown, password: string, opts: DecryptKeystoreOptions = {}): Promise<Uint8Array> {
  const ks = parseKeystore(keystore);
  const { kdf, checksum, cipher } = ks.crypto;
  const pw = normalizePassword(password);
  const dk = await deriveKey(kdf, pw, opts.onProgress);
  pw.fill(0);
  try {
    const cipherMessage = hexToBytes(cipher.message, 'KEYSTORE_BAD_FORMAT');
    // EIP-2335 §Password verification
    if (!equalBytesConstantTime(computeChecksum(dk, cipherMessage), hexToBytes(checksum.message, 'KEYSTORE_BAD_FORMAT'))) {
      throw new SvError('KEYSTORE_BAD_PASSWORD', 'wrong password (or the keystore file is corrupted): its checksum does not match');
    }
    // EIP-2335 §Secret decryption
    const secret = aes128Ctr(dk, hexToBytes(cipher.params.iv, 'KEYSTORE_BAD_FORMAT'), cipherMessage);
    checkKeystoreSecret(secret);
    if (ks.pubkey !== undefined && bytesToHex(secretToPublicKey(secret)) !== ks.pubkey) {
      secret.fill(0);
      throw new SvError('KEYSTORE_BAD_SECRET', 'the decrypted secret key does not match the keystore pubkey');
    }
    return secret;
  } finally {
    dk.fill(0);
  }
}
