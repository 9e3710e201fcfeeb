/**
 * Per-ceremony keys of one operator (PROTOCOL.md §2 "Ceremony keys"): from the stored 32-byte seed and the
 * definition's configHash, HKDF derives an identity key IK (BIP-340 Schnorr, signs every envelope) and an encryption
 * key EK (secp256k1 ECDH, receives the encrypted shares). Same (seed, configHash) → same keys, so a reloaded tab
 * resumes; another configHash → unrelated keys.
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { deriveSecpScalar } from '../../crypto/derive.js';
import { Secp, encodeSecpPoint, encodeSecpScalar, requireLength } from '../../crypto/secp.js';

/** HKDF info strings of the two ceremony keys. */
export const IDENTITY_INFO = 'sv-dkg/1/identity';
export const ENCRYPTION_INFO = 'sv-dkg/1/encryption';
/** Length of the operator's seed. */
export const SEED_LENGTH = 32;

/** The operator's ceremony keys. The two secrets never leave the client. */
export interface CeremonyKeys {
  /** BIP-340 secret key, 32 bytes big-endian. */
  identitySecret: Uint8Array;
  /** BIP-340 x-only public key, 32 bytes. */
  identityKey: Uint8Array;
  /** ECDH secret ek in [1, n). */
  encryptionSecret: bigint;
  /** EK = ek·G, compressed secp256k1, 33 bytes. */
  encryptionKey: Uint8Array;
}

/**
 * Derive the ceremony keys: HKDF-SHA256(ikm = seed, salt = configHash, info = "sv-dkg/1/identity" |
 * "sv-dkg/1/encryption") → 64 bytes mod n (never 0). Throws `DKG_BAD_LENGTH` unless both inputs are 32 bytes.
 */
export function deriveCeremonyKeys(seed: Uint8Array, configHash: Uint8Array): CeremonyKeys {
  requireLength(seed, SEED_LENGTH, 'seed');
  requireLength(configHash, 32, 'configHash');
  const identitySecret = encodeSecpScalar(deriveSecpScalar(seed, configHash, IDENTITY_INFO));
  const encryptionSecret = deriveSecpScalar(seed, configHash, ENCRYPTION_INFO);
  return {
    identitySecret,
    identityKey: schnorr.getPublicKey(identitySecret),
    encryptionSecret,
    encryptionKey: encodeSecpPoint(Secp.BASE.multiply(encryptionSecret)),
  };
}
