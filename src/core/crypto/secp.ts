/**
 * Validated secp256k1 points and scalars (PROTOCOL.md §1: reject identity and off-curve points and non-canonical
 * scalars at every decode), used by the ceremony keys, ECDH, DLEQ and envelope signatures. secp256k1 has cofactor 1:
 * on the curve = in the group.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { bigIntToBytesBE, bytesToBigIntBE } from '../bytes.js';
import { SvError } from '../errors.js';

/** Order n of the secp256k1 group. */
export const SECP256K1_ORDER: bigint = secp256k1.Point.Fn.ORDER;

/** A secp256k1 point. */
export type SecpPoint = WeierstrassPoint<bigint>;
/** The secp256k1 point constructor. */
export const Secp = secp256k1.Point;
/** Length of a compressed secp256k1 point. */
export const SECP_POINT_LENGTH = 33;
/** Length of an encoded scalar (big-endian). */
export const SECP_SCALAR_LENGTH = 32;

/** Throw `DKG_BAD_LENGTH` unless `value` is a Uint8Array of exactly `length` bytes. */
export function requireLength(value: unknown, length: number, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new SvError('DKG_BAD_LENGTH', `${what} must be bytes`);
  if (value.length !== length) {
    throw new SvError('DKG_BAD_LENGTH', `${what} must be ${length} bytes, got ${value.length}`, { expected: length, got: value.length });
  }
}

/** Decode a 33-byte compressed point; rejects bad encodings, off-curve points and the identity (`DKG_BAD_POINT`). */
export function decodeSecpPoint(bytes: Uint8Array, what = 'secp256k1 point'): SecpPoint {
  requireLength(bytes, SECP_POINT_LENGTH, what);
  let p: SecpPoint;
  try {
    p = Secp.fromBytes(bytes);
  } catch {
    throw new SvError('DKG_BAD_POINT', `${what} is not a valid compressed secp256k1 point`);
  }
  if (p.is0()) throw new SvError('DKG_BAD_POINT', `${what} is the identity`);
  return p;
}

/** Encode a point compressed (33 bytes); the identity has no encoding (`DKG_BAD_POINT`). */
export function encodeSecpPoint(p: SecpPoint): Uint8Array {
  if (p.is0()) throw new SvError('DKG_BAD_POINT', 'refusing to encode the identity');
  return p.toBytes(true);
}

/** Throw `DKG_BAD_SCALAR` unless 0 < x < n. */
export function checkSecpSecret(x: bigint): void {
  if (typeof x !== 'bigint' || x <= 0n || x >= SECP256K1_ORDER) throw new SvError('DKG_BAD_SCALAR', 'secp256k1 secret outside [1, n)');
}

/** Decode a canonical scalar in [0, n) from 32 bytes big-endian (`DKG_BAD_SCALAR` if >= n). */
export function decodeSecpScalar(bytes: Uint8Array, what = 'scalar'): bigint {
  requireLength(bytes, SECP_SCALAR_LENGTH, what);
  const x = bytesToBigIntBE(bytes);
  if (x >= SECP256K1_ORDER) throw new SvError('DKG_BAD_SCALAR', `${what} is not canonical (>= n)`);
  return x;
}

/** Encode a scalar in [0, n) as 32 bytes big-endian. */
export function encodeSecpScalar(x: bigint): Uint8Array {
  if (x < 0n || x >= SECP256K1_ORDER) throw new SvError('DKG_BAD_SCALAR', 'scalar outside [0, n)');
  return bigIntToBytesBE(x, SECP_SCALAR_LENGTH);
}

/** Throw `DKG_BAD_INDEX` unless `i` is a participant index in 1..65535 (PROTOCOL.md §1: never 0). */
export function checkParticipantIndex(i: number, what = 'index'): void {
  if (!Number.isInteger(i) || i < 1 || i > 0xffff) throw new SvError('DKG_BAD_INDEX', `${what} must be an integer in 1..65535, got ${String(i)}`);
}
