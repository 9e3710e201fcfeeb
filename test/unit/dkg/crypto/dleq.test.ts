import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { SECP256K1_ORDER } from '../../../../src/core/crypto/index.js';
import { deriveCeremonyKeys, ecdh, proveDleq, verifyDleq } from '../../../../src/core/dkg/crypto/index.js';
import { hex, toHex } from '../../../helpers.js';

const P = secp256k1.Point;

describe('DLEQ accusation proofs (PROTOCOL.md §3 M2)', () => {
  const accuser = deriveCeremonyKeys(hex('71'.repeat(32)), hex('72'.repeat(32)));
  const other = deriveCeremonyKeys(hex('73'.repeat(32)), hex('72'.repeat(32)));
  const R = P.BASE.multiply(0xdeadbeefn).toBytes(true);
  const sid = hex('74'.repeat(32));
  const { K, proof } = proveDleq({ secret: accuser.encryptionSecret, dealerPoint: R, sid, i: 1, j: 3 });
  const good = { recipientKey: accuser.encryptionKey, dealerPoint: R, K, proof, sid, i: 1, j: 3 };

  it('reveals K_ij = ek_j·R_i and verifies; deterministic', () => {
    expect(toHex(K)).toBe(toHex(ecdh(accuser.encryptionSecret, R)));
    expect(verifyDleq(good)).toBe(true);
    const again = proveDleq({ secret: accuser.encryptionSecret, dealerPoint: R, sid, i: 1, j: 3 });
    expect(toHex(again.proof.c) + toHex(again.proof.z)).toBe(toHex(proof.c) + toHex(proof.z));
  });

  it('fails for a wrong K (a false accusation)', () => {
    const wrongK = P.BASE.multiply(12345n).toBytes(true);
    expect(verifyDleq({ ...good, K: wrongK })).toBe(false);
    // a proof honestly made by someone else does not transfer to this accuser
    const foreign = proveDleq({ secret: other.encryptionSecret, dealerPoint: R, sid, i: 1, j: 3 });
    expect(verifyDleq({ ...good, K: foreign.K, proof: foreign.proof })).toBe(false);
    expect(verifyDleq({ ...good, recipientKey: other.encryptionKey })).toBe(false);
  });

  it('fails for another index, sid or dealer point', () => {
    expect(verifyDleq({ ...good, i: 2 })).toBe(false);
    expect(verifyDleq({ ...good, j: 4 })).toBe(false);
    expect(verifyDleq({ ...good, sid: hex('75'.repeat(32)) })).toBe(false);
    expect(verifyDleq({ ...good, dealerPoint: P.BASE.toBytes(true) })).toBe(false);
  });

  it('fails for a tampered or non-canonical proof and malformed input (never throws)', () => {
    for (const f of ['c', 'z'] as const) {
      const bad = proof[f].slice();
      bad[31] = (bad[31] as number) ^ 1;
      expect(verifyDleq({ ...good, proof: { ...proof, [f]: bad } })).toBe(false);
    }
    const n = hex(SECP256K1_ORDER.toString(16).padStart(64, '0')); // non-canonical encodings of 0
    expect(verifyDleq({ ...good, proof: { c: proof.c, z: n } })).toBe(false);
    expect(verifyDleq({ ...good, proof: { c: n, z: proof.z } })).toBe(false);
    expect(verifyDleq({ ...good, proof: { c: proof.c, z: new Uint8Array(32).fill(0xff) } })).toBe(false);
    expect(verifyDleq({ ...good, proof: { c: proof.c.slice(1), z: proof.z } })).toBe(false);
    expect(verifyDleq({ ...good, K: new Uint8Array(33) })).toBe(false);
    expect(verifyDleq({ ...good, recipientKey: K.slice(1) })).toBe(false);
    expect(verifyDleq({ ...good, i: 0 })).toBe(false);
    expect(verifyDleq({ ...good, j: 1 })).toBe(false);
    expect(verifyDleq({ ...good, proof: null as never })).toBe(false);
  });
});
