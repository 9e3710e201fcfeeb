/** The deposit check's typed data, digest and signer recovery (src/core/eth/depositCheck.ts) against viem. */
import { hashTypedData, recoverTypedDataAddress, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { isSvError } from '../../../src/core/errors.js';
import {
  DEPOSIT_CHECK_DOMAIN_NAME,
  depositCheckDigest,
  depositCheckDomainSeparator,
  depositCheckTypedData,
  recoverDepositCheckSigner,
} from '../../../src/core/eth/depositCheck.js';

const input = {
  chainId: 17000,
  vault: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  pubkey: `0x${'a1'.repeat(48)}`,
  depositDataRoot: `0x${'b2'.repeat(32)}`,
  depositRoot: `0x${'c3'.repeat(32)}`,
};
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const;
const account = privateKeyToAccount(KEY);
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function withS(sig: Hex, s: bigint, v: number): Hex {
  return `${sig.slice(0, 66)}${s.toString(16).padStart(64, '0')}${v.toString(16).padStart(2, '0')}` as Hex;
}

describe('deposit check', () => {
  it('typed data hashes (viem) to the hand-made digest', () => {
    const typed = depositCheckTypedData(input);
    expect(typed.domain).toEqual({ name: DEPOSIT_CHECK_DOMAIN_NAME, version: '1', chainId: 17000, verifyingContract: input.vault });
    expect(typed.message).toEqual({ pubkey: input.pubkey, depositDataRoot: input.depositDataRoot, depositRoot: input.depositRoot });
    expect(depositCheckDigest(input)).toBe(hashTypedData(typed));
    // Each field is bound: changing any one changes the digest.
    const digest = depositCheckDigest(input);
    for (const over of [{ chainId: 1 }, { vault: '0x' + '11'.repeat(20) }, { pubkey: `0x${'a2'.repeat(48)}` }, { depositDataRoot: `0x${'b3'.repeat(32)}` }, { depositRoot: `0x${'c4'.repeat(32)}` }]) {
      const other = { ...input, ...over };
      expect(depositCheckDigest(other)).not.toBe(digest);
      expect(depositCheckDigest(other)).toBe(hashTypedData(depositCheckTypedData(other)));
    }
    expect(depositCheckDomainSeparator(17000, input.vault)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('accepts upper-case hex and refuses malformed input in words', () => {
    expect(depositCheckDigest({ ...input, pubkey: input.pubkey.toUpperCase().replace('0X', '0x') })).toBe(depositCheckDigest(input));
    const refuse = (over: object, code: string) => {
      let caught: unknown;
      try {
        depositCheckDigest({ ...input, ...over });
      } catch (e) {
        caught = e;
      }
      expect(isSvError(caught, code as never), String(caught)).toBe(true);
    };
    refuse({ pubkey: `0x${'a1'.repeat(47)}` }, 'ETH_BAD_LENGTH');
    refuse({ depositRoot: '0x1234' }, 'ETH_BAD_LENGTH');
    refuse({ depositDataRoot: `0x${'zz'.repeat(32)}` }, 'ETH_BAD_HEX');
    refuse({ vault: '0x1234' }, 'ETH_BAD_ADDRESS');
    refuse({ vault: '0x5fbdb2315678afecb367f032d93F642f64180aa3' }, 'ETH_BAD_ADDRESS'); // bad checksum
    refuse({ chainId: 0 }, 'ETH_BAD_SIGNATURE');
  });

  it('recovers the signer of a wallet signature, under the vault rules', async () => {
    const sig = await account.signTypedData(depositCheckTypedData(input));
    const digest = depositCheckDigest(input);
    expect(recoverDepositCheckSigner(digest, sig)).toBe(account.address);
    expect(await recoverTypedDataAddress({ ...depositCheckTypedData(input), signature: sig })).toBe(account.address);
    // Another digest recovers someone else.
    expect(recoverDepositCheckSigner(depositCheckDigest({ ...input, depositRoot: `0x${'00'.repeat(32)}` }), sig)).not.toBe(account.address);
    // The malleable twin (n - s, flipped v) is refused although ECDSA accepts it.
    const s = BigInt(`0x${sig.slice(66, 130)}`);
    const v = parseInt(sig.slice(130), 16);
    const twin = withS(sig, N - s, v === 27 ? 28 : 27);
    expect(() => recoverDepositCheckSigner(digest, twin)).toThrow(/high s/);
    // v = 0/1 is refused (the vault accepts only 27/28), as are r or s out of range and wrong lengths.
    expect(() => recoverDepositCheckSigner(digest, withS(sig, s, v - 27))).toThrow(/27 or 28/);
    expect(() => recoverDepositCheckSigner(digest, withS(sig, 0n, v))).toThrow(/out of range/);
    expect(() => recoverDepositCheckSigner(digest, sig.slice(0, 130))).toThrow(/65 bytes/);
    expect(() => recoverDepositCheckSigner('0x12', sig)).toThrow(/32 bytes/);
  });
});
