/**
 * simulateCeremony on a manual clock: virtual time moves only when nothing is in flight, so a slow host (here a
 * store that takes real time on every write) never times out an honest participant, while a silent one is timed
 * out after `idleMs` of virtual quiet, however long the wall clock says.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock, createMemoryBoardNetwork, createMemorySecretStore } from '../../src/adapters/memory/index.js';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { createLocalWallet } from '../../src/adapters/chain/localWallet.js';
import { simulateCeremony, type SimulationOptions } from '../../src/app/simulateCeremony.js';
import type { SecretStore } from '../../src/ports/secretStore.js';
import { toHex0x } from '../../src/core/wire/fields.js';
import { makeDefinition, operatorFromKey } from '../dkgHarness.js';
import { seededBytes } from '../helpers.js';

/** A store whose writes each take `ms` of real time: a machine too loaded to keep up. */
function slowStore(ms: number): SecretStore {
  const inner = createMemorySecretStore();
  return { ...inner, put: async (k, v) => (await new Promise((r) => setTimeout(r, ms)), inner.put(k, v)) };
}

function setup(label: string, n: number) {
  const keys = Array.from({ length: n }, (_, k) => seededBytes(`simulateCeremony/${label}/${k}`)(32));
  const wallets = keys.map((k) => createLocalWallet(toHex0x(k)));
  const definition = makeDefinition(keys.map((k) => operatorFromKey(k)), { V: 1, now: 1_800_000_000 });
  const clock = createManualClock({ startMs: 1_800_000_000_000 });
  const net = createMemoryBoardNetwork({ schedule: clock.schedule });
  const base: SimulationOptions = {
    definition,
    signApproval: (index, typed) => wallets[index - 1]!.signTypedData(typed),
    endpoint: (index) => net.endpoint(`participant-${index}`),
    store: () => createMemorySecretStore(),
    randomBytes: seededBytes(`simulateCeremony/${label}/random`),
    clock,
    host: createSystemClock(),
  };
  return { base, clock, definition };
}

describe('simulateCeremony on a manual clock', () => {
  it('a host far slower than the idle time still times out nobody honest', { timeout: 120_000 }, async () => {
    const { base, clock, definition } = setup('slow', 3);
    // Every write takes 60 ms of real time, the idle time is 10 ms: a wall-clock jump would time everyone out.
    const result = await simulateCeremony({ ...base, store: () => slowStore(60), idleMs: 10 });
    for (const s of result.states) expect(s.phase, JSON.stringify(s.abort)).toBe('succeeded');
    expect(clock.now()).toBeLessThan(definition.deadlines.approve * 1000);
  });

  it('a silent dealer is timed out by the virtual clock jumping past the deal deadline', { timeout: 120_000 }, async () => {
    const { base, clock, definition } = setup('silent', 4);
    const result = await simulateCeremony({ ...base, fault: 'silent-dealer' });
    expect(result.faulty).toBe(4);
    for (const s of result.states.slice(0, 3)) expect(s.abort).toMatchObject({ reason: 'timeout', culprits: [4] });
    expect(clock.now()).toBeGreaterThan(definition.deadlines.deal * 1000);
  });

  it('is deterministic: the same inputs give the same transcript and the same virtual time', { timeout: 120_000 }, async () => {
    const run = async () => {
      const { base, clock } = setup('deterministic', 3);
      const result = await simulateCeremony(base);
      return { states: JSON.stringify(result.states), at: clock.now() };
    };
    const a = await run();
    expect(await run()).toEqual(a);
  });
});
