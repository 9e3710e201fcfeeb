// EIP-2335 §Password requirements: NFKD, strip C0/C1/Delete, UTF-8.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePassword } from '../../../src/core/keystore/index.js';
import { toHex } from '../../helpers.js';

const utf8 = (s: string) => toHex(new TextEncoder().encode(s));

describe('normalizePassword', () => {
  it('applies NFKD: mathematical letters, ligatures and composed accents', () => {
    expect(toHex(normalizePassword('𝔱𝔢𝔰𝔱'))).toBe(utf8('test'));
    expect(toHex(normalizePassword('ﬁ'))).toBe(utf8('fi'));
    expect(toHex(normalizePassword('é'))).toBe(utf8('e\u0301'));
    expect(toHex(normalizePassword('e\u0301'))).toBe(utf8('e\u0301'));
  });

  it('strips C0, Delete and C1 control codes but keeps space', () => {
    expect(toHex(normalizePassword('\u0000a\u0009b\u001f c\u007f\u0080d\u009f'))).toBe(utf8('ab cd'));
    expect(toHex(normalizePassword('\u00a0'))).toBe(utf8(' ')); // NBSP is NFKD-equivalent to a space, kept
  });

  it('keeps characters just outside the control ranges', () => {
    expect(toHex(normalizePassword('\u0020\u007e\u00a1'))).toBe(utf8('\u0020\u007e\u00a1'));
  });

  it('encodes astral characters as 4-byte UTF-8 (the key emoji)', () => {
    expect(toHex(normalizePassword('🔑'))).toBe('f09f9491');
  });

  it('agrees with TextEncoder on the normalised, filtered string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const expected = [...s.normalize('NFKD')].filter((ch) => {
          const cp = ch.codePointAt(0) as number;
          return !(cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f));
        });
        expect(toHex(normalizePassword(s))).toBe(utf8(expected.join('')));
      }),
      { seed: 2335, numRuns: 300 },
    );
  });
});
