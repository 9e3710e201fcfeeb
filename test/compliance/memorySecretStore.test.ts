import { describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../src/adapters/memory/index.js';
import { secretStoreCompliance } from './secretStore.js';

secretStoreCompliance('memory secret store', async () => ({ store: createMemorySecretStore(), cleanup: async () => {} }));

secretStoreCompliance('memory secret store restored from a snapshot', async () => {
  const previous = createMemorySecretStore();
  await previous.put('scratch', Uint8Array.of(1));
  await previous.delete('scratch');
  return { store: createMemorySecretStore(previous.snapshot()), cleanup: async () => {} };
});

describe('memory secret store snapshots (a reloaded participant)', () => {
  it('snapshots are deep copies, unaffected by later writes', async () => {
    const store = createMemorySecretStore();
    await store.put('seed', Uint8Array.of(1, 2));
    const snap = store.snapshot();
    await store.put('seed', Uint8Array.of(9));
    await store.put('later', Uint8Array.of(3));
    expect([...snap.keys()]).toEqual(['seed']);
    expect(Array.from(snap.get('seed')!)).toEqual([1, 2]);
  });

  it('a new store from a snapshot holds the same contents, independently', async () => {
    const tab = createMemorySecretStore();
    await tab.put('ceremony/x/seed', Uint8Array.of(7, 7));
    await tab.put('ceremony/x/state', Uint8Array.of(1));
    const reloaded = createMemorySecretStore(tab.snapshot());
    expect(await reloaded.list('ceremony/')).toEqual(['ceremony/x/seed', 'ceremony/x/state']);
    await reloaded.put('ceremony/x/state', Uint8Array.of(2));
    expect(Array.from((await tab.get('ceremony/x/state'))!)).toEqual([1]);
  });

  it('restore replaces the whole contents with a copy', async () => {
    const store = createMemorySecretStore();
    await store.put('a', Uint8Array.of(1));
    const snap = store.snapshot();
    await store.put('b', Uint8Array.of(2));
    await store.put('a', Uint8Array.of(3));
    store.restore(snap);
    expect(await store.list('')).toEqual(['a']);
    expect(Array.from((await store.get('a'))!)).toEqual([1]);
    await store.put('a', Uint8Array.of(4));
    expect(Array.from(snap.get('a')!)).toEqual([1]);
  });

  it('rejects values that are not bytes', async () => {
    const store = createMemorySecretStore();
    await expect(store.put('k', [1, 2] as unknown as Uint8Array)).rejects.toBeInstanceOf(TypeError);
  });
});
