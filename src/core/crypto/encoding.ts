/**
 * Injective byte encodings for hash inputs (PROTOCOL.md §1: "each field length-prefixed"): fixed-width big-endian
 * integers and the length-prefixed concatenation every tagged hash is computed over. Shared by every protocol.
 */
import { concatBytes } from '../bytes.js';
import { SvError } from '../errors.js';

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
