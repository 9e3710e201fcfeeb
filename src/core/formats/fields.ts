/**
 * Small field readers shared by the file codecs of this folder, on top of src/core/wire/fields.ts (which throws
 * `WIRE_BAD_FIELD` naming the field).
 */
import { SvError, isSvError } from '../errors.js';
import { bad, readHex, readObject, toHex0x } from '../wire/fields.js';

/** An Ethereum address as written in our files (0x + 40 hex digits, any case: EIP-55 or lower). */
export const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
/** A uint64 as a decimal string (EIP-3076, the beacon API). */
export const DECIMAL_RE = /^(0|[1-9][0-9]{0,19})$/;

/** Lower-case 0x hex of exactly `length` bytes, returned as the same text. */
export function hex(value: unknown, path: string, length: number): string {
  return toHex0x(readHex(value, path, length));
}

/** readObject, with some keys allowed to be absent. */
export function readObjectWith(value: unknown, path: string, required: readonly string[], optional: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, 'expected an object');
  const present = optional.filter((k) => k in value);
  return readObject(value, path, [...required, ...present]);
}

/** Run a nested decoder; its coded error is re-thrown with the path of the nested object in front. */
export function nested<T>(path: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (!isSvError(e)) throw e;
    throw new SvError(e.code, `${path}: ${e.message}`, e.details ? { ...e.details } : undefined);
  }
}

/** JSON text → value, or `WIRE_TOO_LARGE` / `WIRE_BAD_JSON` naming `what`. */
export function parseJsonText(text: unknown, what: string, maxChars: number): unknown {
  if (typeof text !== 'string') throw new SvError('WIRE_BAD_JSON', `${what} is JSON text`);
  if (text.length > maxChars) throw new SvError('WIRE_TOO_LARGE', `${what} is at most ${maxChars} characters, got ${text.length}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SvError('WIRE_BAD_JSON', `not valid JSON: ${(e as Error).message}`);
  }
}
