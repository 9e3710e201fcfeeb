import { describe, expect, it } from 'vitest';
import { createMemorySlashingStore } from '../../src/adapters/memory/index.js';
import { slashingStoreCompliance } from './slashingStore.js';

slashingStoreCompliance('memory slashing store', async (genesisValidatorsRoot) => ({ store: createMemorySlashingStore({ genesisValidatorsRoot }) }));

describe('memory slashing store: restart', () => {
  it('a store opened from a snapshot refuses what the first one recorded', async () => {
    const gvr = new Uint8Array(32).fill(1);
    const first = createMemorySlashingStore({ genesisValidatorsRoot: gvr });
    const pk = new Uint8Array(48).fill(2);
    await first.checkAndRecord(pk, { kind: 'attestation', sourceEpoch: 1n, targetEpoch: 2n, signingRoot: new Uint8Array(32).fill(3) });
    const second = createMemorySlashingStore({ genesisValidatorsRoot: gvr, initial: first.snapshot() });
    expect(await second.checkAndRecord(pk, { kind: 'attestation', sourceEpoch: 1n, targetEpoch: 2n, signingRoot: new Uint8Array(32).fill(4) })).toMatchObject({ recorded: false, rule: 'SLASHING_DOUBLE_VOTE' });
  });
});
