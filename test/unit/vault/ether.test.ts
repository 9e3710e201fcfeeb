// Amounts of ether typed by people: parsed as viem's parseEther does (rounded half up past 18 decimals), and written back.
import { formatEther, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { formatEtherAmount, parseEtherAmount } from '../../../src/core/vault/ether.js';

describe('ether amounts', () => {
  it('parses like viem', () => {
    for (const text of ['2', '0.5', '.25', '1.', '-1', '0', '28', '1.000000000000000001', '1.0000000000000000015', '1.0000000000000000014', '123456.789']) {
      expect(parseEtherAmount(text), text).toBe(parseEther(text));
    }
  });

  it('refuses what is not a number', () => {
    for (const text of ['', '.', 'abc', '1e18', '1,5', '0x10', '--1', '1.2.3', ' 1']) expect(parseEtherAmount(text), text).toBeUndefined();
  });

  it('formats like viem', () => {
    for (const wei of [0n, 1n, 10n ** 18n, 5n * 10n ** 17n, 2n * 10n ** 18n + 1n, -(10n ** 18n), 123_456_789n * 10n ** 12n]) expect(formatEtherAmount(wei)).toBe(formatEther(wei));
  });
});
