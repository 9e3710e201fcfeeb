/**
 * Deterministic key material from HKDF-SHA256 (RFC 5869). PROTOCOL.md §2 (ceremony keys) and §8: every secret
 * and nonce is derived from the stored seed, so a reload re-derives byte-identical messages.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBigIntBE, concatBytes, utf8ToBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { CURVE_ORDER } from '../bls/constants.js';
import { u32be } from './encoding.js';
import { SECP256K1_ORDER } from './secp.js';

/** HKDF `info`: a string (UTF-8 encoded) or raw bytes. */
export type HkdfInfo = string | Uint8Array;

/** Bytes drawn per scalar: 64 bytes mod a ~256-bit order leaves a bias below 2^-250. */
const SCALAR_DRAW_BYTES = 64;

function infoBytes(info: HkdfInfo): Uint8Array {
  if (typeof info === 'string') return utf8ToBytes(info);
  if (info instanceof Uint8Array) return info;
  throw new SvError('DKG_BAD_PARAM', 'HKDF info must be a string or bytes');
}

/** HKDF-SHA256(ikm, salt, info) → `length` bytes (1..8160). Throws `DKG_BAD_PARAM` on bad arguments. */
export function deriveBytes(ikm: Uint8Array, salt: Uint8Array, info: HkdfInfo, length: number): Uint8Array {
  if (!(ikm instanceof Uint8Array) || !(salt instanceof Uint8Array)) throw new SvError('DKG_BAD_PARAM', 'HKDF ikm and salt must be bytes');
  if (!Number.isInteger(length) || length < 1 || length > 255 * 32) throw new SvError('DKG_BAD_PARAM', `bad HKDF output length ${String(length)}`);
  return hkdf(sha256, ikm, salt, infoBytes(info), length);
}

/**
 * A scalar in [1, order): 64 HKDF bytes reduced mod the order. On the (probability ~2^-256) zero result, retries
 * with info || u32be(counter), counter = 1, 2, ...
 */
function deriveScalar(ikm: Uint8Array, salt: Uint8Array, info: HkdfInfo, order: bigint): bigint {
  const base = infoBytes(info);
  for (let counter = 0; ; counter++) {
    const inf = counter === 0 ? base : concatBytes(base, u32be(counter));
    const x = bytesToBigIntBE(deriveBytes(ikm, salt, inf, SCALAR_DRAW_BYTES)) % order;
    if (x !== 0n) return x;
  }
}

/** A non-zero BLS12-381 scalar (mod r) from HKDF-SHA256(ikm, salt, info). */
export function deriveBlsScalar(ikm: Uint8Array, salt: Uint8Array, info: HkdfInfo): bigint {
  return deriveScalar(ikm, salt, info, CURVE_ORDER);
}

/** A non-zero secp256k1 scalar (mod n) from HKDF-SHA256(ikm, salt, info). */
export function deriveSecpScalar(ikm: Uint8Array, salt: Uint8Array, info: HkdfInfo): bigint {
  return deriveScalar(ikm, salt, info, SECP256K1_ORDER);
}
