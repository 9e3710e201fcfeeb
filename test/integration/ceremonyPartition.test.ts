/**
 * A cheater and a partitioning board (issue 11): the real use-case for every participant (runCeremony through
 * simulateCeremony) on the in-memory board, whose fault injection shows one participant a second, validly signed
 * version of the cheater's message (`split`: per-recipient variants). Every honest participant must name the
 * cheater alone, with the same reason, and its ceremony.json must verify with that abort.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { createManualClock, createMemoryBoardNetwork, createMemorySecretStore } from '../../src/adapters/memory/index.js';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { createLocalWallet } from '../../src/adapters/chain/localWallet.js';
import { simulateCeremony } from '../../src/app/simulateCeremony.js';
import type { FaultName } from '../../src/app/faults.js';
import { ceremonyFile, verifyTranscript } from '../../src/core/dkg/index.js';
import { toHex0x } from '../../src/core/wire/fields.js';
import { makeDefinition, operatorFromKey } from '../dkgHarness.js';
import { seededBytes } from '../helpers.js';

const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
const name = (i: number) => `participant-${i}`;

/** Run n participants, participant 1 committing `fault`, the board showing its variant to `audience` only. */
async function partitioned(n: number, fault: FaultName, audience: number[]) {
  const keys = Array.from({ length: n }, (_, k) => seededBytes(`ceremonyPartition/${fault}/${k}`)(32));
  const wallets = keys.map((k) => createLocalWallet(toHex0x(k)));
  const definition = makeDefinition(keys.map((k) => operatorFromKey(k)), { V: 1, now: Math.floor(Date.now() / 1000) });
  const clock = createManualClock({ startMs: Date.now() });
  const net = createMemoryBoardNetwork({ schedule: clock.schedule });
  const shown = new Set(audience.map(name));
  let splits = 0;
  const result = await simulateCeremony({
    definition,
    signApproval: (index, typed) => wallets[index - 1]!.signTypedData(typed),
    endpoint: (index) => net.endpoint(name(index)),
    store: () => createMemorySecretStore(),
    randomBytes,
    clock,
    host: createSystemClock(),
    fault,
    split: (original, variant) => {
      splits++;
      net.faults.split((data, _from, to) => data === original && shown.has(to), () => variant);
    },
    idleMs: 3000,
  });
  return { result, splits };
}

describe('a cheater and a partitioning memory board', () => {
  it('a dealer variant with a bad share shown to participant 2 only: everyone honest names dealer 1 (equivocation), nobody blames the accuser', { timeout: 120_000 }, async () => {
    const { result, splits } = await partitioned(4, 'equivocating-share', [2]);
    expect(result.faulty).toBe(1);
    expect(splits).toBe(1);
    const honest = result.states.slice(1);
    // Participant 2 really got the variant and accused dealer 1 over it.
    const ack2 = JSON.parse(honest[0]!.messages[2]![1]!).body as { accusations: { dealer: number }[] };
    expect(ack2.accusations.map((a) => a.dealer)).toEqual([1]);
    for (const s of honest) {
      expect(s.phase, JSON.stringify(s.abort)).toBe('aborted');
      expect(s.abort).toMatchObject({ reason: 'equivocation', culprits: [1], proof: 'signed-evidence' });
      const verdict = verifyTranscript(JSON.parse(JSON.stringify(ceremonyFile(s))), { randomBytes });
      expect(verdict).toMatchObject({ valid: true, status: 'aborted', abort: { reason: 'equivocation', culprits: [1] } });
    }
  });

  it('two versions of participant 1\'s ack, the second shown to participants 3 and 4: everyone honest names 1 (equivocation), not each other', { timeout: 120_000 }, async () => {
    const { result, splits } = await partitioned(4, 'split-ack', [3, 4]);
    expect(splits).toBe(1);
    const honest = result.states.slice(1);
    expect(honest[0]!.messages[2]![0]).not.toBe(honest[1]!.messages[2]![0]);
    for (const s of honest) {
      expect(s.phase, JSON.stringify(s.abort)).toBe('aborted');
      expect(s.abort).toMatchObject({ reason: 'equivocation', culprits: [1], proof: 'signed-evidence' });
      expect(s.abort!.evidence.length).toBeGreaterThanOrEqual(2);
      const verdict = verifyTranscript(JSON.parse(JSON.stringify(ceremonyFile(s))), { randomBytes });
      expect(verdict).toMatchObject({ valid: true, status: 'aborted', abort: { reason: 'equivocation', culprits: [1] } });
    }
  });
});
