/**
 * Domain-separated hashing with a protocol prefix (PROTOCOL.md §1: "every hash input is domain-separated
 * (`sv-dkg/1/<purpose>`) and each field length-prefixed. Hash: SHA-256. Hash-to-scalar: RFC 9380 hash_to_field
 * (expand_message_xmd, SHA-256) with its own DST per purpose"). Each protocol gets its own {@link TaggedHasher}
 * (`taggedHasher('sv-dkg/1')`), so a hash of one protocol can never equal a hash of another.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { hash_to_field } from '@noble/curves/abstract/hash-to-curve.js';
import { utf8ToBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { CURVE_ORDER } from '../bls/constants.js';
import { lengthPrefixed } from './encoding.js';
import { SECP256K1_ORDER } from './secp.js';

/** A protocol id: a lower-case name and a version, `<name>/<version>` (`sv-dkg/1`). No other `/` in it. */
export const PROTOCOL_ID_RE = /^[a-z][a-z0-9-]{0,31}\/[0-9]{1,4}$/;

/** RFC 9380 security parameter k (bits) for every hash-to-scalar. */
const H2F_SECURITY_BITS = 128;

/** One protocol's domain-separated hashes; every tag is `<protocol>/<purpose>`. */
export interface TaggedHasher {
  /** The protocol id, e.g. `sv-dkg/1`. */
  readonly protocol: string;
  /** Prefix of every domain tag: protocol id and a slash (`sv-dkg/1/`). */
  readonly prefix: string;
  /** The domain tag of a purpose: prefix + purpose (UTF-8). Throws `DKG_BAD_PARAM` for an empty purpose. */
  domainTag(purpose: string): Uint8Array;
  /**
   * H(purpose, fields...) = SHA-256( lenprefix(prefix + purpose) || lenprefix(field_1) || ... ), 32 bytes. A
   * different purpose or protocol, or the same bytes split into different fields, gives a different hash.
   */
  taggedHash(purpose: string, ...fields: Uint8Array[]): Uint8Array;
  /**
   * A scalar mod the BLS12-381 group order r: RFC 9380 hash_to_field over the length-prefixed fields with
   * expand_message_xmd(SHA-256), DST = prefix + purpose, m = 1, k = 128 (L = 48). Result in [0, r).
   */
  hashToBlsScalar(purpose: string, ...fields: Uint8Array[]): bigint;
  /** A scalar mod the secp256k1 group order n, as `hashToBlsScalar` (L = 48). Result in [0, n). */
  hashToSecpScalar(purpose: string, ...fields: Uint8Array[]): bigint;
}

/** The tagged hashes of `protocol` (a {@link PROTOCOL_ID_RE} id). Throws `DKG_BAD_PARAM` for a malformed id. */
export function taggedHasher(protocol: string): TaggedHasher {
  if (typeof protocol !== 'string' || !PROTOCOL_ID_RE.test(protocol)) throw new SvError('DKG_BAD_PARAM', `not a protocol id (<name>/<version>): ${String(protocol)}`);
  const prefix = `${protocol}/`;
  const domainTag = (purpose: string): Uint8Array => {
    if (typeof purpose !== 'string' || purpose.length === 0) throw new SvError('DKG_BAD_PARAM', 'hash purpose must be a non-empty string');
    return utf8ToBytes(prefix + purpose);
  };
  const hashToScalar = (modulus: bigint, purpose: string, fields: Uint8Array[]): bigint => {
    const [[x]] = hash_to_field(lengthPrefixed(...fields), 1, { DST: domainTag(purpose), expand: 'xmd', hash: sha256, p: modulus, m: 1, k: H2F_SECURITY_BITS }) as [[bigint]];
    return x;
  };
  return Object.freeze({
    protocol,
    prefix,
    domainTag,
    taggedHash: (purpose: string, ...fields: Uint8Array[]) => sha256(lengthPrefixed(domainTag(purpose), ...fields)),
    hashToBlsScalar: (purpose: string, ...fields: Uint8Array[]) => hashToScalar(CURVE_ORDER, purpose, fields),
    hashToSecpScalar: (purpose: string, ...fields: Uint8Array[]) => hashToScalar(SECP256K1_ORDER, purpose, fields),
  });
}
