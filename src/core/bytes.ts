/**
 * Byte helpers with strict, coded validation. Hex is lower-case on output; input may carry a 0x prefix.
 */
import { SvError, type ErrorCode } from './errors.js';

/** A source of cryptographically secure random bytes, injected by the caller (the core has none). */
export type RandomBytes = (length: number) => Uint8Array;

const HEX_RE = /^[0-9a-fA-F]*$/;

/** Decode hex (optional 0x prefix). Throws `ETH_BAD_HEX` (or `code`) on odd length or a non-hex character. */
export function hexToBytes(hex: string, code: ErrorCode = 'ETH_BAD_HEX'): Uint8Array {
  if (typeof hex !== 'string') throw new SvError(code, 'expected a hex string');
  const s = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (s.length % 2 !== 0 || !HEX_RE.test(s)) throw new SvError(code, 'not a valid hex string');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Encode bytes as lower-case hex without a prefix. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Decode hex and require an exact byte length (`ETH_BAD_LENGTH`, or `lengthCode`). */
export function hexToFixedBytes(hex: string, length: number, what: string, lengthCode: ErrorCode = 'ETH_BAD_LENGTH'): Uint8Array {
  const b = hexToBytes(hex);
  if (b.length !== length) throw new SvError(lengthCode, `${what} must be ${length} bytes, got ${b.length}`);
  return b;
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Byte-wise equality (not constant time: use only on public data). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Big-endian unsigned integer from bytes. */
export function bytesToBigIntBE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Big-endian fixed-width encoding of a non-negative integer; throws if it does not fit. */
export function bigIntToBytesBE(value: bigint, length: number): Uint8Array {
  if (value < 0n) throw new RangeError('negative integer');
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`integer does not fit in ${length} bytes`);
  return out;
}

/** Little-endian fixed-width encoding (SSZ uintN). */
export function bigIntToBytesLE(value: bigint, length: number): Uint8Array {
  return bigIntToBytesBE(value, length).reverse();
}

/** UTF-8 encode without relying on the DOM or Node (TextEncoder is not in the core's lib); same bytes as TextEncoder. */
export function utf8ToBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate: encoded as U+FFFD, as TextEncoder does
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/**
 * A 0x-hex key (a public key, a share, a root, credentials) shortened for people, the one short form of the
 * project: its first 8 hex digits and last 6 (`0x1234abcd…56ef90`).
 */
export function shortKey(key: string): string {
  return `${key.slice(0, 10)}…${key.slice(-6)}`;
}

/** A 0x address shortened the way wallets show it: its first 4 hex digits and last 4 (`0x1234…abcd`). */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
