/**
 * Validated decoding and encoding of BLS12-381 keys, shares and signatures (consensus-specs KeyValidate;
 * PROTOCOL.md §1: reject identity, off-curve and non-subgroup points and non-canonical scalars at every decode).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import type { Fp2 } from '@noble/curves/abstract/tower.js';
import { SvError } from '../errors.js';
import { cachePut, cacheTable } from '../cacheScope.js';
import { bigIntToBytesBE, bytesToBigIntBE, bytesToHex, type RandomBytes } from '../bytes.js';
import { CURVE_ORDER, PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH, SIGNATURE_LENGTH } from './constants.js';

/** A point of G1 (public keys, public shares, commitments). */
export type G1Point = WeierstrassPoint<bigint>;
/** A point of G2 (signatures, hashed messages). */
export type G2Point = WeierstrassPoint<Fp2>;

export const G1 = bls12_381.G1.Point;
export const G2 = bls12_381.G2.Point;
/** The scalar field F_r. */
export const Fr = bls12_381.fields.Fr;

function requireBytes(value: unknown, length: number, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new SvError('BLS_BAD_LENGTH', `${what} must be bytes`);
  if (value.length !== length) {
    throw new SvError('BLS_BAD_LENGTH', `${what} must be ${length} bytes, got ${value.length}`, { expected: length, got: value.length });
  }
}

/** Decode a secret key or secret share: 32 bytes big-endian, 0 < x < r. */
export function decodeSecretKey(bytes: Uint8Array): bigint {
  requireBytes(bytes, SECRET_KEY_LENGTH, 'secret key');
  const x = bytesToBigIntBE(bytes);
  if (x >= CURVE_ORDER) throw new SvError('BLS_BAD_SCALAR', 'secret key is not a canonical scalar (>= curve order)');
  if (x === 0n) throw new SvError('BLS_ZERO_SECRET', 'secret key is zero');
  return x;
}

/** Encode a secret scalar (0 < x < r) as 32 bytes big-endian. */
export function encodeSecretKey(x: bigint): Uint8Array {
  checkSecretScalar(x);
  return bigIntToBytesBE(x, SECRET_KEY_LENGTH);
}

/** Throw the coded error for a scalar that cannot be a secret (0 or outside [0, r)). */
export function checkSecretScalar(x: bigint): void {
  if (x < 0n || x >= CURVE_ORDER) throw new SvError('BLS_BAD_SCALAR', 'scalar outside [0, r)');
  if (x === 0n) throw new SvError('BLS_ZERO_SECRET', 'secret is zero');
}

/** Decode a canonical scalar in [0, r) from 32 bytes (zero allowed: coefficients, not secrets). */
export function decodeScalar(bytes: Uint8Array): bigint {
  requireBytes(bytes, SECRET_KEY_LENGTH, 'scalar');
  const x = bytesToBigIntBE(bytes);
  if (x >= CURVE_ORDER) throw new SvError('BLS_BAD_SCALAR', 'scalar is not canonical (>= curve order)');
  return x;
}

/**
 * Decode a public key or public share: 48-byte compressed G1, on the curve, in the subgroup, not the identity
 * (consensus-specs KeyValidate).
 */
export function decodePublicKey(bytes: Uint8Array): G1Point {
  requireBytes(bytes, PUBLIC_KEY_LENGTH, 'public key');
  const key = bytesToHex(bytes);
  const hit = cacheTable<G1Point>('g1').get(key);
  if (hit) return hit;
  const p = decodePublicKeyUncached(bytes);
  cachePut('g1', key, p, DECODE_CACHE_SIZE);
  return p;
}

/**
 * Validated G1 points by encoding. Decoding (square root + subgroup check) is the most expensive step of
 * checking a deal, and the same commitments are used in several rounds; points are immutable, and only
 * successful decodings are remembered, so the cache changes speed, never results.
 */
const DECODE_CACHE_SIZE = 8192;

function decodePublicKeyUncached(bytes: Uint8Array): G1Point {
  let p: G1Point;
  try {
    p = G1.fromBytes(bytes);
  } catch {
    throw new SvError('BLS_BAD_POINT', 'public key is not a valid compressed G1 point in the subgroup');
  }
  if (p.is0()) throw new SvError('BLS_IDENTITY_POINT', 'public key is the identity point');
  return p;
}

/**
 * Decode a signature: 96-byte compressed G2, on the curve and in the subgroup. The identity is a valid
 * encoding (the spec's aggregate accepts it) but never verifies.
 */
export function decodeSignature(bytes: Uint8Array): G2Point {
  requireBytes(bytes, SIGNATURE_LENGTH, 'signature');
  try {
    return bls12_381.longSignatures.Signature.fromBytes(bytes);
  } catch {
    throw new SvError('BLS_BAD_POINT', 'signature is not a valid compressed G2 point in the subgroup');
  }
}

/** Encode a G1 point (compressed, 48 bytes). Refuses the identity: it is never a valid key. */
export function encodePublicKey(p: G1Point): Uint8Array {
  if (p.is0()) throw new SvError('BLS_IDENTITY_POINT', 'refusing to encode the identity as a public key');
  return p.toBytes(true);
}

/** Encode a G2 point (compressed, 96 bytes). */
export function encodeSignature(p: G2Point): Uint8Array {
  return bls12_381.longSignatures.Signature.toBytes(p);
}

/**
 * A uniformly random scalar in [1, r) from an injected CSPRNG: 48 bytes reduced mod r (bias < 2^-128),
 * redrawn on zero.
 */
export function randomScalar(randomBytes: RandomBytes): bigint {
  for (;;) {
    const x = bytesToBigIntBE(randomBytes(48)) % CURVE_ORDER;
    if (x !== 0n) return x;
  }
}

/** Below this many points a plain multiply-and-add beats Pippenger (measured: bench/results/bls.md). */
const PIPPENGER_MIN_POINTS = 12;

/**
 * sum scalars[i] * points[i] in variable time: for PUBLIC points and scalars only (Lagrange coefficients,
 * batch-verification weights, commitments), never for secrets.
 */
export function msmPublic<P extends G1Point | G2Point>(c: typeof G1 | typeof G2, points: readonly P[], scalars: readonly bigint[]): P {
  if (points.length !== scalars.length) throw new RangeError('msm: points and scalars differ in length');
  if (points.length >= PIPPENGER_MIN_POINTS) return pippenger(c as never, points as never[], scalars as bigint[]) as P;
  let acc = c.ZERO as P;
  points.forEach((p, k) => {
    acc = acc.add(p.multiplyUnsafe(scalars[k] as bigint) as never) as P;
  });
  return acc;
}
