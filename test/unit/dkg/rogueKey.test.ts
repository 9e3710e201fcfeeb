/**
 * The rogue-key attack (PROTOCOL.md intro, §9: "a rogue-key regression test is mandatory").
 *
 * n = 4, t = 3: colluders {3, 4}, honest {1, 2}. Colluder 4 deals last, after seeing the other deals, and sets
 *   C'_0 = target·G − (C1_0 + C2_0 + C3_0)
 * for a target secret it knows, so the group key Σ C_i0 = target·G. It cannot know log(C'_0), hence no polynomial,
 * but it only has to fool the two honest participants: it picks their shares s_1, s_2 and computes the other
 * commitments "in the exponent" by Lagrange interpolation through (0, C'_0), (1, s_1·G), (2, s_2·G), so
 * s_j·G == Σ_k j^k C'_k and both honest share checks PASS. Colluder 3 (whose share cannot be made to check) strips its
 * accusation against 4 from its ack. Without the proof of knowledge nothing else in the protocol notices.
 *
 * This is why the PoK is mandatory: it is the ONLY check that stops the attack (second test, with verifyPok
 * switched off in this file only, shows the honest participants then accept a group key whose secret the attackers
 * know).
 */
import { describe, expect, it, vi } from 'vitest';
import { bigIntToBytesBE, bytesToBigIntBE, hexToBytes } from '../../../src/core/bytes.js';
import { CURVE_ORDER, Fr, G1, decodePublicKey, encodePublicKey, encodeSecretKey, sign, verify, type G1Point } from '../../../src/core/bls/index.js';
import { commitmentsHash, decodeDeal, depositRootFor, deriveDealerSecrets, shapeOf } from '../../../src/core/dkg/index.js';
import { encryptShares, verifyPok } from '../../../src/core/dkg/crypto/index.js';
import { toHex0x } from '../../../src/core/wire/fields.js';
import { seededBytes } from '../../helpers.js';
import { bodyOf, cheat, dealsOnly, envOf, expectAbort, run, setup, type Json } from '../../dkgAdversary.js';
import type { Participant } from '../../dkgHarness.js';
import { decodeApproval } from '../../../src/core/dkg/index.js';
import type * as PokModule from '../../../src/core/dkg/crypto/pok.js';

/** verifyPok switch, for this file only: `off` makes every PoK "verify" (the attack's precondition). */
const pokSwitch = vi.hoisted(() => ({ off: false }));
vi.mock('../../../src/core/dkg/crypto/pok.js', async (importOriginal) => {
  const mod = await importOriginal<typeof PokModule>();
  return { ...mod, verifyPok: (item: Parameters<typeof mod.verifyPok>[0]) => pokSwitch.off || mod.verifyPok(item) };
});

const LABEL = 'rogue-key';
const TARGET = bytesToBigIntBE(seededBytes('rogue-target')(32)) % CURVE_ORDER;

/** Coefficients of the Lagrange basis polynomials L_m(X) through the nodes xs (coef[m][k] = [X^k] L_m). */
function lagrangeBasis(xs: bigint[]): bigint[][] {
  return xs.map((xm, m) => {
    let poly = [1n];
    let denom = 1n;
    xs.forEach((xl, l) => {
      if (l === m) return;
      const next = Array<bigint>(poly.length + 1).fill(0n); // poly · (X − xl)
      poly.forEach((c, k) => {
        next[k + 1] = Fr.add(next[k + 1]!, c);
        next[k] = Fr.sub(next[k]!, Fr.mul(c, Fr.create(xl)));
      });
      poly = next;
      denom = Fr.mul(denom, Fr.sub(Fr.create(xm), Fr.create(xl)));
    });
    const inv = Fr.inv(denom);
    return poly.map((c) => Fr.mul(c, inv));
  });
}

/** Colluder 4's forged deal body, from the three other (already published) deals. */
function forgeDeal(p4: Participant, original: string, others: string[]): Json {
  const s = shapeOf(p4.state.definition);
  const sid = hexToBytes(envOf(original).sid);
  const body = bodyOf(original);
  const R = hexToBytes(body.R);
  let c0 = G1.BASE.multiply(TARGET);
  for (const d of others) c0 = c0.subtract(decodePublicKey(hexToBytes(bodyOf(d).validators[0].commitments[0])));
  const rnd = seededBytes('rogue-shares');
  const s1 = bytesToBigIntBE(rnd(32)) % CURVE_ORDER;
  const s2 = bytesToBigIntBE(rnd(32)) % CURVE_ORDER;
  const Y: G1Point[] = [c0, G1.BASE.multiply(s1), G1.BASE.multiply(s2)];
  const basis = lagrangeBasis([0n, 1n, 2n]);
  const commitments = Array.from({ length: s.t }, (_, k) => Y.reduce((acc, y, m) => acc.add(y.multiplyUnsafe(basis[m]![k]!)), G1.ZERO));
  expect(commitments[0]!.equals(c0)).toBe(true);
  const forged: Json = { ...body, validators: [{ commitments: commitments.map((c) => toHex0x(encodePublicKey(c))), pok: body.validators[0].pok }] };
  const ch = commitmentsHash(decodeDeal(forged, s, 4));
  const r = deriveDealerSecrets(p4.seed, sid, s).r;
  const eks = (p4.state.messages[0] as string[]).map((t) => decodeApproval(bodyOf(t), s).encryptionKey);
  const shareOf: Record<number, bigint> = { 1: s1, 2: s2, 3: s1 /* colluder 3's share cannot be made to check */ };
  forged.shares = forged.shares.map((e: Json) => {
    const ct = encryptShares({ dealerSecret: r, dealerPoint: R, recipientKey: eks[e.to - 1]!, sid, i: 4, j: e.to, commitmentsHash: ch, plaintext: bigIntToBytesBE(shareOf[e.to]!, 32) });
    return { to: e.to, ct: toHex0x(ct) };
  });
  return forged;
}

function attack(): Participant[] {
  // Colluder 4 has seen deals 1..3 before dealing (they are seeded: an identical setup gives the same bytes).
  const others = dealsOnly(setup(4, LABEL).parts).slice(0, 3);
  const { parts } = setup(4, LABEL);
  const four = cheat(parts, 4, { deal: (_body, _to, text) => forgeDeal(parts[3]!, text, others) });
  const three = cheat(parts, 3, { ack: (body) => ({ ...body, accusations: body.accusations.filter((a: Json) => a.dealer !== 4) }) }, four);
  run(parts, three);
  // The honest deals of that run are the ones the attacker computed against.
  // (With the PoK check on, the honest participants abort on 4's deal before storing every other deal.)
  for (const k of [0, 1]) parts[k]!.state.messages[1]!.slice(0, 3).forEach((text, i) => text && expect(text).toBe(others[i]));
  return parts;
}

describe('rogue-key attack (PedPoP: the PoK check is what stops it)', () => {
  it('with the PoK check ON: every honest participant aborts at M1, invalid-deal naming 4', { timeout: 600_000 }, () => {
    pokSwitch.off = false;
    const parts = attack();
    expectAbort(parts, [3, 4], 'invalid-deal', [4]);
    expect(parts[0]!.state.abort!.message).toMatch(/proof of knowledge/);
  });

  it('with the PoK check switched OFF: the attack succeeds, the group secret is the attacker\'s target', { timeout: 600_000 }, () => {
    pokSwitch.off = true;
    try {
      expect(verifyPok({ C0: G1.BASE, pok: { R: new Uint8Array(48), z: new Uint8Array(32) }, sid: new Uint8Array(32), dealer: 1, validator: 0 })).toBe(true);
      const parts = attack();
      const targetKey = toHex0x(encodePublicKey(G1.BASE.multiply(TARGET)));
      for (const p of parts.slice(0, 2)) {
        // The honest participants' shares from 4 checked out, nobody accused 4, the decision passed.
        expect(p.state.sharesOk[3]).toBe(true);
        expect(['confirming', 'succeeded']).toContain(p.state.phase);
        expect(p.state.group!.validators[0]!.publicKey).toBe(targetKey);
      }
      // The attackers alone can sign for the "distributed" key: e.g. the deposit message.
      const def = parts[0]!.state.definition;
      const root = depositRootFor(def, 0, hexToBytes(targetKey));
      expect(verify(hexToBytes(targetKey), root, sign(encodeSecretKey(TARGET), root))).toBe(true);
    } finally {
      pokSwitch.off = false;
    }
  });
});
