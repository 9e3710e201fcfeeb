/**
 * Cryptographic building blocks of sv-dkg/1 (PROTOCOL.md §1–§3): domain-separated hashing, HKDF derivation,
 * ceremony keys, envelope signatures, share encryption, DLEQ and PoK proofs, and the EIP-712 approval.
 */
export * from './hash.js';
export * from './derive.js';
export {
  Secp,
  SECP_POINT_LENGTH,
  SECP_SCALAR_LENGTH,
  checkParticipantIndex,
  checkSecpSecret,
  decodeSecpPoint,
  decodeSecpScalar,
  encodeSecpPoint,
  encodeSecpScalar,
  type SecpPoint,
} from './secp.js';
export * from './ceremonyKeys.js';
export * from './envelopeSig.js';
export * from './shareEncryption.js';
export * from './dleq.js';
export * from './pok.js';
export * from './approval.js';
