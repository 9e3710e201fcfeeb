import { describe, expect, it } from 'vitest';
import { createManualClock, createMemoryBeacon, type MemoryBeaconOptions } from '../../src/adapters/memory/index.js';
import { beaconCompliance } from './beacon.js';

const GENESIS = 1_700_000_000n;
const validators = Array.from({ length: 6 }, (_, k) => ({ pubkey: new Uint8Array(48).fill(k + 1) }));

function simulated(extra: Partial<MemoryBeaconOptions> = {}) {
  const clock = createManualClock({ startMs: Number(GENESIS) * 1000 + 5 * 12_000 });
  const beacon = createMemoryBeacon({ clock, genesisTime: GENESIS, genesisValidatorsRoot: new Uint8Array(32).fill(9), genesisForkVersion: Uint8Array.of(0x10, 0, 0, 0x38), slotsPerEpoch: 8, validators, ...extra });
  return { clock, beacon };
}

beaconCompliance('memory beacon', async () => {
  const { clock, beacon } = simulated();
  return {
    beacon,
    known: validators.slice(0, 4).map((v) => v.pubkey),
    reachSlot: async (slot) => clock.advanceTo(Math.max(clock.now(), Number(GENESIS) * 1000 + Number(slot) * 12_000)),
    accepted: () => beacon.submitted(),
  };
});

describe('memory beacon specifics', () => {
  it('two nodes with different salts disagree about the head; the same salt agrees', async () => {
    const a = simulated({ salt: 'a' }).beacon;
    const b = simulated({ salt: 'b' }).beacon;
    const a2 = simulated({ salt: 'a' }).beacon;
    expect((await a.getHeadHeader()).root).not.toEqual((await b.getHeadHeader()).root);
    expect(await a.getHeadHeader()).toEqual(await a2.getHeadHeader());
    expect(await a.produceAttestationData(5n, 0n)).toEqual(await a2.produceAttestationData(5n, 0n));
  });

  it('says syncing and unreachable with codes', async () => {
    const { beacon } = simulated();
    beacon.setSyncing(true);
    await expect(beacon.produceAttestationData(1n, 0n)).rejects.toMatchObject({ code: 'BEACON_SYNCING' });
    expect((await beacon.getSyncingStatus()).isSyncing).toBe(true);
    beacon.setUnreachable(true);
    await expect(beacon.getGenesis()).rejects.toMatchObject({ code: 'BEACON_UNREACHABLE' });
  });

  it('slots follow the clock from genesis', () => {
    const { clock, beacon } = simulated();
    expect(beacon.currentSlot()).toBe(5n);
    clock.advance(11_999);
    expect(beacon.currentSlot()).toBe(5n);
    clock.advance(1);
    expect(beacon.currentSlot()).toBe(6n);
  });
});
