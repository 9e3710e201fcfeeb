/**
 * Encrypted shares inside the public M1 deal (PROTOCOL.md §3 M1):
 *   K_ij = r_i · EK_j (secp256k1 ECDH, compressed point),
 *   key_ij || nonce_ij = HKDF-SHA256(K_ij, salt = sid, info = "sv-dkg/1/share" || u16(i) || u16(j) || R_i),
 *   aad = sid || u16(i) || u16(j) || H(all C of i),
 *   ct[j] = XChaCha20-Poly1305(key_ij, nonce_ij, f_{i,0}(j) || ... || f_{i,V-1}(j), aad).
 * Key and nonce are unique per (K_ij, sid, i, j, R_i); r_i is fresh per session, so a key is never reused for a
 * different plaintext as long as a published round is never re-dealt with new randomness (§8).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes, utf8ToBytes } from '../../bytes.js';
import { SvError } from '../../errors.js';
import { deriveBytes } from '../../crypto/derive.js';
import { u16be } from '../../crypto/encoding.js';
import { Secp, checkParticipantIndex, checkSecpSecret, decodeSecpPoint, encodeSecpPoint, requireLength, SECP_POINT_LENGTH } from '../../crypto/secp.js';

/** AEAD key and nonce lengths (XChaCha20-Poly1305). */
export const SHARE_KEY_LENGTH = 32;
export const SHARE_NONCE_LENGTH = 24;
/** Poly1305 tag length appended to every ciphertext. */
export const SHARE_TAG_LENGTH = 16;

const SHARE_INFO = utf8ToBytes('sv-dkg/1/share');

/**
 * ECDH: secret · publicKey as a 33-byte compressed point (constant-time multiplication). Throws `DKG_BAD_SCALAR`
 * for a secret outside [1, n), `DKG_BAD_LENGTH`/`DKG_BAD_POINT` for an invalid or identity public key.
 */
export function ecdh(secret: bigint, publicKey: Uint8Array): Uint8Array {
  checkSecpSecret(secret);
  const p = decodeSecpPoint(publicKey, 'ECDH public key');
  return encodeSecpPoint(p.multiply(secret));
}

function checkPair(i: number, j: number): void {
  checkParticipantIndex(i, 'dealer index');
  checkParticipantIndex(j, 'recipient index');
  if (i === j) throw new SvError('DKG_BAD_INDEX', 'a dealer does not encrypt to itself');
}

/** key_ij (32 B) || nonce_ij (24 B) = HKDF-SHA256(K_ij, salt = sid, info = "sv-dkg/1/share" || u16(i) || u16(j) || R_i). */
export function shareKeyNonce(sharedPoint: Uint8Array, sid: Uint8Array, i: number, j: number, dealerPoint: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
  requireLength(sharedPoint, SECP_POINT_LENGTH, 'K_ij');
  requireLength(sid, 32, 'sid');
  requireLength(dealerPoint, SECP_POINT_LENGTH, 'R_i');
  checkPair(i, j);
  const okm = deriveBytes(sharedPoint, sid, concatBytes(SHARE_INFO, u16be(i), u16be(j), dealerPoint), SHARE_KEY_LENGTH + SHARE_NONCE_LENGTH);
  return { key: okm.slice(0, SHARE_KEY_LENGTH), nonce: okm.slice(SHARE_KEY_LENGTH) };
}

/** aad = sid || u16(i) || u16(j) || H(all C of i): fixed-width fields, 68 bytes. */
export function shareAad(sid: Uint8Array, i: number, j: number, commitmentsHash: Uint8Array): Uint8Array {
  requireLength(sid, 32, 'sid');
  requireLength(commitmentsHash, 32, 'commitments hash');
  checkPair(i, j);
  return concatBytes(sid, u16be(i), u16be(j), commitmentsHash);
}

/** What both sides of one share ciphertext agree on. */
export interface ShareContext {
  /** R_i = r_i·G, 33 bytes. */
  dealerPoint: Uint8Array;
  sid: Uint8Array;
  /** Dealer index. */
  i: number;
  /** Recipient index. */
  j: number;
  /** H(all C of i), 32 bytes. */
  commitmentsHash: Uint8Array;
}

/** Input of {@link encryptShares}. */
export interface EncryptSharesInput extends ShareContext {
  /** r_i in [1, n). */
  dealerSecret: bigint;
  /** EK_j, 33 bytes. */
  recipientKey: Uint8Array;
  /** f_{i,0}(j) || ... || f_{i,V-1}(j). */
  plaintext: Uint8Array;
}

/**
 * Encrypt the shares of recipient j (deterministic: same input → same ciphertext, §8). Throws `DKG_BAD_PARAM` when
 * `dealerPoint` is not `dealerSecret`·G (the recipient could never decrypt), and the coded errors of the helpers.
 */
export function encryptShares(input: EncryptSharesInput): Uint8Array {
  const { dealerSecret, dealerPoint, recipientKey, sid, i, j, commitmentsHash, plaintext } = input;
  if (!(plaintext instanceof Uint8Array)) throw new SvError('DKG_BAD_PARAM', 'plaintext must be bytes');
  checkSecpSecret(dealerSecret);
  if (!decodeSecpPoint(dealerPoint, 'R_i').equals(Secp.BASE.multiply(dealerSecret))) {
    throw new SvError('DKG_BAD_PARAM', 'dealer point R_i does not match the dealer secret r_i');
  }
  const K = ecdh(dealerSecret, recipientKey);
  const { key, nonce } = shareKeyNonce(K, sid, i, j, dealerPoint);
  return xchacha20poly1305(key, nonce, shareAad(sid, i, j, commitmentsHash)).encrypt(plaintext);
}

/** Input of {@link decryptShares}: the shared point K_ij (known to the recipient, or revealed in an accusation). */
export interface DecryptSharesInput extends ShareContext {
  /** K_ij, 33 bytes. */
  sharedPoint: Uint8Array;
  ciphertext: Uint8Array;
}

/**
 * Decrypt ct[j] with K_ij (also how anyone settles an accusation, §3 M2). Returns null when the ciphertext does not
 * authenticate (wrong key, sid, indices, commitments, or tampered bytes); never throws on a bad ciphertext.
 * Malformed context parameters (lengths, indices) still throw their coded errors.
 */
export function decryptShares(input: DecryptSharesInput): Uint8Array | null {
  const { sharedPoint, dealerPoint, sid, i, j, commitmentsHash, ciphertext } = input;
  const { key, nonce } = shareKeyNonce(sharedPoint, sid, i, j, dealerPoint);
  const aad = shareAad(sid, i, j, commitmentsHash);
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < SHARE_TAG_LENGTH) return null;
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext);
  } catch {
    return null;
  }
}

/** Input of {@link decryptSharesWithKey}. */
export interface DecryptSharesWithKeyInput extends ShareContext {
  /** ek_j in [1, n). */
  recipientSecret: bigint;
  ciphertext: Uint8Array;
}

/** Recipient side: K_ij = ek_j · R_i, then {@link decryptShares}. Throws `DKG_BAD_POINT` for an invalid R_i. */
export function decryptSharesWithKey(input: DecryptSharesWithKeyInput): Uint8Array | null {
  const { recipientSecret, dealerPoint, sid, i, j, commitmentsHash, ciphertext } = input;
  return decryptShares({ sharedPoint: ecdh(recipientSecret, dealerPoint), dealerPoint, sid, i, j, commitmentsHash, ciphertext });
}
