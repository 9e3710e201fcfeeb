/**
 * Honest ceremonies over a matrix of cluster sizes and validator counts (PROTOCOL.md §9 "Properties": any t shares
 * reconstruct every pk_v, t-1 cannot), on the synchronous in-process board (test/dkgHarness.ts). The cases are
 * spread over test files (test/simulation/simulationMatrix*.test.ts) so that they run in parallel.
 */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../src/core/bytes.js';
import { encodePublicKey, fastAggregateVerify, reconstructSecret, scalarToPublicKey, verify } from '../src/core/bls/index.js';
import { depositRootFor, lockMessage, verifyTranscript } from '../src/core/dkg/index.js';
import { participantShares } from '../src/app/exportParticipantOutputs.js';
import { toHex0x } from '../src/core/wire/fields.js';
import { simulate } from './dkgHarness.js';
import { seededBytes } from './helpers.js';
import { fileOf, setup } from './dkgAdversary.js';

/** A few distinct t-subsets of 1..n: the first t, the last t, and seeded random ones. */
function subsets(n: number, t: number, label: string): number[][] {
  const all = Array.from({ length: n }, (_, k) => k + 1);
  const out = [all.slice(0, t), all.slice(n - t)];
  const rnd = seededBytes(label);
  for (let r = 0; r < 4; r++) {
    const pick = all.map((x) => ({ x, w: rnd(4) })).sort((a, b) => Buffer.compare(a.w, b.w)).map((e) => e.x);
    out.push(pick.slice(0, t).sort((a, b) => a - b));
  }
  return out;
}

/** Register one honest-ceremony test per (n, V). */
export function matrixSuite(title: string, cases: [n: number, V: number][]): void {
  describe(title, () => {
  for (const [n, V] of cases) {
    it(`n = ${n}, V = ${V}: all succeed, valid signatures, t shares reconstruct pk_v and t-1 do not, transcript verifies`, { timeout: 600_000 }, () => {
      const started = Date.now();
      const { def, parts } = setup(n, `matrix-${n}-${V}`, { V });
      const t = def.threshold;
      simulate(parts);
      for (const p of parts) expect(p.state.phase, `participant ${p.index}: ${JSON.stringify(p.state.abort)}`).toBe('succeeded');
      const results = parts.map((p) => JSON.stringify(p.state.result));
      expect(new Set(results).size).toBe(1);
      const result = parts[0]!.state.result!;
      expect(result.validators).toHaveLength(V);
      const T = hexToBytes(result.T);
      const shares = parts.map((p) => participantShares(p.state, p.seed));
      result.validators.forEach((v, k) => {
        const pk = hexToBytes(v.publicKey);
        expect(verify(pk, depositRootFor(def, k, pk), hexToBytes(v.depositSignature))).toBe(true);
        expect(v.publicShares).toHaveLength(n);
        expect(fastAggregateVerify(v.publicShares.map((h) => hexToBytes(h)), lockMessage(T, k), hexToBytes(v.lockSignature))).toBe(true);
        for (const set of subsets(n, t, `matrix-subsets-${n}-${V}-${k}`)) {
          const secret = reconstructSecret(set.map((index) => ({ index, secret: shares[index - 1]![k]! })));
          expect(toHex0x(encodePublicKey(scalarToPublicKey(secret))), `subset ${set.join(',')}`).toBe(v.publicKey);
          const fewer = set.slice(1);
          const wrong = reconstructSecret(fewer.map((index) => ({ index, secret: shares[index - 1]![k]! })));
          expect(wrong === 0n ? 'zero' : toHex0x(encodePublicKey(scalarToPublicKey(wrong))), `t-1 subset ${fewer.join(',')}`).not.toBe(v.publicKey);
        }
      });
      expect(verifyTranscript(fileOf(parts[n - 1]!), { randomBytes: seededBytes('matrix-w') })).toEqual({ valid: true, status: 'success', problems: [] });
      console.log(`matrix n=${n} V=${V}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }
});
}
