import { describe, expect, it } from 'vitest';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import {
  CURVE_ORDER,
  ETH_BLS_DST,
  G1,
  decodePublicKey,
  decodeScalar,
  decodeSecretKey,
  decodeSignature,
  encodeSecretKey,
  secretToPublicKey,
  sign,
  verify,
} from '../../../src/core/bls/index.js';
import { bigIntToBytesBE } from '../../../src/core/bytes.js';
import { hex, nonSubgroupG1 } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const Fp = bls12_381.fields.Fp;

describe('BLS decoding rejects bad input with coded errors', () => {
  it('uses the Ethereum proof-of-possession DST', () => {
    expect(ETH_BLS_DST).toBe('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_');
  });

  it('secret keys: zero, >= r, wrong length', () => {
    expect(() => decodeSecretKey(new Uint8Array(32))).toThrow(code('BLS_ZERO_SECRET'));
    expect(() => decodeSecretKey(bigIntToBytesBE(CURVE_ORDER, 32))).toThrow(code('BLS_BAD_SCALAR'));
    expect(() => decodeSecretKey(bigIntToBytesBE(CURVE_ORDER + 1n, 32))).toThrow(code('BLS_BAD_SCALAR'));
    expect(() => decodeSecretKey(new Uint8Array(31).fill(1))).toThrow(code('BLS_BAD_LENGTH'));
    expect(decodeSecretKey(bigIntToBytesBE(CURVE_ORDER - 1n, 32))).toBe(CURVE_ORDER - 1n);
    expect(() => encodeSecretKey(0n)).toThrow(code('BLS_ZERO_SECRET'));
    expect(() => decodeScalar(bigIntToBytesBE(CURVE_ORDER, 32))).toThrow(code('BLS_BAD_SCALAR'));
    expect(decodeScalar(new Uint8Array(32))).toBe(0n);
  });

  it('public keys: identity, off-curve, non-subgroup, non-canonical field element, wrong length', () => {
    const identity = new Uint8Array(48);
    identity[0] = 0xc0;
    expect(() => decodePublicKey(identity)).toThrow(code('BLS_IDENTITY_POINT'));
    expect(() => decodePublicKey(nonSubgroupG1())).toThrow(code('BLS_BAD_POINT'));
    const valid = secretToPublicKey(encodeSecretKey(42n));
    const offCurve = valid.slice();
    offCurve[47]! ^= 1;
    // flipping the low bit of x almost surely leaves the curve or the subgroup
    expect(() => decodePublicKey(offCurve)).toThrow(code('BLS_BAD_POINT'));
    const tooBigX = bigIntToBytesBE(Fp.ORDER, 48);
    tooBigX[0]! |= 0x80;
    expect(() => decodePublicKey(tooBigX)).toThrow(code('BLS_BAD_POINT'));
    expect(() => decodePublicKey(valid.subarray(0, 47))).toThrow(code('BLS_BAD_LENGTH'));
    expect(() => decodePublicKey(G1.BASE.toBytes(false))).toThrow(code('BLS_BAD_LENGTH'));
    expect(decodePublicKey(valid).equals(G1.BASE.multiply(42n))).toBe(true);
  });

  it('signatures: wrong length and bad point; the identity decodes but never verifies', () => {
    const sig = sign(encodeSecretKey(7n), hex('abcd'));
    expect(decodeSignature(sig).is0()).toBe(false);
    const bad = sig.slice();
    bad[95]! ^= 1;
    expect(() => decodeSignature(bad)).toThrow(code('BLS_BAD_POINT'));
    expect(() => decodeSignature(sig.subarray(0, 95))).toThrow(code('BLS_BAD_LENGTH'));
    const identity = new Uint8Array(96);
    identity[0] = 0xc0;
    expect(decodeSignature(identity).is0()).toBe(true);
    expect(verify(secretToPublicKey(encodeSecretKey(7n)), hex('abcd'), identity)).toBe(false);
    expect(verify(secretToPublicKey(encodeSecretKey(7n)), hex('abcd'), sig)).toBe(true);
  });

  it('signs with the Ethereum DST, not noble\'s default', () => {
    const sk = encodeSecretKey(5n);
    const msg = hex('00');
    const noblesDefault = bls12_381.longSignatures.sign(bls12_381.longSignatures.hash(msg), sk);
    expect(Buffer.from(sign(sk, msg))).not.toEqual(Buffer.from(bls12_381.longSignatures.Signature.toBytes(noblesDefault)));
  });
});
