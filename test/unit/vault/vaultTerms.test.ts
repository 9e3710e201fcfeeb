import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../../src/app/buildDefinition.js';
import {
  formatVaultTerms,
  parseVaultTerms,
  vaultConfigOf,
  vaultSalt,
  vaultTermsOfLink,
  vaultTermsProblem,
  withVaultTerms,
  withdrawalAddressOf,
  type VaultTerms,
} from '../../../src/app/vaultTerms.js';
import { vaultDepositOf } from '../../../src/app/vaultDeposit.js';
import { joinLink } from '../../../src/app/joinLink.js';
import { isSvError } from '../../../src/core/errors.js';
import { createDepositData, executionWithdrawalCredentials, formatDepositFile, getNetwork } from '../../../src/core/eth/index.js';
import { parseAddress } from '../../../src/core/eth/address.js';
import { bytesToHex } from '../../../src/core/bytes.js';

const VAULT = '0x5555555555555555555555555555555555555555';
const OPERATORS = ['0x4444444444444444444444444444444444444444', '0x1111111111111111111111111111111111111111', '0x3333333333333333333333333333333333333333', '0x2222222222222222222222222222222222222222'];
const NOW = 1_790_000_000;
const definition = buildDefinition({ operators: OPERATORS, network: 'devnet', withdrawalAddress: VAULT, feeRecipient: VAULT, now: NOW, uuid: '0f8fad5b-d9cb-469f-a165-70867728950e' });
const terms: VaultTerms = { bondPerOperator: 2n * 10n ** 18n, termSeconds: 3600, commissionBps: 1000, fundingDeadline: NOW + 86_400 };

describe('vault terms', () => {
  it('round-trip through the join link beside the definition', () => {
    const link = withVaultTerms(joinLink('http://127.0.0.1:5173/', definition), terms);
    expect(link).toMatch(/&v=2000000000000000000\.3600\.1000\.1790086400$/);
    expect(vaultTermsOfLink(link)).toEqual(terms);
    expect(vaultTermsOfLink(joinLink('http://127.0.0.1:5173/', definition))).toBeUndefined();
    expect(parseVaultTerms(formatVaultTerms(terms))).toEqual(terms);
  });

  it('refuse damaged terms in words', () => {
    for (const bad of ['', '1.2.3', 'x.1.1.1', '0.1.1.1', '1.0.1.1', '1.1.10001.1', '01.1.1.1', '1.9999999999999999.1.1', `${33n * 10n ** 18n}.1.1.1`, '1.1.1.1.1']) {
      let error: unknown;
      try {
        parseVaultTerms(bad);
      } catch (e) {
        error = e;
      }
      expect(isSvError(error, 'VAULT_BAD_TERMS'), bad).toBe(true);
    }
  });

  it('state the factory rules as problems', () => {
    expect(vaultTermsProblem(terms, 4, NOW)).toBeUndefined();
    expect(vaultTermsProblem(terms, 2, NOW)).toMatch(/3 to 16 operators/);
    expect(vaultTermsProblem(terms, 17, NOW)).toMatch(/3 to 16 operators/);
    expect(vaultTermsProblem({ ...terms, bondPerOperator: 9n * 10n ** 18n }, 4, NOW)).toMatch(/more than 32 ETH/);
    expect(vaultTermsProblem({ ...terms, commissionBps: 10_001 }, 4, NOW)).toMatch(/commission/);
    expect(vaultTermsProblem({ ...terms, fundingDeadline: NOW }, 4, NOW)).toMatch(/future/);
    expect(vaultTermsProblem({ ...terms, fundingDeadline: NOW + 30 * 86_400 }, 4, NOW)).toBeUndefined();
    expect(vaultTermsProblem({ ...terms, fundingDeadline: NOW + 30 * 86_400 + 1 }, 4, NOW)).toMatch(/at most 30 days/);
  });

  it('make the factory config: sorted operators, capacity, credential type, uuid salt', () => {
    const config = vaultConfigOf(definition, terms);
    expect(config.operators).toEqual([...OPERATORS].sort());
    expect(config.threshold).toBe(3);
    expect(config.stakerCapacity).toBe(24n * 10n ** 18n);
    expect(config.credentialType).toBe(1);
    expect(config.salt).toBe(`0x${'0'.repeat(32)}0f8fad5bd9cb469fa16570867728950e`);
    expect(vaultSalt(definition.uuid)).toBe(config.salt);
    expect(withdrawalAddressOf(definition)).toBe(VAULT);
    const compounding = buildDefinition({ operators: OPERATORS, network: 'devnet', withdrawalAddress: VAULT, credentialType: '02', now: NOW, uuid: definition.uuid });
    expect(vaultConfigOf(compounding, terms).credentialType).toBe(2);
  });

  it('refuse ceremonies a vault cannot fund', () => {
    const two = buildDefinition({ operators: OPERATORS, network: 'devnet', withdrawalAddress: VAULT, validators: 2, now: NOW, uuid: definition.uuid });
    expect(() => vaultConfigOf(two, terms)).toThrow(/exactly one validator/);
    const small = buildDefinition({ operators: OPERATORS, network: 'devnet', withdrawalAddress: VAULT, amountGwei: '1000000000', now: NOW, uuid: definition.uuid });
    expect(() => vaultConfigOf(small, terms)).toThrow(/exactly 32 ETH/);
  });
});

describe('the deposit an operator attests', () => {
  const network = getNetwork('devnet');
  const secret = new Uint8Array(32).fill(7);
  const fileFor = (address: string, amount = 32_000_000_000n) =>
    formatDepositFile([createDepositData(secret, { withdrawalCredentials: executionWithdrawalCredentials(parseAddress(address), 1), amount, network })], network);
  const entry = JSON.parse(fileFor(VAULT))[0] as { pubkey: string };

  it('is the verified deposit into the vault', () => {
    const result = vaultDepositOf(fileFor(VAULT), definition, `0x${entry.pubkey}`);
    expect(result.problems).toEqual([]);
    expect(result.deposit?.pubkey).toBe(`0x${entry.pubkey}`);
    expect(result.deposit?.signature).toMatch(/^0x[0-9a-f]{192}$/);
    expect(result.deposit?.depositDataRoot).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('is the same deposit when the file writes hex with 0x and in upper case', () => {
    const plain = vaultDepositOf(fileFor(VAULT), definition, `0x${entry.pubkey}`);
    const shouted = (JSON.parse(fileFor(VAULT)) as Record<string, unknown>[]).map((e) => {
      const out: Record<string, unknown> = { ...e, amount: String(e.amount) };
      for (const k of ['pubkey', 'withdrawal_credentials', 'signature', 'deposit_message_root', 'deposit_data_root', 'fork_version']) out[k] = `0x${String(e[k]).toUpperCase()}`;
      return out;
    });
    const result = vaultDepositOf(JSON.stringify(shouted), definition, `0x${entry.pubkey.toUpperCase()}`);
    expect(result.problems).toEqual([]);
    expect(result.deposit).toEqual(plain.deposit);
    expect(result.deposit?.pubkey).toBe(`0x${entry.pubkey}`);
  });

  it('is refused with reasons when anything differs', () => {
    const key = `0x${entry.pubkey}`;
    const other = JSON.parse(fileFor('0x6666666666666666666666666666666666666666'))[0] as { pubkey: string };
    expect(other.pubkey).toBe(entry.pubkey);
    expect(vaultDepositOf(fileFor('0x6666666666666666666666666666666666666666'), definition, key).problems.join()).toMatch(/not the vault/);
    expect(vaultDepositOf(fileFor(VAULT), definition, `0x${'ab'.repeat(48)}`).problems.join()).toMatch(/group key/);
    expect(vaultDepositOf(fileFor(VAULT), definition, undefined).problems).toEqual(["the ceremony's group key is not known yet"]);
    const tampered = JSON.parse(fileFor(VAULT)) as { signature: string }[];
    tampered[0]!.signature = bytesToHex(new Uint8Array(96).fill(1));
    const bad = vaultDepositOf(JSON.stringify(tampered), definition, key);
    expect(bad.deposit).toBeUndefined();
    expect(bad.problems.join()).toMatch(/entry 0: .*signature/i);
    expect(vaultDepositOf('not json', definition, key).problems).toEqual(['the deposit file is not JSON']);
    const two = JSON.stringify([...JSON.parse(fileFor(VAULT)), ...JSON.parse(fileFor(VAULT))]);
    const twice = vaultDepositOf(two, definition, key);
    expect(twice.deposit).toBeUndefined();
    expect(twice.problems.join()).toMatch(/same pubkey as entry 0/);
  });
});
