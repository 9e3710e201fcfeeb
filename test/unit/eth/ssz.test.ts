import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  merkleize,
  pack,
  serializeDepositData,
  serializeUint64,
  serializeVoluntaryExit,
  uint64Root,
  bytesRoot,
  hashTreeRootDepositMessage,
} from '../../../src/core/eth/index.js';
import { concatBytes } from '../../../src/core/bytes.js';
import { toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });

describe('ssz primitives', () => {
  it('uint64 is 8 bytes little-endian; root is right-padded to 32', () => {
    expect(toHex(serializeUint64(0x0102030405060708n))).toBe('0807060504030201');
    expect(toHex(uint64Root(1n))).toBe(`01${'00'.repeat(31)}`);
    expect(toHex(serializeUint64((1n << 64n) - 1n))).toBe('ff'.repeat(8));
    expect(() => serializeUint64(1n << 64n)).toThrow(code('ETH_BAD_UINT64'));
    expect(() => serializeUint64(-1n)).toThrow(code('ETH_BAD_UINT64'));
    expect(() => serializeUint64(5 as unknown as bigint)).toThrow(code('ETH_BAD_UINT64'));
  });

  it('pack pads the last chunk; merkleize pads to a power of two', () => {
    expect(pack(new Uint8Array(48)).length).toBe(2);
    expect(pack(new Uint8Array(0)).length).toBe(1);
    const c = [1, 2, 3].map((i) => new Uint8Array(32).fill(i));
    const z = new Uint8Array(32);
    const h = (a: Uint8Array, b: Uint8Array) => sha256(concatBytes(a, b));
    expect(toHex(merkleize(c))).toBe(toHex(h(h(c[0]!, c[1]!), h(c[2]!, z))));
    expect(toHex(merkleize([c[0]!]))).toBe(toHex(c[0]!));
    expect(toHex(merkleize([]))).toBe(toHex(z));
  });

  it('Bytes48 root is the hash of its two packed chunks', () => {
    const pk = new Uint8Array(48).fill(7);
    const second = new Uint8Array(32);
    second.set(pk.subarray(32));
    expect(toHex(bytesRoot(pk, 48, 'pubkey'))).toBe(toHex(sha256(concatBytes(pk.subarray(0, 32), second))));
    expect(() => bytesRoot(new Uint8Array(47), 48, 'pubkey')).toThrow(code('ETH_BAD_LENGTH'));
  });

  it('serializes fixed containers by concatenation', () => {
    expect(toHex(serializeVoluntaryExit({ epoch: 1n, validatorIndex: 2n }))).toBe('0100000000000000' + '0200000000000000');
    const d = { pubkey: new Uint8Array(48).fill(1), withdrawalCredentials: new Uint8Array(32).fill(2), amount: 32000000000n, signature: new Uint8Array(96).fill(3) };
    const s = serializeDepositData(d);
    expect(toHex(s.subarray(80, 88))).toBe('0040597307000000');
    expect(s.length).toBe(184);
  });

  it('rejects wrong field lengths with ETH_BAD_LENGTH', () => {
    expect(() => hashTreeRootDepositMessage({ pubkey: new Uint8Array(48), withdrawalCredentials: new Uint8Array(31), amount: 1n })).toThrow(code('ETH_BAD_LENGTH'));
  });
});
