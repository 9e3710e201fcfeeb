/**
 * The Bls compliance suite (src/ports/bls.ts): every Bls adapter (noble, native) must pass it. Vectors: the
 * consensus-spec-tests general/phase0/bls sign and verify cases, and the 3-of-4 threshold vector from the
 * distributed-validator specs; the rest is split with the core's trusted-dealer splitSecret and checked against
 * the core's noble reference, so two adapters that pass agree byte for byte.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Bls } from '../../src/ports/bls.js';
import {
  combinePartialSignatures,
  encodeSecretKey,
  secretToPublicKey,
  sign as coreSign,
  splitSecret,
} from '../../src/core/bls/index.js';
import { hex, nonSubgroupG1, readJson, readYaml, seededBytes, specCases, toHex } from '../helpers.js';

interface ThresholdVector {
  message_hex: string;
  group_pubkey_hex: string;
  group_signature_hex: string;
  partials: { share_idx: number; secret_hex: string; pubshare_hex: string; signature_hex: string }[];
  threshold_aggregates: { share_indices: number[]; signature_hex: string }[];
}

const coded = (code: string) => expect.objectContaining({ code });
const blsCoded = () => expect.objectContaining({ code: expect.stringMatching(/^BLS_/) as unknown });
const cases = (handler: string) => specCases('general', 'phase0', 'bls', handler, 'bls');
const identityG1 = () => Uint8Array.from([0xc0, ...new Uint8Array(47)]);
const identityG2 = () => Uint8Array.from([0xc0, ...new Uint8Array(95)]);

/** A t-of-n split of a fixed secret, the partial signatures of `msg` and the group key. */
function dealt(t: number, n: number, msg: Uint8Array, label = `deal-${t}-${n}`) {
  const secret = 0x5eed_0000_1234_5678_9abc_def0_1111n + BigInt(t * 100 + n);
  const shares = splitSecret(secret, t, n, seededBytes(label));
  const keys = shares.map((s) => encodeSecretKey(s.secret));
  const partials = shares.map((s, k) => ({ index: s.index, signature: coreSign(keys[k]!, msg) }));
  return { groupKey: secretToPublicKey(encodeSecretKey(secret)), keys, partials };
}

/** Registers the Bls compliance tests for one adapter (`make` may be async: the native one instantiates wasm). */
export function blsCompliance(label: string, make: () => Bls | Promise<Bls>): void {
  describe(`Bls compliance: ${label}`, () => {
    let bls: Bls;
    beforeAll(async () => {
      bls = await make();
    });
    const msg = new TextEncoder().encode('shared validator: bls compliance');

    it('has a name', () => expect(bls.name.length).toBeGreaterThan(0));

    it('signs every consensus-spec sign vector exactly (and refuses the invalid keys with a BLS_* code)', () => {
      const all = cases('sign');
      expect(all.length).toBeGreaterThanOrEqual(5);
      for (const { name, dir } of all) {
        const d = readYaml<{ input: { privkey: string; message: string }; output: string | null }>(join(dir, 'data.yaml'));
        if (d.output === null) expect(() => bls.sign(hex(d.input.privkey), hex(d.input.message)), name).toThrow(blsCoded());
        else expect('0x' + toHex(bls.sign(hex(d.input.privkey), hex(d.input.message))), name).toBe(d.output);
      }
    });

    it('verifies every consensus-spec verify vector: true as true; a false case is false or a BLS_* throw', () => {
      const all = cases('verify');
      expect(all.length).toBeGreaterThanOrEqual(5);
      let trues = 0;
      for (const { name, dir } of all) {
        const d = readYaml<{ input: { pubkey: string; message: string; signature: string }; output: boolean }>(join(dir, 'data.yaml'));
        const set = { publicKey: hex(d.input.pubkey), message: hex(d.input.message), signature: hex(d.input.signature) };
        if (d.output) {
          trues++;
          expect(bls.verify(set), name).toBe(true);
        } else {
          let result: boolean | Error;
          try {
            result = bls.verify(set);
          } catch (e) {
            result = e as Error;
          }
          if (typeof result === 'boolean') expect(result, name).toBe(false);
          else expect(result, name).toEqual(blsCoded());
        }
      }
      expect(trues).toBeGreaterThan(0);
    });

    it('publicKey and sign agree with the core reference on random keys', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 1n, max: 2n ** 250n }), fc.uint8Array({ maxLength: 64 }), (x, m) => {
          const sk = encodeSecretKey(x);
          expect(toHex(bls.publicKey(sk))).toBe(toHex(secretToPublicKey(sk)));
          const sig = bls.sign(sk, m);
          expect(toHex(sig)).toBe(toHex(coreSign(sk, m)));
          expect(bls.verify({ publicKey: bls.publicKey(sk), message: m, signature: sig })).toBe(true);
          expect(bls.verify({ publicKey: bls.publicKey(sk), message: Uint8Array.from([...m, 1]), signature: sig })).toBe(false);
        }),
        { numRuns: 8 },
      );
    });

    it('combines every 3-subset of the threshold vector into its group signature', () => {
      const v = readJson<ThresholdVector>('threshold', 'bls_threshold_3of4.json');
      expect(v.threshold_aggregates.length).toBe(4);
      for (const agg of v.threshold_aggregates) {
        const partials = agg.share_indices.map((i) => {
          const p = v.partials.find((q) => q.share_idx === i)!;
          return { index: i, signature: hex(p.signature_hex) };
        });
        const out = bls.combine(partials);
        expect(toHex(out)).toBe(agg.signature_hex.replace(/^0x/, ''));
        expect(toHex(out)).toBe(v.group_signature_hex.replace(/^0x/, ''));
        expect(bls.verify({ publicKey: hex(v.group_pubkey_hex), message: hex(v.message_hex), signature: out })).toBe(true);
      }
    });

    it('combine of any t of n shares verifies under the group key and equals the core reference', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 7 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: t, max: t + 3 }))),
          fc.integer(),
          ([t, n], seed) => {
            const { groupKey, partials } = dealt(t, n, msg);
            const pick = fc.sample(fc.shuffledSubarray(partials, { minLength: t, maxLength: t }), { numRuns: 1, seed })[0]!;
            const out = bls.combine(pick);
            expect(bls.verify({ publicKey: groupKey, message: msg, signature: out })).toBe(true);
            expect(toHex(out)).toBe(toHex(combinePartialSignatures(pick, t)));
          },
        ),
        { numRuns: 12 },
      );
    });

    it('combine of fewer than t shares, or with a wrong partial, does not verify under the group key', () => {
      const { groupKey, partials } = dealt(3, 4, msg);
      expect(bls.verify({ publicKey: groupKey, message: msg, signature: bls.combine(partials.slice(0, 2)) })).toBe(false);
      const wrong = [partials[0]!, partials[1]!, { index: 3, signature: partials[3]!.signature }];
      expect(bls.verify({ publicKey: groupKey, message: msg, signature: bls.combine(wrong) })).toBe(false);
    });

    it('verifyBatch: all good is true, one bad set makes it false, empty is true', () => {
      const { keys, partials } = dealt(5, 16, msg);
      const pubs = keys.map((k) => bls.publicKey(k));
      const sets = partials.map((p, k) => ({ publicKey: pubs[k]!, message: msg, signature: p.signature }));
      const other = new TextEncoder().encode('another message');
      const mixed = [...sets.slice(0, 4), { publicKey: pubs[5]!, message: other, signature: bls.sign(keys[5]!, other) }];
      expect(bls.verifyBatch([])).toBe(true);
      expect(bls.verifyBatch(sets)).toBe(true);
      expect(bls.verifyBatch(mixed)).toBe(true);
      for (const bad of [3, 15]) {
        const swapped = sets.map((s, k) => (k === bad ? { ...s, signature: sets[(k + 1) % sets.length]!.signature } : s));
        expect(bls.verifyBatch(swapped)).toBe(false);
      }
      expect(bls.verifyBatch([...sets.slice(0, 3), { ...sets[3]!, message: other }])).toBe(false);
      // Two wrong signatures that cancel in a plain sum: a batch without random weights would accept them.
      const [a, b] = [sets[0]!, sets[1]!];
      const swappedPair = [{ ...a, signature: b.signature }, { ...b, signature: a.signature }];
      expect(bls.verifyBatch(swappedPair)).toBe(false);
    });

    it('the identity signature is well-formed but never verifies, alone or in a batch', () => {
      const sk = encodeSecretKey(7n);
      const set = { publicKey: bls.publicKey(sk), message: msg, signature: identityG2() };
      expect(bls.verify(set)).toBe(false);
      expect(bls.verifyBatch([set])).toBe(false);
    });

    it('refuses the identity public key (BLS_IDENTITY_POINT) in verify and verifyBatch', () => {
      const set = { publicKey: identityG1(), message: msg, signature: identityG2() };
      expect(() => bls.verify(set)).toThrow(coded('BLS_IDENTITY_POINT'));
      expect(() => bls.verifyBatch([set])).toThrow(coded('BLS_IDENTITY_POINT'));
    });

    it('malformed inputs throw BLS_* codes', () => {
      const sk = encodeSecretKey(11n);
      const pk = bls.publicKey(sk);
      const sig = bls.sign(sk, msg);
      const notOnCurve = new Uint8Array(96).fill(0x99);
      expect(() => bls.sign(new Uint8Array(31), msg)).toThrow(coded('BLS_BAD_LENGTH'));
      expect(() => bls.sign(new Uint8Array(32), msg)).toThrow(coded('BLS_ZERO_SECRET'));
      expect(() => bls.sign(new Uint8Array(32).fill(0xff), msg)).toThrow(coded('BLS_BAD_SCALAR'));
      expect(() => bls.publicKey(new Uint8Array(32))).toThrow(coded('BLS_ZERO_SECRET'));
      expect(() => bls.verify({ publicKey: pk.subarray(1), message: msg, signature: sig })).toThrow(coded('BLS_BAD_LENGTH'));
      expect(() => bls.verify({ publicKey: pk, message: msg, signature: sig.subarray(1) })).toThrow(coded('BLS_BAD_LENGTH'));
      expect(() => bls.verify({ publicKey: nonSubgroupG1(), message: msg, signature: sig })).toThrow(coded('BLS_BAD_POINT'));
      expect(() => bls.verify({ publicKey: new Uint8Array(48).fill(0x99), message: msg, signature: sig })).toThrow(coded('BLS_BAD_POINT'));
      expect(() => bls.verify({ publicKey: pk, message: msg, signature: notOnCurve })).toThrow(coded('BLS_BAD_POINT'));
      expect(() => bls.verifyBatch([{ publicKey: pk, message: msg, signature: sig }, { publicKey: pk, message: msg, signature: notOnCurve }])).toThrow(coded('BLS_BAD_POINT'));
      expect(() => bls.combine([{ index: 1, signature: notOnCurve }])).toThrow(coded('BLS_BAD_POINT'));
      expect(() => bls.combine([{ index: 1, signature: sig.subarray(2) }])).toThrow(coded('BLS_BAD_LENGTH'));
    });

    it('combine refuses duplicate, out-of-range and missing indices', () => {
      const { partials } = dealt(3, 4, msg);
      const [p1, p2] = [partials[0]!, partials[1]!];
      expect(() => bls.combine([p1, p2, { ...p2 }])).toThrow(coded('BLS_DUPLICATE_INDEX'));
      expect(() => bls.combine([p1, { index: 1, signature: p2.signature }])).toThrow(coded('BLS_DUPLICATE_INDEX'));
      for (const index of [0, -1, 1.5, 0x10000, Number.NaN]) {
        expect(() => bls.combine([p1, { index, signature: p2.signature }]), String(index)).toThrow(coded('BLS_BAD_INDEX'));
      }
      expect(() => bls.combine([])).toThrow(coded('BLS_EMPTY_INPUT'));
    });
  });
}
