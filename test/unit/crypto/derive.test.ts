import { describe, expect, it } from 'vitest';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { CURVE_ORDER } from '../../../src/core/bls/index.js';
import { SECP256K1_ORDER, deriveBlsScalar, deriveBytes, deriveSecpScalar } from '../../../src/core/crypto/index.js';
import { deriveCeremonyKeys } from '../../../src/core/dkg/crypto/index.js';
import { hex, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });

describe('deriveBytes (HKDF-SHA256)', () => {
  it('matches RFC 5869 test case 1', () => {
    const ikm = hex('0b'.repeat(22));
    const salt = hex('000102030405060708090a0b0c');
    const info = hex('f0f1f2f3f4f5f6f7f8f9');
    expect(toHex(deriveBytes(ikm, salt, info, 42))).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('encodes a string info as UTF-8', () => {
    const ikm = hex('01'.repeat(32));
    expect(toHex(deriveBytes(ikm, new Uint8Array(0), 'sv', 16))).toBe(toHex(deriveBytes(ikm, new Uint8Array(0), hex('7376'), 16)));
  });

  it('rejects bad arguments', () => {
    expect(() => deriveBytes(new Uint8Array(1), new Uint8Array(0), 'x', 0)).toThrow(code('DKG_BAD_PARAM'));
    expect(() => deriveBytes(new Uint8Array(1), new Uint8Array(0), 'x', 255 * 32 + 1)).toThrow(code('DKG_BAD_PARAM'));
    expect(() => deriveBytes('x' as unknown as Uint8Array, new Uint8Array(0), 'x', 1)).toThrow(code('DKG_BAD_PARAM'));
  });
});

describe('derived scalars', () => {
  it('are 64 HKDF bytes mod the order, deterministic and in [1, order)', () => {
    const ikm = hex('02'.repeat(32));
    const salt = hex('03'.repeat(32));
    const wide = BigInt('0x' + toHex(deriveBytes(ikm, salt, 'k', 64)));
    expect(deriveBlsScalar(ikm, salt, 'k')).toBe(wide % CURVE_ORDER);
    expect(deriveSecpScalar(ikm, salt, 'k')).toBe(wide % SECP256K1_ORDER);
    expect(deriveSecpScalar(ikm, salt, 'k')).toBe(deriveSecpScalar(ikm, salt, 'k'));
    expect(deriveSecpScalar(ikm, salt, 'k2')).not.toBe(deriveSecpScalar(ikm, salt, 'k'));
  });
});

describe('deriveCeremonyKeys', () => {
  const seed = hex('11'.repeat(32));
  const configHash = hex('22'.repeat(32));

  it('derives valid, deterministic keys from (seed, configHash)', () => {
    const k = deriveCeremonyKeys(seed, configHash);
    const again = deriveCeremonyKeys(seed, configHash);
    expect(toHex(k.identitySecret)).toBe(toHex(again.identitySecret));
    expect(toHex(k.identityKey)).toBe(toHex(again.identityKey));
    expect(k.encryptionSecret).toBe(again.encryptionSecret);
    expect(k.identitySecret.length).toBe(32);
    expect(toHex(k.identityKey)).toBe(toHex(schnorr.getPublicKey(k.identitySecret)));
    expect(k.encryptionKey.length).toBe(33);
    expect(k.encryptionSecret > 0n && k.encryptionSecret < SECP256K1_ORDER).toBe(true);
    expect(toHex(k.encryptionKey)).toBe(toHex(secp256k1.Point.BASE.multiply(k.encryptionSecret).toBytes(true)));
    // the two keys are independent (different HKDF info)
    expect(BigInt('0x' + toHex(k.identitySecret))).not.toBe(k.encryptionSecret);
    // HKDF(seed, salt = configHash, info = "sv-dkg/1/encryption")
    expect(k.encryptionSecret).toBe(deriveSecpScalar(seed, configHash, 'sv-dkg/1/encryption'));
  });

  it('gives unrelated keys for another configHash or seed', () => {
    const k = deriveCeremonyKeys(seed, configHash);
    const other = deriveCeremonyKeys(seed, hex('23'.repeat(32)));
    const other2 = deriveCeremonyKeys(hex('12'.repeat(32)), configHash);
    for (const o of [other, other2]) {
      expect(toHex(o.identityKey)).not.toBe(toHex(k.identityKey));
      expect(toHex(o.encryptionKey)).not.toBe(toHex(k.encryptionKey));
    }
  });

  it('rejects a seed or configHash of the wrong length', () => {
    expect(() => deriveCeremonyKeys(new Uint8Array(31), configHash)).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => deriveCeremonyKeys(seed, new Uint8Array(33))).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => deriveCeremonyKeys('x' as unknown as Uint8Array, configHash)).toThrow(code('DKG_BAD_LENGTH'));
  });
});
