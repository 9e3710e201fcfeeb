// The progress-reporting PBKDF2 against noble's, and the kdf bounds.
import { describe, expect, it } from 'vitest';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { pbkdf2Sha256Async } from '../../../src/core/keystore/deriveKey.js';
import { checkPbkdf2Cost, checkScryptCost } from '../../../src/core/keystore/kdfParams.js';
import { seededBytes, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });

describe('pbkdf2Sha256Async', () => {
  it('matches noble pbkdf2 for several iteration counts and lengths', async () => {
    const rnd = seededBytes('pbkdf2');
    for (const [c, dkLen] of [[1, 32], [2, 32], [3, 16], [1000, 32], [4097, 20]] as const) {
      const pw = rnd(13);
      const salt = rnd(32);
      expect(toHex(await pbkdf2Sha256Async(pw, salt, c, dkLen))).toBe(toHex(pbkdf2(sha256, pw, salt, { c, dkLen })));
    }
  });

  it('matches the RFC 7914 §11 PBKDF2-HMAC-SHA256 vector (c = 1)', async () => {
    const te = new TextEncoder();
    const dk = await pbkdf2Sha256Async(te.encode('passwd'), te.encode('salt'), 1, 32);
    expect(toHex(dk)).toBe('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc');
  });

  it('reports increasing progress', async () => {
    const seen: number[] = [];
    await pbkdf2Sha256Async(new Uint8Array(1), new Uint8Array(16), 5000, 32, (f) => seen.push(f));
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > (seen[i - 1] as number)))).toBe(true);
  });

  it('rejects invalid arguments', async () => {
    await expect(pbkdf2Sha256Async(new Uint8Array(1), new Uint8Array(1), 0, 32)).rejects.toThrow(RangeError);
    await expect(pbkdf2Sha256Async(new Uint8Array(1), new Uint8Array(1), 1, 33)).rejects.toThrow(RangeError);
  });
});

describe('kdf bounds', () => {
  it('accepts the defaults and the maxima', () => {
    expect(checkScryptCost(2 ** 18, 8, 1)).toEqual({ n: 2 ** 18, r: 8, p: 1 });
    expect(checkScryptCost(2 ** 20, 8, 2)).toEqual({ n: 2 ** 20, r: 8, p: 2 });
    expect(checkPbkdf2Cost(2 ** 24)).toBe(2 ** 24);
  });

  it('rejects hostile or malformed scrypt parameters', () => {
    for (const [n, r, p] of [
      [2 ** 21, 8, 1], // n too large
      [3000, 8, 1], // not a power of two
      [1, 8, 1],
      [0, 8, 1],
      [2 ** 18, 64, 1], // 2 GiB
      [2 ** 18, 8, 100], // too much work
      [2 ** 18, 0, 1],
      [2 ** 18, 8, 0],
      [2 ** 18, 8.5, 1],
      ['16', 8, 1],
      [undefined, 8, 1],
    ]) {
      expect(() => checkScryptCost(n, r, p)).toThrow(code('KEYSTORE_BAD_PARAMS'));
    }
  });

  it('rejects hostile or malformed pbkdf2 counts', () => {
    for (const c of [2 ** 24 + 1, 0, -1, 1.5, Infinity, NaN, '262144', null]) {
      expect(() => checkPbkdf2Cost(c)).toThrow(code('KEYSTORE_BAD_PARAMS'));
    }
  });
});
