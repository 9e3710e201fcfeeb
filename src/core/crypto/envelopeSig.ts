/**
 * Envelope signatures (PROTOCOL.md §3: `sig = Schnorr_IK(H("msg", sid, round, sender, H(body)))`): BIP-340 Schnorr
 * over a 32-byte digest. The BIP-340 auxiliary randomness is derived from (secret, digest) with the protocol's
 * tagged hash (`<protocol>/aux`) instead of drawn, so a reloaded client re-signs byte-identically (§8: republish
 * identical bytes). BIP-340 nonces stay safe: aux only masks the secret in the nonce derivation, and the nonce still
 * depends on the message and the key.
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { SvError } from '../errors.js';
import type { TaggedHasher } from './taggedHash.js';
import { requireLength } from './secp.js';

/** Length of a BIP-340 signature. */
export const SCHNORR_SIGNATURE_LENGTH = 64;
/** Length of a BIP-340 x-only public key. */
export const IDENTITY_KEY_LENGTH = 32;

/**
 * Sign a 32-byte digest with the identity secret (BIP-340, aux = H_protocol("aux", secret, digest)). Deterministic.
 * Throws `DKG_BAD_LENGTH` on bad lengths, `DKG_BAD_SCALAR` for a secret outside [1, n).
 */
export function signDigestWith(hasher: TaggedHasher, identitySecret: Uint8Array, digest: Uint8Array): Uint8Array {
  requireLength(identitySecret, 32, 'identity secret');
  requireLength(digest, 32, 'digest');
  const aux = hasher.taggedHash('aux', identitySecret, digest);
  try {
    return schnorr.sign(digest, identitySecret, aux);
  } catch {
    throw new SvError('DKG_BAD_SCALAR', 'identity secret is not a valid secp256k1 secret key');
  }
}

/** Verify a BIP-340 signature over a 32-byte digest. False on any malformed input; never throws. */
export function verifyDigestSig(identityKey: Uint8Array, digest: Uint8Array, sig: Uint8Array): boolean {
  if (!(identityKey instanceof Uint8Array) || identityKey.length !== IDENTITY_KEY_LENGTH) return false;
  if (!(digest instanceof Uint8Array) || digest.length !== 32) return false;
  if (!(sig instanceof Uint8Array) || sig.length !== SCHNORR_SIGNATURE_LENGTH) return false;
  try {
    return schnorr.verify(sig, digest, identityKey);
  } catch {
    return false;
  }
}
