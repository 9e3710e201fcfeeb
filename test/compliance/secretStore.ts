/**
 * The SecretStore compliance suite (ports/secretStore.ts): every SecretStore adapter (memory, IndexedDB, files)
 * must pass it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../src/ports/secretStore.js';

/** What the adapter under test provides: an empty store, and how to tear it down. */
export interface SecretStoreFixture {
  store: SecretStore;
  cleanup: () => Promise<void>;
}

/** Registers the SecretStore compliance tests for one adapter. */
export function secretStoreCompliance(name: string, makeStore: () => Promise<SecretStoreFixture>): void {
  describe(`SecretStore compliance: ${name}`, () => {
    let fixture: SecretStoreFixture | undefined;
    const open = async (): Promise<SecretStore> => {
      fixture = await makeStore();
      return fixture.store;
    };
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    it('returns undefined for a missing key', async () => {
      const store = await open();
      expect(await store.get('missing')).toBeUndefined();
      expect(await store.list('')).toEqual([]);
    });

    it('round-trips a value', async () => {
      const store = await open();
      await store.put('seed', bytes([1, 2, 3]));
      expect(plain(await store.get('seed'))).toEqual([1, 2, 3]);
    });

    it('overwrites a value under the same key', async () => {
      const store = await open();
      await store.put('k', bytes([1, 2, 3, 4]));
      await store.put('k', bytes([9]));
      expect(plain(await store.get('k'))).toEqual([9]);
      expect(await store.list('')).toEqual(['k']);
    });

    it('deletes a key, and deleting a missing key is not an error', async () => {
      const store = await open();
      await store.put('a', bytes([1]));
      await store.put('b', bytes([2]));
      await store.delete('a');
      await store.delete('a');
      await store.delete('never');
      expect(await store.get('a')).toBeUndefined();
      expect(plain(await store.get('b'))).toEqual([2]);
      expect(await store.list('')).toEqual(['b']);
    });

    it('copies on put: changing the caller buffer afterwards changes nothing', async () => {
      const store = await open();
      const input = bytes([5, 6, 7]);
      await store.put('k', input);
      input.fill(0);
      expect(plain(await store.get('k'))).toEqual([5, 6, 7]);
    });

    it('copies on get: changing a returned value changes nothing', async () => {
      const store = await open();
      await store.put('k', bytes([5, 6, 7]));
      const first = await store.get('k');
      first!.fill(0xff);
      expect(plain(await store.get('k'))).toEqual([5, 6, 7]);
    });

    it('stores only the viewed bytes of a subarray', async () => {
      const store = await open();
      const backing = bytes([0, 1, 2, 3, 4, 5]);
      await store.put('k', backing.subarray(2, 4));
      expect(plain(await store.get('k'))).toEqual([2, 3]);
    });

    it('keeps binary values with every byte value, and empty values', async () => {
      const store = await open();
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      const reversed = all.slice().reverse();
      const large = Uint8Array.from({ length: 65_536 + 7 }, (_, i) => (i * 31 + 7) & 0xff);
      await store.put('all', all);
      await store.put('reversed', reversed);
      await store.put('large', large);
      await store.put('empty', new Uint8Array(0));
      const got = await store.get('all');
      expect(got).toBeInstanceOf(Uint8Array);
      expect(plain(got)).toEqual(plain(all));
      expect(plain(await store.get('reversed'))).toEqual(plain(reversed));
      expect(plain(await store.get('large'))).toEqual(plain(large));
      const empty = await store.get('empty');
      expect(empty).toBeInstanceOf(Uint8Array);
      expect(empty).toHaveLength(0);
    });

    it('lists keys with a prefix, sorted in code-unit order', async () => {
      const store = await open();
      const keys = ['ceremony/b/state', 'ceremony/a/seed', 'ceremony/a/inbound/2', 'ceremony/a/inbound/10', 'other', 'ceremony', 'Ceremony/x', 'ceremony/a/é', 'ceremony/a/~'];
      for (const [i, key] of keys.entries()) await store.put(key, bytes([i]));
      const sorted = [...keys].sort();
      expect(await store.list('')).toEqual(sorted);
      expect(await store.list('ceremony/a/')).toEqual([
        'ceremony/a/inbound/10',
        'ceremony/a/inbound/2',
        'ceremony/a/seed',
        'ceremony/a/~',
        'ceremony/a/é',
      ]);
      expect(await store.list('ceremony')).toEqual(sorted.filter((k) => k.startsWith('ceremony')));
      expect(await store.list('ceremony/b/state')).toEqual(['ceremony/b/state']);
      expect(await store.list('ceremony/c')).toEqual([]);
      expect(await store.list('c')).not.toContain('Ceremony/x'); // prefixes are case-sensitive
    });

    it('keeps keys independent: similar keys do not collide', async () => {
      const store = await open();
      await store.put('a', bytes([1]));
      await store.put('a/', bytes([2]));
      await store.put('A', bytes([3]));
      await store.put('ключ 🔑', bytes([4]));
      expect(plain(await store.get('a'))).toEqual([1]);
      expect(plain(await store.get('a/'))).toEqual([2]);
      expect(plain(await store.get('A'))).toEqual([3]);
      expect(plain(await store.get('ключ 🔑'))).toEqual([4]);
    });
  });
}

function bytes(values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

/** An array of the bytes, so equality ignores the concrete typed-array class (Buffer vs Uint8Array). */
function plain(value: Uint8Array | undefined): number[] | undefined {
  return value === undefined ? undefined : Array.from(value);
}
