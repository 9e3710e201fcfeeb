import { describe, expect, it } from 'vitest';
import { contractErrorInWords } from '../../../../src/adapters/chain/contractErrors.js';
import { clusterFactoryAbi } from '../../../../src/adapters/chain/clusterFactory.generated.js';
import { clusterVaultAbi } from '../../../../src/adapters/chain/clusterVault.generated.js';

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

  it('explains the deposit check, threshold and funding window errors', () => {
    expect(contractErrorInWords('DepositRootChanged', [`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`])).toMatch(/deposit was made .* after the operators checked .* stays in the vault/);
    expect(contractErrorInWords('WrongCheckCount', [4n, 3n])).toBe('The deposit needs a check from each of the 4 operators; 3 were given.');
    expect(contractErrorInWords('BadThreshold', [3n, 5n])).toBe('A threshold of 3 is not allowed for 5 operators: it must be at least 4 (two thirds) and at most 5.');
    expect(contractErrorInWords('FundingTooLong', [2_592_000n, 2_678_400n])).toBe(
      "The funding deadline may be at most 30 days after the vault's creation; this one is 2678400 seconds (31 days) away.",
    );
  });
});
