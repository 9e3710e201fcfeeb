/**
 * Primitives shared by every protocol: injective encodings, tagged hashes with a protocol prefix, HKDF derivation,
 * validated secp256k1 points and scalars, and BIP-340 envelope signatures. Protocol-specific constructions (the
 * DKG's ceremony keys, share encryption, DLEQ, PoK, approval) live with their protocol (src/core/dkg/crypto).
 */
export * from './encoding.js';
export * from './taggedHash.js';
export * from './derive.js';
export * from './secp.js';
export * from './envelopeSig.js';
