/**
 * QBFT properties over random schedules (test/unit/qbft/sim.ts): reordering, duplication, loss and a healing
 * partition before GST, bounded delay after; up to f Byzantine members (equivocating, forging and replaying
 * justifications, flooding round changes, speaking for other instances, proposing an invalid value, or silent).
 * Agreement and validity in every run; termination: every honest member decides by the bound (f + 2 rounds after
 * the first round that starts after GST). SV_QBFT_RUNS=<k> runs k schedules per cluster size (default 60).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from '../../src/core/bytes.js';
import { faultsOf, leaderOf } from '../../src/core/qbft/index.js';
import { INSTANCE } from '../unit/qbft/harness.js';
import { INVALID, STRATEGIES, simulate, type SimParams } from '../unit/qbft/sim.js';

const RUNS = Number(process.env.SV_QBFT_RUNS ?? 60);

function paramsFor(n: number): fc.Arbitrary<SimParams> {
  const f = faultsOf(n);
  const members = Array.from({ length: n }, (_, i) => i + 1);
  return fc
    .record({
      seed: fc.integer(),
      byz: fc.subarray(members, { maxLength: f }),
      strategies: fc.array(fc.constantFrom(...STRATEGIES), { minLength: f, maxLength: f }),
      gst: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
      delta: fc.integer({ min: 1, max: 10 }),
      lossPermille: fc.integer({ min: 0, max: 400 }),
      dupPermille: fc.integer({ min: 0, max: 200 }),
      maxDelayBeforeGst: fc.integer({ min: 1, max: 80 }),
      partition: fc.option(fc.record({ from: fc.integer({ min: 0, max: 100 }), len: fc.integer({ min: 1, max: 200 }), cut: fc.integer({ min: 1, max: n }) }), { nil: undefined }),
      equalInputs: fc.boolean(),
      lateInput: fc.subarray(members),
      lateBy: fc.integer({ min: 1, max: 100 }),
    })
    .map((r) => ({
      n,
      seed: r.seed,
      byzantine: r.byz.map((member, i) => ({ member, strategy: r.strategies[i] ?? 'silent' })),
      gst: r.gst,
      delta: r.delta,
      lossPermille: r.lossPermille,
      dupPermille: r.dupPermille,
      maxDelayBeforeGst: r.maxDelayBeforeGst,
      ...(r.partition ? { partition: { from: r.partition.from, to: Math.min(r.partition.from + r.partition.len, r.gst), cut: r.partition.cut } } : {}),
      equalInputs: r.equalInputs,
      lateInput: r.lateInput,
      lateBy: r.lateBy,
    }));
}

describe('QBFT properties: agreement, validity, termination after GST', () => {
  it.each([1, 4, 7, 10])('n = %i', (n) => {
    fc.assert(
      fc.property(paramsFor(n), (p) => {
        const out = simulate(p);
        // termination: every honest member decided by the bound
        for (const m of out.honest) expect(out.decided.has(m), `member ${m} undecided by tick ${out.bound}`).toBe(true);
        const values = [...out.decided.values()];
        for (const d of values) expect(d.at).toBeLessThanOrEqual(out.bound);
        // agreement
        const hashes = new Set(values.map((d) => bytesToHex(d.value.hash)));
        expect(hashes.size).toBeLessThanOrEqual(1);
        // validity: proposed by someone and valid to the honest members
        for (const d of values) {
          expect(out.proposed.has(bytesToHex(d.value.hash))).toBe(true);
          expect(bytesToHex(d.value.hash)).not.toBe(bytesToHex(INVALID.hash));
        }
        // with a synchronous network (Δ ≤ 600 ms), an honest round-1 leader with its value: its value, in round 1
        const leader = leaderOf(INSTANCE, 1, n);
        const leaderHonest = out.honest.includes(leader) && !p.lateInput.includes(leader);
        if (p.gst === 0 && p.delta <= 6 && leaderHonest) {
          for (const d of values) {
            expect(bytesToHex(d.value.hash)).toBe(bytesToHex(out.inputs.get(leader)?.hash ?? new Uint8Array(0)));
          }
        }
        // with equal inputs and no Byzantine member, that value
        if (p.equalInputs && p.byzantine.length === 0) for (const d of values) expect(new TextDecoder().decode(d.value.data)).toBe('common');
      }),
      { numRuns: RUNS },
    );
  });
});
