import { describe, expect, it } from 'vitest';
import { hashTypedData, recoverTypedDataAddress, hexToBytes as viemHexToBytes, bytesToHex as viemBytesToHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  APPROVAL_TYPES,
  approvalDigest,
  approvalTypedData,
  deriveCeremonyKeys,
  recoverApprovalSigner,
  signApprovalDigest,
  type ApprovalInput,
  type ApprovalTypedData,
} from '../../../../src/core/dkg/crypto/index.js';
import { SECP256K1_ORDER } from '../../../../src/core/crypto/index.js';
import { hex, toHex } from '../../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
/** viem types uint256 chainId as bigint when EIP712Domain is listed; the wallet JSON carries a number, which viem
 * accepts at run time. The very object we hand to wallets goes to viem unchanged; only its static type is erased. */
const asViem = (td: ApprovalTypedData) => td as never;

const PRIVATE_KEY = `0x${'4c'.repeat(32)}` as const;
const account = privateKeyToAccount(PRIVATE_KEY);
const keys = deriveCeremonyKeys(hex('91'.repeat(32)), hex('92'.repeat(32)));
const input: ApprovalInput = {
  chainId: 17000,
  configHash: hex('92'.repeat(32)),
  index: 3,
  identityKey: keys.identityKey,
  encryptionKey: keys.encryptionKey,
};

describe('EIP-712 CeremonyApproval (PROTOCOL.md §2)', () => {
  it('builds eth_signTypedData_v4 data', () => {
    const td = approvalTypedData(input);
    expect(td.primaryType).toBe('CeremonyApproval');
    expect(td.domain).toEqual({ name: 'Shared Validator', version: '1', chainId: 17000 });
    expect(td.types).toBe(APPROVAL_TYPES);
    expect(td.message).toEqual({
      configHash: `0x${'92'.repeat(32)}`,
      index: 3,
      identityKey: `0x${toHex(keys.identityKey)}`,
      encryptionKey: `0x${toHex(keys.encryptionKey)}`,
    });
    expect(JSON.parse(JSON.stringify(td))).toEqual(td); // plain JSON for the wallet
  });

  it('digest equals viem hashTypedData', () => {
    for (const chainId of [1, 17000, 560048]) {
      for (const index of [1, 3, 65535]) {
        const inp = { ...input, chainId, index };
        expect(`0x${toHex(approvalDigest(inp))}`).toBe(hashTypedData(asViem(approvalTypedData(inp))));
      }
    }
  });

  it('recovers the signer of a viem signature', async () => {
    const td = approvalTypedData(input);
    const signature = await account.signTypedData(asViem(td));
    expect(recoverApprovalSigner(approvalDigest(input), viemHexToBytes(signature))).toBe(account.address);
    expect(await recoverTypedDataAddress({ ...td, signature } as never)).toBe(account.address);
  });

  it('signs byte for byte like viem (RFC 6979), with v = 27/28', async () => {
    for (const index of [1, 2, 3, 4, 5, 6]) {
      const inp = { ...input, index };
      const ours = signApprovalDigest(viemHexToBytes(PRIVATE_KEY), approvalDigest(inp));
      expect(viemBytesToHex(ours)).toBe(await account.signTypedData(asViem(approvalTypedData(inp))));
      expect([27, 28]).toContain(ours[64]);
      expect(recoverApprovalSigner(approvalDigest(inp), ours)).toBe(account.address);
    }
  });

  it('accepts v = 0/1, rejects other v, high s, bad r/s and bad lengths', () => {
    const digest = approvalDigest(input);
    const sig = signApprovalDigest(viemHexToBytes(PRIVATE_KEY), digest);
    const v01 = sig.slice();
    v01[64] = (sig[64] as number) - 27;
    expect(recoverApprovalSigner(digest, v01)).toBe(account.address);
    for (const v of [2, 26, 29, 35, 255]) {
      const bad = sig.slice();
      bad[64] = v;
      expect(() => recoverApprovalSigner(digest, bad)).toThrow(code('DKG_BAD_SIGNATURE'));
    }
    // EIP-2: the malleable twin (r, n - s, v ^ 1) is valid ECDSA but refused
    const s = BigInt('0x' + toHex(sig.slice(32, 64)));
    const high = Uint8Array.from([...sig.slice(0, 32), ...hex((SECP256K1_ORDER - s).toString(16).padStart(64, '0')), 27 + (((sig[64] as number) - 27) ^ 1)]);
    const twin = secp256k1.Signature.fromBytes(high.slice(0, 64), 'compact').addRecoveryBit((high[64] as number) - 27);
    expect(twin.recoverPublicKey(digest).toHex(true)).toBe(toHex(secp256k1.getPublicKey(viemHexToBytes(PRIVATE_KEY))));
    expect(() => recoverApprovalSigner(digest, high)).toThrow(code('DKG_BAD_SIGNATURE'));
    const zeroR = sig.slice();
    zeroR.fill(0, 0, 32);
    expect(() => recoverApprovalSigner(digest, zeroR)).toThrow(code('DKG_BAD_SIGNATURE'));
    expect(() => recoverApprovalSigner(digest, sig.slice(0, 64))).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => recoverApprovalSigner(digest.slice(1), sig)).toThrow(code('DKG_BAD_LENGTH'));
    // another digest recovers to someone else
    expect(recoverApprovalSigner(hex('00'.repeat(31) + '01'), sig)).not.toBe(account.address);
  });

  it('rejects malformed input with coded errors', () => {
    expect(() => approvalDigest({ ...input, chainId: 0 })).toThrow(code('DKG_BAD_PARAM'));
    expect(() => approvalTypedData({ ...input, chainId: 1.5 })).toThrow(code('DKG_BAD_PARAM'));
    expect(() => approvalDigest({ ...input, index: 0 })).toThrow(code('DKG_BAD_INDEX'));
    expect(() => approvalDigest({ ...input, index: 65536 })).toThrow(code('DKG_BAD_INDEX'));
    expect(() => approvalDigest({ ...input, configHash: new Uint8Array(31) })).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => approvalDigest({ ...input, identityKey: keys.encryptionKey })).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => approvalDigest({ ...input, encryptionKey: keys.identityKey })).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => signApprovalDigest(new Uint8Array(32), approvalDigest(input))).toThrow(code('DKG_BAD_SCALAR'));
  });
});
