/**
 * The EIP-2335 (version 4) keystore shape, as validated by `parseKeystore` and produced by `encryptKeystore`.
 * Hex fields are lower-case without a 0x prefix.
 */

/** EIP-2335 §Decryption key: scrypt parameters (RFC 7914). */
export interface ScryptParams {
  dklen: 32;
  n: number;
  r: number;
  p: number;
  salt: string;
}

/** EIP-2335 §Decryption key: PBKDF2-HMAC-SHA256 parameters (RFC 2898). */
export interface Pbkdf2Params {
  dklen: 32;
  c: number;
  prf: 'hmac-sha256';
  salt: string;
}

/** The kdf module: which function derives the decryption key from the password, and with which parameters. */
export type KdfModule =
  | { function: 'scrypt'; params: ScryptParams; message: '' }
  | { function: 'pbkdf2'; params: Pbkdf2Params; message: '' };

/** The checksum module: SHA-256(DK[16..32] || cipher message), EIP-2335 §Password verification. */
export interface ChecksumModule {
  function: 'sha256';
  params: Record<string, never>;
  message: string;
}

/** The cipher module: AES-128-CTR under DK[0..16], EIP-2335 §Secret decryption. */
export interface CipherModule {
  function: 'aes-128-ctr';
  params: { iv: string };
  message: string;
}

/** An EIP-2335 keystore. `description` and `pubkey` are optional in the EIP; we always write both. */
export interface Keystore {
  crypto: { kdf: KdfModule; checksum: ChecksumModule; cipher: CipherModule };
  description?: string;
  pubkey?: string;
  path: string;
  uuid: string;
  version: 4;
}

/** The key derivation functions we read and write. */
export type KdfName = KdfModule['function'];

/** Progress of a key derivation, a fraction from 0 to 1 (for a progress bar). */
export type ProgressCallback = (fraction: number) => void;
