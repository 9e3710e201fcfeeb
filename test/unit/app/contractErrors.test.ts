import { describe, expect, it } from 'vitest';
import { contractErrorInWords } from '../../../src/adapters/chain/contractErrors.js';
import { clusterFactoryAbi } from '../../../src/adapters/chain/clusterFactory.generated.js';
import { clusterVaultAbi } from '../../../src/adapters/chain/clusterVault.generated.js';

describe('contract errors in words', () => {
  it('has a sentence for every custom error of the factory and the vault', () => {
    const errors = [...clusterFactoryAbi, ...clusterVaultAbi].filter((x) => x.type === 'error');
    expect(errors.length).toBeGreaterThan(30);
    for (const e of errors) {
      const args = e.inputs.map((i) => (i.type === 'address' ? '0x1111111111111111111111111111111111111111' : 1_000_000_000_000_000_000n));
      const words = contractErrorInWords(e.name, args);
      expect(words, e.name).toBeDefined();
      expect(words, e.name).not.toMatch(/undefined|NaN|\$\{/);
    }
  });

  it('puts amounts in ETH, times in UTC and phases by name', () => {
    expect(contractErrorInWords('WrongBond', [2n * 10n ** 18n, 10n ** 18n])).toBe('The bond must be exactly 2 ETH; 1 ETH was sent.');
    expect(contractErrorInWords('FundingClosed', [1_790_000_000n])).toBe('Funding closed at 2026-09-21 14:13:20 UTC.');
    expect(contractErrorInWords('WrongPhase', [4])).toBe('The vault is in its Cancelled phase, where this is not allowed.');
    expect(contractErrorInWords('SomethingElse')).toBeUndefined();
  });
});
