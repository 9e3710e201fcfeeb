// EIP-2335 test vectors (ERC-2335 §Test Cases) and the same files as published in ethstaker's collection.
import { describe, expect, it } from 'vitest';
import { decryptKeystore, normalizePassword, parseKeystore, formatKeystore } from '../../src/core/keystore/index.js';
import { readJson, toHex } from '../helpers.js';

interface Params {
  password: string;
  encoded_password_hex: string;
  secret: string;
}
const params = readJson<Params>('eth', 'eip2335', 'eip2335-params.json');
const FILES = ['eip2335-scrypt.json', 'eip2335-pbkdf2.json', 'ethstaker-test0.json', 'ethstaker-test1.json'];

describe('EIP-2335 test vectors', () => {
  it('normalises the vector password to the published encoding', () => {
    expect(toHex(normalizePassword(params.password))).toBe(params.encoded_password_hex);
  });

  for (const file of FILES) {
    it(`${file} decrypts to the published secret`, async () => {
      const ks = readJson('eth', 'eip2335', file);
      const progress: number[] = [];
      const secret = await decryptKeystore(ks, params.password, { onProgress: (f) => progress.push(f) });
      expect(toHex(secret)).toBe(params.secret);
      expect(progress.length).toBeGreaterThan(10);
      expect(progress.at(-1)).toBe(1);
      expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (progress[i - 1] as number)))).toBe(true);
    });
  }

  it('formatKeystore writes the vectors back in their published field order', () => {
    for (const file of ['eip2335-scrypt.json', 'eip2335-pbkdf2.json']) {
      const ks = readJson('eth', 'eip2335', file);
      expect(formatKeystore(parseKeystore(ks))).toBe(`${JSON.stringify(ks, null, 2)}\n`);
    }
  });
});
