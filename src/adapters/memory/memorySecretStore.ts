/**
 * The in-memory SecretStore (ports/secretStore.ts) for tests and simulations. Values are copied in and out, so no
 * caller can alias stored bytes; `snapshot`/`restore` let a test "close the tab" and rebuild a participant from
 * what it had persisted (PROTOCOL.md §8).
 */
import type { SecretStore } from '../../ports/secretStore.js';

/** A frozen copy of a store's contents (keys to independent byte copies). */
export type MemorySecretStoreSnapshot = ReadonlyMap<string, Uint8Array>;

/** A SecretStore in memory, with snapshots. */
export interface MemorySecretStore extends SecretStore {
  /** A deep copy of the current contents; later writes to the store don't change it. */
  snapshot(): MemorySecretStoreSnapshot;
  /** Replace the whole contents with a deep copy of `snapshot`. */
  restore(snapshot: MemorySecretStoreSnapshot): void;
}

/** Creates a memory store, empty or holding a copy of `initial` (e.g. a snapshot of a "closed tab"). */
export function createMemorySecretStore(initial?: MemorySecretStoreSnapshot): MemorySecretStore {
  let entries = new Map<string, Uint8Array>();
  const copyAll = (from: MemorySecretStoreSnapshot): Map<string, Uint8Array> => {
    const out = new Map<string, Uint8Array>();
    for (const [key, value] of from) out.set(checkKey(key), copyBytes(value));
    return out;
  };
  if (initial !== undefined) entries = copyAll(initial);

  return {
    async put(key, value) {
      entries.set(checkKey(key), copyBytes(value));
    },
    async get(key) {
      const value = entries.get(checkKey(key));
      return value === undefined ? undefined : new Uint8Array(value);
    },
    async delete(key) {
      entries.delete(checkKey(key));
    },
    async list(prefix) {
      if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
      // Default sort = UTF-16 code-unit order, the same order IndexedDB uses for string keys.
      return [...entries.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    snapshot: () => copyAll(entries),
    restore(snapshot) {
      entries = copyAll(snapshot);
    },
  };
}

function checkKey(key: string): string {
  if (typeof key !== 'string') throw new TypeError('key must be a string');
  return key;
}

function copyBytes(value: Uint8Array): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
  return new Uint8Array(value); // a plain Uint8Array copy, even when given a Buffer or a subarray
}
