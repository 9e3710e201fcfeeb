/**
 * Field readers for decoding wire objects: each checks one field's type and form and throws
 * `WIRE_BAD_FIELD` naming the field. "decode = validate": nothing reaches the crypto unchecked.
 */
import { hexToBytes } from '../bytes.js';
import { SvError } from '../errors.js';

const HEX_RE = /^0x(?:[0-9a-f]{2})*$/;

/** Fail with a coded error naming the field. */
export function bad(path: string, why: string): never {
  throw new SvError('WIRE_BAD_FIELD', `${path}: ${why}`, { field: path });
}

/** A plain object with exactly the given keys (no more, no fewer). */
export function readObject(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, 'expected an object');
  const obj = value as Record<string, unknown>;
  for (const k of keys) if (!(k in obj)) bad(`${path}.${k}`, 'missing');
  for (const k of Object.keys(obj)) if (!keys.includes(k)) bad(`${path}.${k}`, 'unexpected field');
  return obj;
}

/** An array with a length in [min, max]. */
export function readArray(value: unknown, path: string, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) bad(path, 'expected an array');
  if (value.length < min || value.length > max) bad(path, `expected ${min === max ? min : `${min}..${max}`} items, got ${value.length}`);
  return value;
}

/** An integer in [min, max]. */
export function readInt(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) bad(path, `expected an integer in ${min}..${max}`);
  return value;
}

/** A string of at most `max` characters matching `re` when given. */
export function readString(value: unknown, path: string, max: number, re?: RegExp): string {
  if (typeof value !== 'string' || value.length > max || (re && !re.test(value))) bad(path, re ? `malformed (${String(re)})` : `expected a string of at most ${max} characters`);
  return value;
}

/** Lower-case 0x hex of exactly `length` bytes (or a range when `maxLength` is given). */
export function readHex(value: unknown, path: string, length: number, maxLength = length): Uint8Array {
  if (typeof value !== 'string' || !HEX_RE.test(value)) bad(path, 'expected lower-case 0x-prefixed hex');
  const n = (value.length - 2) / 2;
  if (n < length || n > maxLength) bad(path, length === maxLength ? `expected ${length} bytes, got ${n}` : `expected ${length}..${maxLength} bytes, got ${n}`);
  return hexToBytes(value);
}

/** 0x-prefixed lower-case hex of bytes (the wire form). */
export function toHex0x(bytes: Uint8Array): string {
  let s = '0x';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
