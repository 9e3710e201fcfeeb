/**
 * Schnorr proof of knowledge of a dealer's secret a0 = f_{i,v}(0) with C0 = a0·G1 on BLS12-381 G1: the rogue-key
 * defence of PedPoP (PROTOCOL.md §3 M1: `pok[v] = (R', z)` with `c = H2F("pok", sid, i, v, C[v][0], R')`).
 *
 * Why it stops the rogue-key attack: colluders who deal last would publish C0' = C0_target − Σ(other C0), so the
 * group key becomes one they know; but nobody knows log(C0'), so nobody can prove knowledge of it.
 * Why (sid, i, v) are bound into the challenge: otherwise a rogue dealer could copy an honest dealer's valid
 * (C0, R', z) from another session, or from another dealer or validator slot of this one, and pass the check
 * while only "re-using" a key it does not know. With sid, i and v hashed into c, a proof verifies only for the one
 * (session, dealer, validator) it was made for.
 */
import { bigIntToBytesBE, bytesToBigIntBE, concatBytes, utf8ToBytes, type RandomBytes } from '../../bytes.js';
import { CURVE_ORDER } from '../../bls/constants.js';
import { Fr, G1, checkSecretScalar, decodePublicKey, decodeScalar, encodePublicKey, encodeSecretKey, msmPublic, type G1Point } from '../../bls/points.js';
import { SvError } from '../../errors.js';
import { deriveBlsScalar } from '../../crypto/derive.js';
import { u16be } from '../../crypto/encoding.js';
import { hashToBlsScalar } from './hash.js';
import { checkParticipantIndex, requireLength } from '../../crypto/secp.js';

/** A PoK: R' (48-byte compressed G1) and z (32-byte big-endian scalar < r). */
export interface Pok {
  R: Uint8Array;
  z: Uint8Array;
}

const NONCE_INFO = utf8ToBytes('sv-dkg/1/pok-nonce');

function checkContext(sid: Uint8Array, i: number, v: number): void {
  requireLength(sid, 32, 'sid');
  checkParticipantIndex(i, 'dealer index');
  u16be(v); // validator index: 0..65535
}

function pokChallenge(sid: Uint8Array, i: number, v: number, C0: Uint8Array, R: Uint8Array): bigint {
  return hashToBlsScalar('pok', sid, u16be(i), u16be(v), C0, R);
}

/** Input of {@link provePok}. */
export interface ProvePokInput {
  /** a0 = f_{i,v}(0) in [1, r). */
  secret: bigint;
  sid: Uint8Array;
  /** Dealer index i (1..n). */
  dealer: number;
  /** Validator index v (0..V-1). */
  validator: number;
}

/**
 * Prove knowledge of a0. Deterministic (§8): k = HKDF(a0, salt = sid, info = "sv-dkg/1/pok-nonce" || u16(i) ||
 * u16(v)), R' = k·G1, c = H2F("pok", sid, u16(i), u16(v), C0, R'), z = k + c·a0 mod r.
 * Throws `BLS_BAD_SCALAR`/`BLS_ZERO_SECRET` for a bad secret, `DKG_BAD_*` for a bad context.
 */
export function provePok(input: ProvePokInput): Pok {
  const { secret, sid, dealer: i, validator: v } = input;
  checkSecretScalar(secret);
  checkContext(sid, i, v);
  const k = deriveBlsScalar(encodeSecretKey(secret), sid, concatBytes(NONCE_INFO, u16be(i), u16be(v)));
  const C0 = encodePublicKey(G1.BASE.multiply(secret));
  const R = encodePublicKey(G1.BASE.multiply(k));
  const c = pokChallenge(sid, i, v, C0, R);
  return { R, z: bigIntToBytesBE(Fr.add(k, Fr.mul(c, secret)), 32) }; // z = 0 is possible (2^-255) and valid
}

/** One PoK to check: C0 as 48 bytes, or as a point already validated by `decodePublicKey` (saves a decode). */
export interface VerifyPokInput {
  C0: G1Point | Uint8Array;
  pok: Pok;
  sid: Uint8Array;
  /** Dealer index i (1..n). */
  dealer: number;
  /** Validator index v (0..V-1). */
  validator: number;
}

interface DecodedPok {
  C0: G1Point;
  R: G1Point;
  z: bigint;
  c: bigint;
}

/** Decode and validate everything (throws on any malformed field). */
function decodePok(item: VerifyPokInput): DecodedPok {
  const { C0, pok, sid, dealer: i, validator: v } = item;
  checkContext(sid, i, v);
  let c0Point: G1Point;
  let c0Bytes: Uint8Array;
  if (C0 instanceof Uint8Array) {
    c0Point = decodePublicKey(C0);
    c0Bytes = C0;
  } else {
    c0Point = C0; // a point the caller already decoded (validated) once
    c0Bytes = encodePublicKey(C0); // rejects the identity
  }
  if (typeof pok !== 'object' || pok === null) throw new SvError('DKG_BAD_PARAM', 'pok must be an object');
  const R = decodePublicKey(pok.R); // 48 bytes, in the subgroup, not the identity
  const z = decodeScalar(pok.z); // canonical: < r
  return { C0: c0Point, R, z, c: pokChallenge(sid, i, v, c0Bytes, pok.R) };
}

/** Check z·G1 == R' + c·C0. False on any malformed input (identity or non-subgroup R', z >= r, bad C0). */
export function verifyPok(item: VerifyPokInput): boolean {
  let d: DecodedPok;
  try {
    d = decodePok(item);
  } catch {
    return false;
  }
  return G1.BASE.multiplyUnsafe(d.z).equals(d.R.add(d.C0.multiplyUnsafe(d.c)));
}

/** Outcome of {@link batchVerifyPoks}: `invalid` lists the positions of every PoK that does not verify. */
export interface PokBatchResult {
  valid: boolean;
  invalid: number[];
}

/** 128-bit non-zero weight from the injected CSPRNG. */
function weight(randomBytes: RandomBytes): bigint {
  for (;;) {
    const w = bytesToBigIntBE(randomBytes(16));
    if (w !== 0n) return w;
  }
}

/** Σ ρ_k (z_k·G − R_k − c_k·C0_k) == 0, as one MSM. */
function checkGroup(items: { pos: number; d: DecodedPok }[], randomBytes: RandomBytes): boolean {
  if (items.length === 0) return true;
  let zSum = 0n;
  const points: G1Point[] = [G1.BASE];
  const scalars: bigint[] = [0n];
  for (const { d } of items) {
    const rho = weight(randomBytes);
    zSum = Fr.add(zSum, Fr.mul(rho, d.z));
    points.push(d.R.negate(), d.C0.negate());
    scalars.push(rho % CURVE_ORDER, Fr.mul(rho, d.c));
  }
  scalars[0] = zSum;
  return msmPublic(G1, points, scalars).is0();
}

function bisect(items: { pos: number; d: DecodedPok }[], randomBytes: RandomBytes, bad: number[]): void {
  if (checkGroup(items, randomBytes)) return;
  if (items.length === 1) {
    bad.push((items[0] as { pos: number }).pos);
    return;
  }
  const mid = items.length >> 1;
  bisect(items.slice(0, mid), randomBytes, bad);
  bisect(items.slice(mid), randomBytes, bad);
}

/**
 * Verify many PoKs with one random linear combination (weights ρ_k: 128 bits from `randomBytes`, which must be a
 * CSPRNG unpredictable to the provers; a bad PoK passes with probability <= 2^-128). Malformed items are invalid
 * without any curve work; on a failed combination, bisection names every bad item.
 */
export function batchVerifyPoks(items: readonly VerifyPokInput[], randomBytes: RandomBytes): PokBatchResult {
  const invalid: number[] = [];
  const decoded: { pos: number; d: DecodedPok }[] = [];
  items.forEach((item, pos) => {
    try {
      decoded.push({ pos, d: decodePok(item) });
    } catch {
      invalid.push(pos);
    }
  });
  bisect(decoded, randomBytes, invalid);
  invalid.sort((a, b) => a - b);
  return { valid: invalid.length === 0, invalid };
}
