/**
 * Canonical JSON (PROTOCOL.md §1 "one canonical encoding"): object keys sorted by UTF-16 code units, no
 * whitespace, only strings, safe integers, booleans, null, arrays and plain objects. Anything else (floats,
 * undefined, bigint, NaN, functions, symbols, cycles) is refused, so two encoders cannot disagree.
 */
import { SvError } from '../errors.js';

/** A value canonical JSON can encode. */
export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

function encode(value: unknown, path: string, depth: number): string {
  if (depth > 32) throw new SvError('WIRE_BAD_VALUE', `nesting too deep at ${path}`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new SvError('WIRE_BAD_VALUE', `${path} is not a safe integer: write big numbers as strings`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => encode(v, `${path}[${i}]`, depth + 1)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new SvError('WIRE_BAD_VALUE', `${path} is not a plain object`);
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) throw new SvError('WIRE_BAD_VALUE', `${path}.${k} is undefined`);
        parts.push(`${JSON.stringify(k)}:${encode(v, `${path}.${k}`, depth + 1)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new SvError('WIRE_BAD_VALUE', `${path} has type ${typeof value}, which canonical JSON does not encode`);
  }
}

/** Encode `value` as canonical JSON text. Throws `WIRE_BAD_VALUE` for values outside the canonical subset. */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', 0);
}

/**
 * Parse text that must already be canonical: it is parsed, re-encoded, and must come back identical, so a
 * message has exactly one byte form (its hash identifies it). Throws `WIRE_NOT_CANONICAL` or `WIRE_BAD_JSON`.
 */
export function parseCanonicalJson(text: string, maxLength = 4 * 1024 * 1024): CanonicalValue {
  if (typeof text !== 'string') throw new SvError('WIRE_BAD_JSON', 'expected text');
  if (text.length > maxLength) throw new SvError('WIRE_TOO_LARGE', `message of ${text.length} characters exceeds ${maxLength}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SvError('WIRE_BAD_JSON', 'not valid JSON');
  }
  let again: string;
  try {
    again = canonicalJson(value);
  } catch (e) {
    throw new SvError('WIRE_NOT_CANONICAL', `not canonical JSON: ${(e as Error).message}`);
  }
  if (again !== text) throw new SvError('WIRE_NOT_CANONICAL', 'not in canonical form (key order, spacing or number format)');
  return value as CanonicalValue;
}
