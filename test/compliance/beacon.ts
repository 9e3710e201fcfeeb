/**
 * The Beacon compliance suite (ports/beacon.ts): what a runner relies on from any Beacon adapter (the simulated
 * chain now; the REST client against a real node in issue 14). The fixture names validators the chain knows and
 * lets time reach a slot (a manual clock advances; a real node is waited on).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Beacon } from '../../src/ports/beacon.js';
import type { Attestation } from '../../src/core/eth/duties.js';

/** What the adapter under test provides. */
export interface BeaconFixture {
  beacon: Beacon;
  /** Pubkeys of active validators of this chain (at least 2). */
  known: Uint8Array[];
  /** Let time reach at least `slot`. */
  reachSlot(slot: bigint): Promise<void>;
  /** The attestations the node took (for adapters that can see them; undefined otherwise). */
  accepted?: () => Attestation[];
  cleanup?: () => Promise<void>;
}

/** Registers the Beacon compliance tests for one adapter. */
export function beaconCompliance(name: string, make: () => Promise<BeaconFixture>): void {
  describe(`Beacon compliance: ${name}`, () => {
    let fixture: BeaconFixture | undefined;
    const open = async () => (fixture = await make());
    afterEach(async () => {
      await fixture?.cleanup?.();
      fixture = undefined;
    });

    it('genesis, spec and fork are well-formed and stable', async () => {
      const { beacon } = await open();
      const g = await beacon.getGenesis();
      expect(g.genesisValidatorsRoot).toHaveLength(32);
      expect(g.genesisForkVersion).toHaveLength(4);
      expect(await beacon.getGenesis()).toEqual(g);
      const spec = await beacon.getSpec();
      expect(spec.SECONDS_PER_SLOT).toBeGreaterThan(0);
      expect(spec.SLOTS_PER_EPOCH).toBeGreaterThan(0);
      const fork = await beacon.getStateFork();
      expect(fork.currentVersion).toHaveLength(4);
      expect(fork.previousVersion).toHaveLength(4);
    });

    it('reports its sync status and a head that moves with time', async () => {
      const { beacon, reachSlot } = await open();
      const s = await beacon.getSyncingStatus();
      expect(typeof s.isSyncing).toBe('boolean');
      await reachSlot(s.headSlot + 2n);
      const head = await beacon.getHeadHeader();
      expect(head.slot).toBeGreaterThanOrEqual(s.headSlot + 1n);
      expect(head.root).toHaveLength(32);
    });

    it('finds known validators by pubkey, leaves unknown ones out', async () => {
      const { beacon, known } = await open();
      const unknown = new Uint8Array(48).fill(0xee);
      const found = await beacon.getStateValidators([...known, unknown]);
      expect(found).toHaveLength(known.length);
      for (const v of found) {
        expect(known.some((k) => k.every((b, i) => b === v.pubkey[i]))).toBe(true);
        expect(v.status.startsWith('active')).toBe(true);
      }
      expect(new Set(found.map((v) => v.index)).size).toBe(known.length);
    });

    it('gives every active validator one attester duty per epoch, inside it, the same when asked twice', async () => {
      const { beacon, known } = await open();
      const spe = BigInt((await beacon.getSpec()).SLOTS_PER_EPOCH);
      const indices = (await beacon.getStateValidators(known)).map((v) => v.index);
      const epoch = (await beacon.getSyncingStatus()).headSlot / spe;
      const first = await beacon.getAttesterDuties(epoch, indices);
      expect(first.dependentRoot).toHaveLength(32);
      expect(first.duties.map((d) => d.validatorIndex).sort()).toEqual([...indices].sort());
      for (const d of first.duties) {
        expect(d.slot / spe).toBe(epoch);
        expect(d.validatorCommitteeIndex).toBeLessThan(d.committeeLength);
      }
      expect(await beacon.getAttesterDuties(epoch, indices)).toEqual(first);
      const next = await beacon.getAttesterDuties(epoch + 1n, indices);
      expect(next.duties).toHaveLength(indices.length);
    });

    it('attestation data for a past or current slot: target in the slot\'s epoch, source not after it', async () => {
      const { beacon, reachSlot } = await open();
      const spe = BigInt((await beacon.getSpec()).SLOTS_PER_EPOCH);
      const slot = (await beacon.getSyncingStatus()).headSlot + 1n;
      await reachSlot(slot);
      const data = await beacon.produceAttestationData(slot, 0n);
      expect(data.slot).toBe(slot);
      expect(data.target.epoch).toBe(slot / spe);
      expect(data.source.epoch).toBeLessThanOrEqual(data.target.epoch);
      expect(data.beaconBlockRoot).toHaveLength(32);
      const fin = await beacon.getStateFinalityCheckpoints();
      expect(fin.finalized.epoch).toBeLessThanOrEqual(fin.currentJustified.epoch);
    });

    it('refuses attestation data for a future slot with a BEACON_ code', async () => {
      const { beacon } = await open();
      const head = (await beacon.getSyncingStatus()).headSlot;
      await expect(beacon.produceAttestationData(head + 1000n, 0n)).rejects.toMatchObject({ code: expect.stringMatching(/^BEACON_/) });
    });

    it('takes a well-formed attestation; submitting it again is no error', async () => {
      const { beacon, known, reachSlot, accepted } = await open();
      const [v] = await beacon.getStateValidators(known.slice(0, 1));
      const spe = BigInt((await beacon.getSpec()).SLOTS_PER_EPOCH);
      const epoch = (await beacon.getSyncingStatus()).headSlot / spe;
      const duty = (await beacon.getAttesterDuties(epoch, [v!.index])).duties[0]!;
      await reachSlot(duty.slot);
      const data = await beacon.produceAttestationData(duty.slot, duty.committeeIndex);
      const bits = Array.from({ length: duty.committeeLength }, (_, k) => k === duty.validatorCommitteeIndex);
      const attestation: Attestation = { aggregationBits: bits, data, signature: new Uint8Array(96).fill(0xab) };
      await beacon.submitPoolAttestations([attestation]);
      await beacon.submitPoolAttestations([attestation]);
      if (accepted) expect(accepted()).toHaveLength(1);
    });
  });
}
