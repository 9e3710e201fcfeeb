import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSlashingStore } from '../../src/adapters/fs/index.js';
import { slashingStoreCompliance } from './slashingStore.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'sv-slashing-'));

slashingStoreCompliance('file slashing store', async (genesisValidatorsRoot) => {
  const dir = tempDir();
  const store = await openFileSlashingStore({ dir, genesisValidatorsRoot });
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

// The same suite on a store compacting after every record: the snapshot path must keep every rule.
slashingStoreCompliance('file slashing store, compacting after each record', async (genesisValidatorsRoot) => {
  const dir = tempDir();
  const store = await openFileSlashingStore({ dir, genesisValidatorsRoot, compactAfter: 1 });
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

describe('file slashing store: restart', () => {
  it('a reopened store refuses what the first one recorded and repeats what it signed', async () => {
    const dir = tempDir();
    try {
      const gvr = new Uint8Array(32).fill(1);
      const pk = new Uint8Array(48).fill(2);
      const first = await openFileSlashingStore({ dir, genesisValidatorsRoot: gvr });
      await first.checkAndRecord(pk, { kind: 'attestation', sourceEpoch: 1n, targetEpoch: 2n, signingRoot: new Uint8Array(32).fill(3) });
      await first.checkAndRecord(pk, { kind: 'block', slot: 5n, signingRoot: new Uint8Array(32).fill(3) });
      await first.close();
      const second = await openFileSlashingStore({ dir, genesisValidatorsRoot: gvr });
      expect(await second.checkAndRecord(pk, { kind: 'attestation', sourceEpoch: 1n, targetEpoch: 2n, signingRoot: new Uint8Array(32).fill(4) })).toMatchObject({ recorded: false, rule: 'SLASHING_DOUBLE_VOTE' });
      expect(await second.checkAndRecord(pk, { kind: 'block', slot: 5n, signingRoot: new Uint8Array(32).fill(3) })).toEqual({ recorded: true, repeat: true });
      expect(await second.checkAndRecord(pk, { kind: 'block', slot: 4n, signingRoot: new Uint8Array(32).fill(3) })).toMatchObject({ recorded: false, rule: 'SLASHING_SLOT_BELOW' });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
