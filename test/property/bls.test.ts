// Properties of the threshold scheme, on random parameters (fast-check, fixed seed for reproducibility).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CURVE_ORDER,
  batchVerify,
  combinePartialSignatures,
  combinePublicShares,
  encodePublicKey,
  encodeSecretKey,
  reconstructSecret,
  scalarToPublicKey,
  sign,
  splitSecret,
  verify,
} from '../../src/core/bls/index.js';
import { seededBytes } from '../helpers.js';

const secretArb = fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n });
/** (t, n, a subset of t distinct indices in 1..n) with 2 <= t <= n <= 10. */
const paramsArb = fc
  .integer({ min: 2, max: 10 })
  .chain((n) => fc.integer({ min: 2, max: n }).map((t) => ({ n, t })))
  .chain(({ n, t }) =>
    fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i + 1), { minLength: t, maxLength: t }).map((subset) => ({ n, t, subset })),
  );
const opts = { seed: 20261123, numRuns: 25 };

describe('threshold properties', () => {
  it('any t of n shares reconstruct the secret and the group key; t-1 do not', () => {
    fc.assert(
      fc.property(secretArb, paramsArb, fc.string(), (secret, { n, t, subset }, seed) => {
        const shares = splitSecret(secret, t, n, seededBytes(seed));
        const chosen = subset.map((i) => shares[i - 1]!);
        expect(reconstructSecret(chosen)).toBe(secret);
        expect(reconstructSecret(chosen.slice(1))).not.toBe(secret);
        const pubShares = chosen.map((s) => ({ index: s.index, publicKey: encodePublicKey(scalarToPublicKey(s.secret)) }));
        expect(combinePublicShares(pubShares, t)).toEqual(encodePublicKey(scalarToPublicKey(secret)));
      }),
      opts,
    );
  });

  it('t partial signatures combine into a signature valid under the group key; t-1 do not', () => {
    fc.assert(
      fc.property(secretArb, paramsArb, fc.uint8Array({ maxLength: 64 }), (secret, { n, t, subset }, msg) => {
        const shares = splitSecret(secret, t, n, seededBytes(`s${secret}`));
        const partials = subset.map((i) => ({ index: i, signature: sign(encodeSecretKey(shares[i - 1]!.secret), msg) }));
        const groupKey = encodePublicKey(scalarToPublicKey(secret));
        const sig = combinePartialSignatures(partials, t);
        expect(sig).toEqual(sign(encodeSecretKey(secret), msg));
        expect(verify(groupKey, msg, sig)).toBe(true);
        expect(verify(groupKey, msg, combinePartialSignatures(partials.slice(1), t - 1))).toBe(false);
      }),
      { ...opts, numRuns: 8 },
    );
  });

  it('batch verification agrees with one-by-one verification', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sk: fc.bigInt({ min: 1n, max: 1n << 64n }), tamper: fc.boolean(), msg: fc.constantFrom('a', 'b') }), {
          minLength: 1,
          maxLength: 8,
        }),
        (specs) => {
          const items = specs.map(({ sk, tamper, msg }) => {
            const m = new TextEncoder().encode(msg);
            const signed = tamper ? new TextEncoder().encode(`${msg}!`) : m;
            return { publicKey: encodePublicKey(scalarToPublicKey(sk)), message: m, signature: sign(encodeSecretKey(sk), signed) };
          });
          const individually = items.flatMap((it, k) => (verify(it.publicKey, it.message, it.signature) ? [] : [k]));
          const batch = batchVerify(items, seededBytes(JSON.stringify(specs.length)));
          expect(batch.invalid).toEqual(individually);
          expect(batch.valid).toBe(individually.length === 0);
        },
      ),
      { ...opts, numRuns: 6 },
    );
  });
});
