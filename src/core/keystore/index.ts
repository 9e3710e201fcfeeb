/** EIP-2335 BLS12-381 keystores (version 4; scrypt or pbkdf2, aes-128-ctr, sha256): see the modules. */
export * from './types.js';
export { normalizePassword } from './password.js';
export { uuidV4 } from './uuid.js';
export {
  DEFAULT_SCRYPT,
  DEFAULT_PBKDF2_C,
  MAX_SCRYPT_N,
  MAX_SCRYPT_MEMORY,
  MAX_SCRYPT_WORK,
  MAX_PBKDF2_C,
} from './kdfParams.js';
export { parseKeystore } from './parseKeystore.js';
export { deriveKey } from './deriveKey.js';
export { encryptKeystore, type EncryptKeystoreOptions } from './encryptKeystore.js';
export { decryptKeystore, type DecryptKeystoreOptions } from './decryptKeystore.js';
export { formatKeystore, keystoreJson } from './formatKeystore.js';
