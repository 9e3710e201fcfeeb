/**
 * Whole ceremonies over the in-memory board with network faults (PROTOCOL.md §9 "Network"): the real use-case
 * (runCeremony, through simulateCeremony) for every participant, each on its own board endpoint, with delay,
 * duplicate, reorder, drop of live pushes (history keeps them) and a partition that heals. Every participant must
 * end with the same group key, and the resulting ceremony.json must verify.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { createManualClock, createMemoryBoardNetwork, createMemorySecretStore, type MemoryBoardNetwork, type MemoryManualClock } from '../../src/adapters/memory/index.js';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { createLocalWallet } from '../../src/adapters/chain/localWallet.js';
import { simulateCeremony } from '../../src/app/simulateCeremony.js';
import { ceremonyFile, verifyTranscript } from '../../src/core/dkg/index.js';
import { toHex0x } from '../../src/core/wire/fields.js';
import { makeDefinition, operatorFromKey } from '../dkgHarness.js';
import { seededBytes } from '../helpers.js';

const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
const name = (i: number) => `participant-${i}`;

interface Scenario {
  fault: string;
  /** Set up faults on a fresh network before the run; may schedule changes (cleared by the returned function). */
  apply: (net: MemoryBoardNetwork, n: number, clock: MemoryManualClock) => (() => void) | void;
}

const SCENARIOS: Scenario[] = [
  { fault: 'random delay 0–30 ms', apply: (net) => net.faults.set({ delay: [0, 30] }) },
  { fault: 'duplicate 0.3', apply: (net) => net.faults.set({ duplicate: 0.3 }) },
  { fault: 'reorder (window 3)', apply: (net) => net.faults.set({ reorder: 3, delay: [0, 5] }) },
  // History keeps dropped pushes: participants must find them by catching up from the board's history.
  { fault: 'drop 0.3 of live pushes', apply: (net) => net.faults.set({ drop: 0.3 }) },
  {
    fault: 'a partition that heals after ~1 s',
    apply: (net, n, clock) => {
      const half = Math.ceil(n / 2);
      net.faults.partition([
        Array.from({ length: half }, (_, k) => name(k + 1)),
        Array.from({ length: n - half }, (_, k) => name(half + k + 1)),
      ]);
      return clock.setTimer(1000, () => net.faults.heal());
    },
  },
];

async function run(n: number, scenario: Scenario) {
  const keys = Array.from({ length: n }, (_, k) => seededBytes(`ceremonyBoard/wallet/${n}/${k}`)(32));
  const wallets = keys.map((k) => createLocalWallet(toHex0x(k)));
  const ops = keys.map((k) => operatorFromKey(k));
  wallets.forEach((w, k) => expect(w.address).toBe(ops[k]!.address));
  const definition = makeDefinition(ops, { V: 1, now: Math.floor(Date.now() / 1000) });
  const clock = createManualClock({ startMs: Date.now() });
  const net = createMemoryBoardNetwork({ random: seededRandom(`${scenario.fault}/${n}`), schedule: clock.schedule });
  const cleanup = scenario.apply(net, n, clock);
  try {
    const result = await simulateCeremony({
      definition,
      signApproval: (index, typed) => wallets[index - 1]!.signTypedData(typed),
      endpoint: (index) => net.endpoint(name(index)),
      store: () => createMemorySecretStore(),
      randomBytes,
      clock,
      host: createSystemClock(),
      // No deadline may pass in these runs: only a stalled ceremony would make the virtual clock jump.
      idleMs: 20_000,
    });
    return { result, stats: net.stats() };
  } finally {
    cleanup?.();
  }
}

/** A deterministic [0, 1) source for the board's fault decisions. */
function seededRandom(label: string): () => number {
  const next = seededBytes(`ceremonyBoard/faults/${label}`);
  return () => new DataView(next(4).buffer).getUint32(0) / 2 ** 32;
}

describe.each([4, 7])('ceremony over the memory board, n = %i, V = 1', (n) => {
  it.each(SCENARIOS)('succeeds under $fault', async (scenario) => {
    const { result, stats } = await run(n, scenario);
    const { states } = result;
    expect(states).toHaveLength(n);
    for (const s of states) expect(s.phase, JSON.stringify(s.abort)).toBe('succeeded');
    const keys = new Set(states.map((s) => s.result!.validators[0]!.publicKey));
    expect(keys.size).toBe(1);
    const Ts = new Set(states.map((s) => s.result!.T));
    expect(Ts.size).toBe(1);
    // Everyone writes the same public record, and anyone can re-verify it.
    const files = states.map((s) => JSON.stringify(ceremonyFile(s)));
    for (const f of files) expect(f).toBe(files[0]);
    expect(verifyTranscript(JSON.parse(files[0]!), { randomBytes })).toEqual({ valid: true, status: 'success', problems: [] });
    // The fault really was exercised.
    if (scenario.fault.startsWith('duplicate')) expect(stats.duplicated).toBeGreaterThan(0);
    if (scenario.fault.startsWith('drop')) expect(stats.dropped).toBeGreaterThan(0);
    if (scenario.fault.startsWith('a partition')) expect(stats.hidden).toBeGreaterThan(0);
    // 4 rounds, one message per participant and round, nothing else.
    expect(stats.messages).toBe(4 * n);
    console.log(`n=${n} ${scenario.fault}: ${(result.wallMs / 1000).toFixed(1)} s, ${JSON.stringify(stats)}`);
  });
});
