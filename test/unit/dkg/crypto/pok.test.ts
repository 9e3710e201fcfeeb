import { describe, expect, it } from 'vitest';
import { CURVE_ORDER, G1, decodePublicKey, encodePublicKey } from '../../../../src/core/bls/index.js';
import { u16be } from '../../../../src/core/crypto/index.js';
import { batchVerifyPoks, hashToBlsScalar, provePok, verifyPok, type VerifyPokInput } from '../../../../src/core/dkg/crypto/index.js';
import { hex, seededBytes, toHex } from '../../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const sid = hex('81'.repeat(32));
const pk = (x: bigint) => encodePublicKey(G1.BASE.multiply(x));
const be32 = (x: bigint) => hex(x.toString(16).padStart(64, '0'));

describe('proof of knowledge of the dealer secret (PROTOCOL.md §3 M1)', () => {
  const a0 = 0x5eed5eed5eed5eedn;
  const C0 = pk(a0);
  const pok = provePok({ secret: a0, sid, dealer: 2, validator: 0 });
  const good: VerifyPokInput = { C0, pok, sid, dealer: 2, validator: 0 };

  it('verifies, for bytes and for a decoded C0, and is deterministic', () => {
    expect(pok.R.length).toBe(48);
    expect(pok.z.length).toBe(32);
    expect(verifyPok(good)).toBe(true);
    expect(verifyPok({ ...good, C0: decodePublicKey(C0) })).toBe(true);
    const again = provePok({ secret: a0, sid, dealer: 2, validator: 0 });
    expect(toHex(again.R) + toHex(again.z)).toBe(toHex(pok.R) + toHex(pok.z));
  });

  it('satisfies z·G = R + c·C0 with c = H2F("pok", sid, u16 i, u16 v, C0, R)', () => {
    const c = hashToBlsScalar('pok', sid, u16be(2), u16be(0), C0, pok.R);
    const z = BigInt('0x' + toHex(pok.z));
    expect(G1.BASE.multiply(z).equals(decodePublicKey(pok.R).add(decodePublicKey(C0).multiply(c)))).toBe(true);
  });

  it('fails when replayed under another sid, dealer index or validator index', () => {
    expect(verifyPok({ ...good, sid: hex('82'.repeat(32)) })).toBe(false);
    expect(verifyPok({ ...good, dealer: 3 })).toBe(false);
    expect(verifyPok({ ...good, validator: 1 })).toBe(false);
  });

  it('fails for malformed, identity or non-canonical parts (never throws)', () => {
    expect(verifyPok({ ...good, C0: pk(a0 + 1n) })).toBe(false);
    expect(verifyPok({ ...good, pok: { R: G1.ZERO.toBytes(true), z: pok.z } })).toBe(false); // identity R'
    expect(verifyPok({ ...good, pok: { R: pok.R.slice(1), z: pok.z } })).toBe(false);
    expect(verifyPok({ ...good, pok: { R: pok.R, z: be32(CURVE_ORDER) } })).toBe(false);
    const zPlusR = BigInt('0x' + toHex(pok.z)) + CURVE_ORDER;
    if (zPlusR < 2n ** 256n) expect(verifyPok({ ...good, pok: { R: pok.R, z: be32(zPlusR) } })).toBe(false); // same z mod r
    const tampered = pok.z.slice();
    tampered[31] = (tampered[31] as number) ^ 1;
    expect(verifyPok({ ...good, pok: { R: pok.R, z: tampered } })).toBe(false);
    expect(verifyPok({ ...good, C0: G1.ZERO })).toBe(false);
    expect(verifyPok({ ...good, C0: new Uint8Array(48) })).toBe(false);
    expect(verifyPok({ ...good, dealer: 0 })).toBe(false);
    expect(verifyPok({ ...good, sid: sid.slice(1) })).toBe(false);
    expect(verifyPok({ ...good, pok: null as never })).toBe(false);
  });

  it('rejects bad proving inputs with coded errors', () => {
    expect(() => provePok({ secret: 0n, sid, dealer: 1, validator: 0 })).toThrow(code('BLS_ZERO_SECRET'));
    expect(() => provePok({ secret: CURVE_ORDER, sid, dealer: 1, validator: 0 })).toThrow(code('BLS_BAD_SCALAR'));
    expect(() => provePok({ secret: a0, sid, dealer: 0, validator: 0 })).toThrow(code('DKG_BAD_INDEX'));
    expect(() => provePok({ secret: a0, sid: new Uint8Array(3), dealer: 1, validator: 0 })).toThrow(code('DKG_BAD_LENGTH'));
  });

  it('stops the rogue-key attack: C0\' = C0_target − Σ others has no provable discrete log', () => {
    // 3 dealers; dealers 1 and 2 are honest, dealer 3 deals last and wants the group key to be target = t·G.
    const honest = [11n, 22n].map((x, k) => ({ a0: x * 1000003n, dealer: k + 1 }));
    const t = 0xbadc0ffeen;
    const rogue = G1.BASE.multiply(t).subtract(G1.BASE.multiply(honest[0]!.a0)).subtract(G1.BASE.multiply(honest[1]!.a0));
    const rogueC0 = encodePublicKey(rogue);
    // Without the PoK the attack would work: the group key sum_i C0_i is the attacker's target.
    const groupKey = honest.reduce((acc, h) => acc.add(G1.BASE.multiply(h.a0)), rogue);
    expect(groupKey.equals(G1.BASE.multiply(t))).toBe(true);
    // The attacker knows t, not log(C0'): a PoK for t (or for any other secret it knows) does not verify for C0'.
    const forT = provePok({ secret: t, sid, dealer: 3, validator: 0 });
    expect(verifyPok({ C0: rogueC0, pok: forT, sid, dealer: 3, validator: 0 })).toBe(false);
    const forOther = provePok({ secret: t - honest[0]!.a0, sid, dealer: 3, validator: 0 });
    expect(verifyPok({ C0: rogueC0, pok: forOther, sid, dealer: 3, validator: 0 })).toBe(false);
    // Replaying an honest dealer's PoK (for its own C0) under the rogue's index fails too.
    const honestPok = provePok({ secret: honest[0]!.a0, sid, dealer: 1, validator: 0 });
    expect(verifyPok({ C0: pk(honest[0]!.a0), pok: honestPok, sid, dealer: 1, validator: 0 })).toBe(true);
    expect(verifyPok({ C0: pk(honest[0]!.a0), pok: honestPok, sid, dealer: 3, validator: 0 })).toBe(false);
    expect(verifyPok({ C0: rogueC0, pok: honestPok, sid, dealer: 3, validator: 0 })).toBe(false);
  });
});

describe('batchVerifyPoks', () => {
  const items: VerifyPokInput[] = [];
  for (let k = 0; k < 14; k++) {
    const secret = BigInt(k + 1) * 0x1000001n;
    const dealer = (k % 7) + 1;
    const validator = Math.floor(k / 7);
    items.push({ C0: pk(secret), pok: provePok({ secret, sid, dealer, validator }), sid, dealer, validator });
  }

  it('accepts a valid batch (12+ items: Pippenger path) and the empty batch', () => {
    expect(batchVerifyPoks(items, seededBytes('w1'))).toEqual({ valid: true, invalid: [] });
    expect(batchVerifyPoks(items.slice(0, 3), seededBytes('w2'))).toEqual({ valid: true, invalid: [] });
    expect(batchVerifyPoks([], seededBytes('w3'))).toEqual({ valid: true, invalid: [] });
  });

  it('agrees with individual verification and names every bad item', () => {
    const bad = items.slice();
    bad[1] = { ...bad[1]!, sid: hex('83'.repeat(32)) }; // replay from another session
    bad[6] = { ...bad[6]!, dealer: ((bad[6]!.dealer) % 7) + 1 }; // another dealer index
    bad[9] = { ...bad[9]!, C0: pk(999n) }; // rogue C0
    bad[12] = { ...bad[12]!, pok: { R: bad[12]!.pok.R.slice(1), z: bad[12]!.pok.z } }; // malformed
    bad[13] = { ...bad[13]!, pok: { R: bad[0]!.pok.R, z: bad[13]!.pok.z } }; // swapped R'
    const individual = bad.flatMap((it, k) => (verifyPok(it) ? [] : [k]));
    expect(individual).toEqual([1, 6, 9, 12, 13]);
    expect(batchVerifyPoks(bad, seededBytes('w4'))).toEqual({ valid: false, invalid: individual });
    expect(batchVerifyPoks([bad[9]!], seededBytes('w5'))).toEqual({ valid: false, invalid: [0] });
  });
});
