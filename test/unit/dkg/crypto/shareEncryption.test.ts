import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  decryptShares,
  decryptSharesWithKey,
  deriveCeremonyKeys,
  ecdh,
  encryptShares,
  shareAad,
  shareKeyNonce,
} from '../../../../src/core/dkg/crypto/index.js';
import { SECP256K1_ORDER } from '../../../../src/core/crypto/index.js';
import { hex, toHex } from '../../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const P = secp256k1.Point;

describe('share encryption (PROTOCOL.md §3 M1)', () => {
  const r = 0x1234567890abcdefn;
  const R = P.BASE.multiply(r).toBytes(true);
  const recipient = deriveCeremonyKeys(hex('51'.repeat(32)), hex('52'.repeat(32)));
  const stranger = deriveCeremonyKeys(hex('53'.repeat(32)), hex('52'.repeat(32)));
  const sid = hex('61'.repeat(32));
  const ch = hex('62'.repeat(32));
  const plaintext = hex('77'.repeat(64)); // V = 2 shares
  const ctx = { dealerPoint: R, sid, i: 2, j: 5, commitmentsHash: ch };
  const ct = encryptShares({ ...ctx, dealerSecret: r, recipientKey: recipient.encryptionKey, plaintext });

  it('ecdh is symmetric and a compressed point', () => {
    const K1 = ecdh(r, recipient.encryptionKey);
    const K2 = ecdh(recipient.encryptionSecret, R);
    expect(K1.length).toBe(33);
    expect(toHex(K1)).toBe(toHex(K2));
  });

  it('ecdh rejects invalid and identity points and bad secrets', () => {
    expect(() => ecdh(r, new Uint8Array(33))).toThrow(code('DKG_BAD_POINT'));
    expect(() => ecdh(r, hex('02' + 'ff'.repeat(32)))).toThrow(code('DKG_BAD_POINT')); // x >= p
    expect(() => ecdh(r, P.BASE.toBytes(false))).toThrow(code('DKG_BAD_LENGTH')); // uncompressed
    expect(() => ecdh(r, new Uint8Array(32))).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => ecdh(0n, R)).toThrow(code('DKG_BAD_SCALAR'));
    expect(() => ecdh(SECP256K1_ORDER, R)).toThrow(code('DKG_BAD_SCALAR'));
  });

  it('derives key || nonce = HKDF(K, sid, "sv-dkg/1/share" || u16 i || u16 j || R_i)', () => {
    const K = ecdh(r, recipient.encryptionKey);
    const okm = hkdf(sha256, K, sid, Uint8Array.from([...new TextEncoder().encode('sv-dkg/1/share'), 0, 2, 0, 5, ...R]), 56);
    const { key, nonce } = shareKeyNonce(K, sid, 2, 5, R);
    expect(toHex(key)).toBe(toHex(okm.slice(0, 32)));
    expect(toHex(nonce)).toBe(toHex(okm.slice(32)));
    expect(toHex(shareAad(sid, 2, 5, ch))).toBe(toHex(sid) + '00020005' + toHex(ch));
    // and that is exactly the AEAD used
    expect(toHex(xchacha20poly1305(key, nonce, shareAad(sid, 2, 5, ch)).decrypt(ct))).toBe(toHex(plaintext));
  });

  it('round-trips, deterministically', () => {
    expect(ct.length).toBe(plaintext.length + 16);
    expect(toHex(encryptShares({ ...ctx, dealerSecret: r, recipientKey: recipient.encryptionKey, plaintext }))).toBe(toHex(ct));
    expect(toHex(decryptSharesWithKey({ ...ctx, recipientSecret: recipient.encryptionSecret, ciphertext: ct }) as Uint8Array)).toBe(toHex(plaintext));
    const K = ecdh(recipient.encryptionSecret, R);
    expect(toHex(decryptShares({ ...ctx, sharedPoint: K, ciphertext: ct }) as Uint8Array)).toBe(toHex(plaintext));
  });

  it('returns null for a wrong key, aad, sid or index, or a tampered ciphertext', () => {
    const K = ecdh(recipient.encryptionSecret, R);
    expect(decryptSharesWithKey({ ...ctx, recipientSecret: stranger.encryptionSecret, ciphertext: ct })).toBeNull();
    expect(decryptShares({ ...ctx, sharedPoint: stranger.encryptionKey, ciphertext: ct })).toBeNull();
    expect(decryptShares({ ...ctx, commitmentsHash: hex('63'.repeat(32)), sharedPoint: K, ciphertext: ct })).toBeNull();
    expect(decryptShares({ ...ctx, sid: hex('64'.repeat(32)), sharedPoint: K, ciphertext: ct })).toBeNull();
    expect(decryptShares({ ...ctx, i: 3, sharedPoint: K, ciphertext: ct })).toBeNull();
    expect(decryptShares({ ...ctx, j: 4, sharedPoint: K, ciphertext: ct })).toBeNull();
    expect(decryptShares({ ...ctx, dealerPoint: P.BASE.toBytes(true), sharedPoint: K, ciphertext: ct })).toBeNull();
    const bad = ct.slice();
    bad[3] = (bad[3] as number) ^ 0x80;
    expect(decryptShares({ ...ctx, sharedPoint: K, ciphertext: bad })).toBeNull();
    expect(decryptShares({ ...ctx, sharedPoint: K, ciphertext: ct.slice(0, 10) })).toBeNull();
    expect(decryptShares({ ...ctx, sharedPoint: K, ciphertext: ct.slice(0, ct.length - 1) })).toBeNull();
  });

  it('rejects malformed parameters with coded errors', () => {
    const base = { ...ctx, dealerSecret: r, recipientKey: recipient.encryptionKey, plaintext };
    expect(() => encryptShares({ ...base, dealerPoint: P.BASE.toBytes(true) })).toThrow(code('DKG_BAD_PARAM'));
    expect(() => encryptShares({ ...base, recipientKey: new Uint8Array(33) })).toThrow(code('DKG_BAD_POINT'));
    expect(() => encryptShares({ ...base, i: 0 })).toThrow(code('DKG_BAD_INDEX'));
    expect(() => encryptShares({ ...base, j: 2 })).toThrow(code('DKG_BAD_INDEX')); // i === j
    expect(() => encryptShares({ ...base, sid: new Uint8Array(31) })).toThrow(code('DKG_BAD_LENGTH'));
    expect(() => decryptSharesWithKey({ ...ctx, dealerPoint: new Uint8Array(33), recipientSecret: 1n, ciphertext: ct })).toThrow(code('DKG_BAD_POINT'));
  });
});
