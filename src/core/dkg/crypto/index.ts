/**
 * Cryptographic building blocks of sv-dkg/1 (PROTOCOL.md §1–§3): its tagged hashes and envelope signature (the
 * protocol's instances of src/core/crypto), ceremony keys, share encryption, DLEQ and PoK proofs, and the EIP-712
 * approval. The shared primitives themselves (encodings, HKDF, secp256k1 helpers, BIP-340) are in src/core/crypto.
 */
export * from './hash.js';
export * from './ceremonyKeys.js';
export * from './shareEncryption.js';
export * from './dleq.js';
export * from './pok.js';
export * from './approval.js';
