import { describe, expect, it } from 'vitest';
import { schnorr } from '@noble/curves/secp256k1.js';
import { signDigestWith, taggedHasher, verifyDigestSig } from '../../../src/core/crypto/index.js';
import { deriveCeremonyKeys, signDigest } from '../../../src/core/dkg/crypto/index.js';
import { hex, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });

describe('envelope signatures (BIP-340)', () => {
  const keys = deriveCeremonyKeys(hex('31'.repeat(32)), hex('32'.repeat(32)));
  const other = deriveCeremonyKeys(hex('33'.repeat(32)), hex('32'.repeat(32)));
  const digest = hex('44'.repeat(32));

  it('verifies, also with the reference BIP-340 verifier', () => {
    const sig = signDigest(keys.identitySecret, digest);
    expect(sig.length).toBe(64);
    expect(verifyDigestSig(keys.identityKey, digest, sig)).toBe(true);
    expect(schnorr.verify(sig, digest, keys.identityKey)).toBe(true);
  });

  it('re-signs identically (derived aux randomness)', () => {
    expect(toHex(signDigest(keys.identitySecret, digest))).toBe(toHex(signDigest(keys.identitySecret, digest)));
    expect(toHex(signDigest(keys.identitySecret, hex('45'.repeat(32))))).not.toBe(toHex(signDigest(keys.identitySecret, digest)));
  });

  it('fails for another digest, another key or a tampered signature', () => {
    const sig = signDigest(keys.identitySecret, digest);
    expect(verifyDigestSig(keys.identityKey, hex('45'.repeat(32)), sig)).toBe(false);
    expect(verifyDigestSig(other.identityKey, digest, sig)).toBe(false);
    for (const pos of [0, 31, 32, 63]) {
      const bad = sig.slice();
      bad[pos] = (bad[pos] as number) ^ 1;
      expect(verifyDigestSig(keys.identityKey, digest, bad)).toBe(false);
    }
  });

  it('returns false (never throws) on malformed input', () => {
    const sig = signDigest(keys.identitySecret, digest);
    expect(verifyDigestSig(keys.identityKey, digest, sig.slice(0, 63))).toBe(false);
    expect(verifyDigestSig(keys.identityKey.slice(1), digest, sig)).toBe(false);
    expect(verifyDigestSig(keys.identityKey, digest.slice(1), sig)).toBe(false);
    expect(verifyDigestSig(new Uint8Array(32).fill(0xff), digest, sig)).toBe(false); // x >= p: not a key
    expect(verifyDigestSig(keys.identityKey, digest, new Uint8Array(64).fill(0xff))).toBe(false); // r >= p, s >= n
    expect(verifyDigestSig(null as unknown as Uint8Array, digest, sig)).toBe(false);
  });

  it('rejects bad signing inputs with coded errors', () => {
    expect(() => signDigest(keys.identitySecret, new Uint8Array(31))).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => signDigest(new Uint8Array(32), digest)).toThrow(code('DKG_BAD_SCALAR'));
    expect(() => signDigest(new Uint8Array(32).fill(0xff), digest)).toThrow(code('DKG_BAD_SCALAR'));
  });

  it('derives its aux from the protocol: another protocol signs the same digest differently, both valid', () => {
    const other = signDigestWith(taggedHasher('sv-test/1'), keys.identitySecret, digest);
    const dkg = signDigest(keys.identitySecret, digest);
    expect(toHex(other)).not.toBe(toHex(dkg));
    expect(verifyDigestSig(keys.identityKey, digest, other)).toBe(true);
    expect(toHex(signDigestWith(taggedHasher('sv-dkg/1'), keys.identitySecret, digest))).toBe(toHex(dkg));
  });
});
