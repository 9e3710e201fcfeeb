/**
 * The SlashingStore compliance suite (ports/slashingStore.ts): every adapter (memory now; the durable file store of
 * issue 13 next) must pass it. Refusals record nothing; check-and-record is atomic per validator; import takes
 * maxima; a foreign chain's record is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SigningRequest, SlashingStore } from '../../src/ports/slashingStore.js';

/** What the adapter under test provides: a fresh, empty store for the chain `genesisValidatorsRoot`. */
export interface SlashingStoreFixture {
  store: SlashingStore;
  cleanup?: () => Promise<void>;
}

const GVR = new Uint8Array(32).fill(0x47);
const pubkey = (k: number) => new Uint8Array(48).fill(k);
const root = (k: number) => new Uint8Array(32).fill(k);
const block = (slot: bigint, r = 1): SigningRequest => ({ kind: 'block', slot, signingRoot: root(r) });
const vote = (source: bigint, target: bigint, r = 1): SigningRequest => ({ kind: 'attestation', sourceEpoch: source, targetEpoch: target, signingRoot: root(r) });

/** Registers the SlashingStore compliance tests for one adapter. */
export function slashingStoreCompliance(name: string, make: (genesisValidatorsRoot: Uint8Array) => Promise<SlashingStoreFixture>): void {
  describe(`SlashingStore compliance: ${name}`, () => {
    let fixture: SlashingStoreFixture | undefined;
    const open = async () => (fixture = await make(GVR)).store;
    afterEach(async () => {
      await fixture?.cleanup?.();
      fixture = undefined;
    });

    it('records a first block and a first attestation, and names its chain', async () => {
      const s = await open();
      expect(s.genesisValidatorsRoot).toEqual(GVR);
      expect(await s.watermarks(pubkey(1))).toEqual({});
      expect(await s.checkAndRecord(pubkey(1), block(10n))).toEqual({ recorded: true, repeat: false });
      expect(await s.checkAndRecord(pubkey(1), vote(2n, 3n))).toEqual({ recorded: true, repeat: false });
      expect(await s.watermarks(pubkey(1))).toEqual({ block: { slot: 10n, signingRoot: root(1) }, attestation: { sourceEpoch: 2n, targetEpoch: 3n, signingRoot: root(1) } });
    });

    it('signing the very same message again is a repeat: allowed, nothing new recorded', async () => {
      const s = await open();
      await s.checkAndRecord(pubkey(1), block(10n, 5));
      await s.checkAndRecord(pubkey(1), vote(2n, 3n, 6));
      expect(await s.checkAndRecord(pubkey(1), block(10n, 5))).toEqual({ recorded: true, repeat: true });
      expect(await s.checkAndRecord(pubkey(1), vote(2n, 3n, 6))).toEqual({ recorded: true, repeat: true });
    });

    it('blocks: only strictly above the last slot; a refusal records nothing', async () => {
      const s = await open();
      await s.checkAndRecord(pubkey(1), block(10n));
      const before = await s.watermarks(pubkey(1));
      expect(await s.checkAndRecord(pubkey(1), block(10n, 2))).toMatchObject({ recorded: false, rule: 'SLASHING_DOUBLE_PROPOSAL' });
      expect(await s.checkAndRecord(pubkey(1), block(9n))).toMatchObject({ recorded: false, rule: 'SLASHING_SLOT_BELOW' });
      expect(await s.watermarks(pubkey(1))).toEqual(before);
      expect(await s.checkAndRecord(pubkey(1), block(11n, 2))).toEqual({ recorded: true, repeat: false });
    });

    it('attestations: no double vote, no surround either way, nothing below the target; a refusal records nothing', async () => {
      const s = await open();
      await s.checkAndRecord(pubkey(1), vote(3n, 5n));
      const before = await s.watermarks(pubkey(1));
      const refusals: [SigningRequest, string][] = [
        [vote(3n, 5n, 2), 'SLASHING_DOUBLE_VOTE'],
        [vote(4n, 5n), 'SLASHING_DOUBLE_VOTE'],
        [vote(2n, 6n), 'SLASHING_SURROUND_VOTE'],
        [vote(4n, 4n), 'SLASHING_SURROUND_VOTE'],
        [vote(1n, 4n), 'SLASHING_TARGET_BELOW'],
        [vote(6n, 5n), 'SLASHING_BAD_INPUT'],
      ];
      for (const [request, rule] of refusals) {
        const r = await s.checkAndRecord(pubkey(1), request);
        expect(r, rule).toMatchObject({ recorded: false, rule });
        expect(r.recorded === false && r.message.length > 0).toBe(true);
      }
      expect(await s.watermarks(pubkey(1))).toEqual(before);
      expect(await s.checkAndRecord(pubkey(1), vote(5n, 6n))).toEqual({ recorded: true, repeat: false });
    });

    it('validators are independent', async () => {
      const s = await open();
      await s.checkAndRecord(pubkey(1), vote(3n, 5n));
      expect(await s.checkAndRecord(pubkey(2), vote(3n, 5n, 9))).toEqual({ recorded: true, repeat: false });
      expect(await s.checkAndRecord(pubkey(2), block(1n))).toEqual({ recorded: true, repeat: false });
    });

    it('check-and-record is atomic: of conflicting requests made at once, exactly one is recorded', async () => {
      const s = await open();
      const results = await Promise.all(Array.from({ length: 8 }, (_, k) => s.checkAndRecord(pubkey(3), vote(1n, 2n, k + 1))));
      expect(results.filter((r) => r.recorded)).toHaveLength(1);
      const blocks = await Promise.all(Array.from({ length: 8 }, (_, k) => s.checkAndRecord(pubkey(3), block(7n, k + 1))));
      expect(blocks.filter((r) => r.recorded)).toHaveLength(1);
    });

    it('export lists every validator; import takes the maxima and refuses another chain', async () => {
      const s = await open();
      await s.checkAndRecord(pubkey(2), block(4n));
      await s.checkAndRecord(pubkey(1), vote(1n, 2n));
      const exported = await s.exportAll();
      expect(exported.genesisValidatorsRoot).toEqual(GVR);
      expect(exported.validators.map((v) => v.pubkey[0])).toEqual([1, 2]);
      await s.importAll({ genesisValidatorsRoot: GVR, validators: [{ pubkey: pubkey(1), watermarks: { block: { slot: 9n, signingRoot: root(4) }, attestation: { sourceEpoch: 0n, targetEpoch: 1n, signingRoot: root(4) } } }] });
      const w = await s.watermarks(pubkey(1));
      expect(w.block?.slot).toBe(9n);
      expect(w.attestation).toMatchObject({ sourceEpoch: 1n, targetEpoch: 2n });
      expect(await s.checkAndRecord(pubkey(1), block(9n, 5))).toMatchObject({ recorded: false });
      await expect(s.importAll({ genesisValidatorsRoot: root(9), validators: [] })).rejects.toMatchObject({ code: 'SLASHING_STORE_FOREIGN_CHAIN' });
    });

    it('refuses a malformed pubkey in words, and answers nothing once closed', async () => {
      const s = await open();
      await expect(s.checkAndRecord(new Uint8Array(47), block(1n))).rejects.toMatchObject({ code: 'SLASHING_STORE_BAD_INPUT' });
      await s.close();
      await expect(s.checkAndRecord(pubkey(1), block(1n))).rejects.toMatchObject({ code: 'SLASHING_STORE_CLOSED' });
    });
  });
}
