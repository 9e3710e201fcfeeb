/**
 * Chaum–Pedersen DLEQ proof for accusations (PROTOCOL.md §3 M2): recipient j reveals K_ij and proves
 * log_G(EK_j) = log_{R_i}(K_ij) on secp256k1, so anyone can check K_ij is the true shared point, derive the AEAD
 * key, decrypt ct[j] and settle the accusation. A false K fails the proof: a lying accuser is caught.
 *
 * Fiat–Shamir: c = H2F_secp("dleq", sid, u16(i), u16(j), EK_j, R_i, K_ij, A1, A2) with A1 = w·G, A2 = w·R_i,
 * z = w + c·ek_j mod n. The proof is (c, z), 32 bytes big-endian each; the verifier recomputes
 * A1 = z·G − c·EK_j, A2 = z·R_i − c·K_ij and checks the challenge.
 */
import { concatBytes, utf8ToBytes } from '../../bytes.js';
import { deriveSecpScalar } from '../../crypto/derive.js';
import { u16be } from '../../crypto/encoding.js';
import { hashToSecpScalar } from './hash.js';
import { SECP256K1_ORDER, Secp, checkParticipantIndex, checkSecpSecret, decodeSecpPoint, decodeSecpScalar, encodeSecpPoint, encodeSecpScalar, requireLength, type SecpPoint } from '../../crypto/secp.js';
import { SvError } from '../../errors.js';

/** A DLEQ proof: challenge and response, 32-byte big-endian canonical scalars. */
export interface DleqProof {
  c: Uint8Array;
  z: Uint8Array;
}

const NONCE_INFO = utf8ToBytes('sv-dkg/1/dleq-nonce');

function challenge(sid: Uint8Array, i: number, j: number, EK: Uint8Array, R: Uint8Array, K: Uint8Array, A1: SecpPoint, A2: SecpPoint): bigint {
  return hashToSecpScalar('dleq', sid, u16be(i), u16be(j), EK, R, K, encodeSecpPoint(A1), encodeSecpPoint(A2));
}

/** Input of {@link proveDleq}. */
export interface ProveDleqInput {
  /** ek_j in [1, n). */
  secret: bigint;
  /** R_i, 33 bytes. */
  dealerPoint: Uint8Array;
  sid: Uint8Array;
  /** Dealer index (the accused). */
  i: number;
  /** Recipient index (the accuser). */
  j: number;
}

/**
 * Reveal K_ij = ek_j·R_i with a proof. Deterministic: the nonce w is HKDF(ek_j, salt = sid,
 * info = "sv-dkg/1/dleq-nonce" || u16(i) || u16(j) || R_i); R_i is in the info because reusing w for two
 * different statements would reveal ek_j. Throws coded errors on bad inputs.
 */
export function proveDleq(input: ProveDleqInput): { K: Uint8Array; proof: DleqProof } {
  const { secret, dealerPoint, sid, i, j } = input;
  checkSecpSecret(secret);
  requireLength(sid, 32, 'sid');
  checkParticipantIndex(i, 'dealer index');
  checkParticipantIndex(j, 'accuser index');
  if (i === j) throw new SvError('DKG_BAD_INDEX', 'a participant does not accuse itself');
  const R = decodeSecpPoint(dealerPoint, 'R_i');
  const EK = encodeSecpPoint(Secp.BASE.multiply(secret));
  const K = encodeSecpPoint(R.multiply(secret));
  const w = deriveSecpScalar(encodeSecpScalar(secret), sid, concatBytes(NONCE_INFO, u16be(i), u16be(j), dealerPoint));
  const c = challenge(sid, i, j, EK, dealerPoint, K, Secp.BASE.multiply(w), R.multiply(w));
  const z = (w + c * secret) % SECP256K1_ORDER;
  return { K, proof: { c: encodeSecpScalar(c), z: encodeSecpScalar(z) } };
}

/** Input of {@link verifyDleq}. */
export interface VerifyDleqInput {
  /** EK_j, 33 bytes. */
  recipientKey: Uint8Array;
  /** R_i, 33 bytes. */
  dealerPoint: Uint8Array;
  /** K_ij, 33 bytes. */
  K: Uint8Array;
  proof: DleqProof;
  sid: Uint8Array;
  i: number;
  j: number;
}

/** Check a DLEQ proof (public data, variable time). False on any malformed input or non-canonical scalar. */
export function verifyDleq(input: VerifyDleqInput): boolean {
  try {
    const { recipientKey, dealerPoint, K, proof, sid, i, j } = input;
    requireLength(sid, 32, 'sid');
    checkParticipantIndex(i);
    checkParticipantIndex(j);
    if (i === j) return false;
    if (typeof proof !== 'object' || proof === null) return false;
    const EKp = decodeSecpPoint(recipientKey);
    const Rp = decodeSecpPoint(dealerPoint);
    const Kp = decodeSecpPoint(K);
    const c = decodeSecpScalar(proof.c);
    const z = decodeSecpScalar(proof.z);
    const A1 = Secp.BASE.multiplyUnsafe(z).subtract(EKp.multiplyUnsafe(c));
    const A2 = Rp.multiplyUnsafe(z).subtract(Kp.multiplyUnsafe(c));
    if (A1.is0() || A2.is0()) return false;
    return challenge(sid, i, j, recipientKey, dealerPoint, K, A1, A2) === c;
  } catch {
    return false;
  }
}
