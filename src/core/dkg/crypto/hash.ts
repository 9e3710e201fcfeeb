/**
 * Domain-separated hashing for sv-dkg/1 (PROTOCOL.md §1: "every hash input is domain-separated
 * (`sv-dkg/1/<purpose>`) and each field length-prefixed. Hash: SHA-256. Hash-to-scalar: RFC 9380 hash_to_field
 * (expand_message_xmd, SHA-256) with its own DST per purpose").
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { hash_to_field } from '@noble/curves/abstract/hash-to-curve.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { concatBytes, utf8ToBytes } from '../../bytes.js';
import { SvError } from '../../errors.js';
import { CURVE_ORDER } from '../../bls/constants.js';

/** Prefix of every domain tag: protocol and version. */
export const DOMAIN_PREFIX = 'sv-dkg/1/';

/** Order n of the secp256k1 group. */
export const SECP256K1_ORDER: bigint = secp256k1.Point.Fn.ORDER;

/** RFC 9380 security parameter k (bits) for every hash-to-scalar. */
const H2F_SECURITY_BITS = 128;

/** 2-byte big-endian encoding of an integer in [0, 65535] (indices). Throws `DKG_BAD_INDEX`. */
export function u16be(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new SvError('DKG_BAD_INDEX', `not a 16-bit unsigned integer: ${String(n)}`);
  return Uint8Array.of(n >>> 8, n & 0xff);
}

/** 4-byte big-endian encoding of an integer in [0, 2^32). Throws `DKG_BAD_PARAM`. */
export function u32be(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new SvError('DKG_BAD_PARAM', `not a 32-bit unsigned integer: ${String(n)}`);
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** u32be(len(field)) || field for every field, concatenated: an injective encoding of a list of byte strings. */
export function lengthPrefixed(...fields: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields) {
    if (!(f instanceof Uint8Array)) throw new SvError('DKG_BAD_PARAM', 'hash fields must be bytes');
    parts.push(u32be(f.length), f);
  }
  return concatBytes(...parts);
}

/** The domain tag of a purpose: "sv-dkg/1/" + purpose (UTF-8). */
export function domainTag(purpose: string): Uint8Array {
  if (typeof purpose !== 'string' || purpose.length === 0) throw new SvError('DKG_BAD_PARAM', 'hash purpose must be a non-empty string');
  return utf8ToBytes(DOMAIN_PREFIX + purpose);
}

/**
 * H(purpose, fields...) = SHA-256( lenprefix("sv-dkg/1/" + purpose) || lenprefix(field_1) || ... ), 32 bytes.
 * PROTOCOL.md §1. A different purpose, or the same bytes split into different fields, gives a different hash.
 */
export function taggedHash(purpose: string, ...fields: Uint8Array[]): Uint8Array {
  return sha256(lengthPrefixed(domainTag(purpose), ...fields));
}

function hashToScalar(modulus: bigint, purpose: string, fields: Uint8Array[]): bigint {
  const [[x]] = hash_to_field(lengthPrefixed(...fields), 1, {
    DST: domainTag(purpose),
    expand: 'xmd',
    hash: sha256,
    p: modulus,
    m: 1,
    k: H2F_SECURITY_BITS,
  }) as [[bigint]];
  return x;
}

/**
 * A scalar mod the BLS12-381 group order r from the length-prefixed fields: RFC 9380 hash_to_field with
 * expand_message_xmd(SHA-256), DST = "sv-dkg/1/" + purpose, m = 1, k = 128 (so L = ceil((255 + 128) / 8) = 48).
 * Result in [0, r).
 */
export function hashToBlsScalar(purpose: string, ...fields: Uint8Array[]): bigint {
  return hashToScalar(CURVE_ORDER, purpose, fields);
}

/**
 * A scalar mod the secp256k1 group order n, as {@link hashToBlsScalar} (L = ceil((256 + 128) / 8) = 48).
 * Result in [0, n).
 */
export function hashToSecpScalar(purpose: string, ...fields: Uint8Array[]): bigint {
  return hashToScalar(SECP256K1_ORDER, purpose, fields);
}
