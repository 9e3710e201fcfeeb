/**
 * EIP-2335: encrypt a BLS secret key into a version-4 keystore with fresh salt, iv and uuid from the injected
 * CSPRNG.
 */
import { bytesToHex, type RandomBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { SECRET_KEY_LENGTH, secretToPublicKey } from '../bls/index.js';
import { aes128Ctr, computeChecksum } from './cipher.js';
import { checkKeystoreSecret } from './decryptKeystore.js';
import { deriveKey } from './deriveKey.js';
import { DEFAULT_PBKDF2_C, DEFAULT_SCRYPT, DKLEN, checkPbkdf2Cost, checkScryptCost } from './kdfParams.js';
import { IV_LENGTH } from './parseKeystore.js';
import { normalizePassword } from './password.js';
import { uuidV4 } from './uuid.js';
import type { KdfModule, KdfName, Keystore, ProgressCallback } from './types.js';

/** Salt length we write (bytes), as staking-deposit-cli does. */
export const SALT_LENGTH = 32;

/** Options of `encryptKeystore`. */
export interface EncryptKeystoreOptions {
  /** The CSPRNG for salt, iv and uuid. */
  randomBytes: RandomBytes;
  /** Key derivation function; default scrypt (n = 2^18, r = 8, p = 1); pbkdf2 uses c = 2^18, hmac-sha256. */
  kdf?: KdfName;
  /** Cost overrides (bounded as when reading); meant for fast tests. n, r, p for scrypt; c for pbkdf2. */
  kdfParams?: { n?: number; r?: number; p?: number; c?: number };
  /** EIP-2334 derivation path of the key; default '' (unknown or not relevant). */
  path?: string;
  /** Free text; default ''. */
  description?: string;
  /** Key-derivation progress, 0..1. */
  onProgress?: ProgressCallback;
}

function random(randomBytes: RandomBytes, length: number): Uint8Array {
  const b = randomBytes(length);
  if (!(b instanceof Uint8Array) || b.length !== length) throw new RangeError(`randomBytes(${length}) returned the wrong length`);
  return Uint8Array.from(b);
}

function kdfModule(opts: EncryptKeystoreOptions, salt: string): KdfModule {
  const kdf = opts.kdf ?? 'scrypt';
  const o = opts.kdfParams ?? {};
  if (kdf === 'scrypt') {
    const { n, r, p } = checkScryptCost(o.n ?? DEFAULT_SCRYPT.n, o.r ?? DEFAULT_SCRYPT.r, o.p ?? DEFAULT_SCRYPT.p);
    return { function: 'scrypt', params: { dklen: DKLEN, n, r, p, salt }, message: '' };
  }
  if (kdf === 'pbkdf2') {
    const c = checkPbkdf2Cost(o.c ?? DEFAULT_PBKDF2_C);
    return { function: 'pbkdf2', params: { dklen: DKLEN, c, prf: 'hmac-sha256', salt }, message: '' };
  }
  throw new SvError('KEYSTORE_UNSUPPORTED', `unsupported kdf ${JSON.stringify(kdf)}: use scrypt or pbkdf2`);
}

/**
 * Encrypt a 32-byte BLS secret key under `password` (normalised as EIP-2335 §Password requirements says).
 * Throws `KEYSTORE_BAD_SECRET` if the secret is not a valid BLS secret key, `KEYSTORE_BAD_PARAMS` /
 * `KEYSTORE_UNSUPPORTED` for bad options.
 */
export async function encryptKeystore(secret: Uint8Array, password: string, opts: EncryptKeystoreOptions): Promise<Keystore> {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_KEY_LENGTH) {
    throw new SvError('KEYSTORE_BAD_SECRET', `the secret key must be ${SECRET_KEY_LENGTH} bytes`);
  }
  checkKeystoreSecret(secret);
  const path = opts.path ?? '';
  const description = opts.description ?? '';
  if (typeof path !== 'string' || typeof description !== 'string') throw new TypeError('path and description must be strings');
  const kdf = kdfModule(opts, bytesToHex(random(opts.randomBytes, SALT_LENGTH)));
  const iv = random(opts.randomBytes, IV_LENGTH);
  const uuid = uuidV4(opts.randomBytes);
  const pw = normalizePassword(password);
  const dk = await deriveKey(kdf, pw, opts.onProgress);
  pw.fill(0);
  try {
    const cipherMessage = aes128Ctr(dk, iv, secret);
    return {
      crypto: {
        kdf,
        checksum: { function: 'sha256', params: {}, message: bytesToHex(computeChecksum(dk, cipherMessage)) },
        cipher: { function: 'aes-128-ctr', params: { iv: bytesToHex(iv) }, message: bytesToHex(cipherMessage) },
      },
      description,
      pubkey: bytesToHex(secretToPublicKey(secret)),
      path,
      uuid,
      version: 4,
    };
  } finally {
    dk.fill(0);
  }
}
