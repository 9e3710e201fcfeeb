/**
 * The IndexedDB harness page: the browser adapters of src/adapters/idb, driven from Node through
 * `window.idbHarness` (see api.ts).
 */
import { acquireTabLock, createIdbSecretStore, requestPersistentStorage, type IdbSecretStore, type TabLock } from '../../../src/adapters/idb/index.js';
import type { HarnessDump, HarnessResult, IdbHarness } from './api.js';

const stores = new Map<string, IdbSecretStore>();
const locks = new Map<string, TabLock>();

async function result<T>(run: () => Promise<T>): Promise<HarnessResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const code = (error as { code?: unknown }).code;
    return { ok: false, name: error.name, code: typeof code === 'string' ? code : undefined, message: error.message };
  }
}

function storeOf(handle: string): IdbSecretStore {
  const store = stores.get(handle);
  if (!store) throw new Error(`no open store ${handle}`);
  return store;
}

/** Plain data for page.evaluate: typed arrays and buffers become { bytes }, objects and arrays are walked. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return { bytes: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  if (value instanceof ArrayBuffer) return { bytes: Array.from(new Uint8Array(value)) };
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function rawOpen(dbName: string): Promise<IDBDatabase> {
  return request(indexedDB.open(dbName));
}

const harness: IdbHarness = {
  open: (handle, options) =>
    result(async () => {
      stores.set(handle, await createIdbSecretStore(options));
      return null;
    }),
  put: (handle, key, value) =>
    result(async () => {
      await storeOf(handle).put(key as string, 'bytes' in value ? Uint8Array.from(JSON.parse(value.bytes) as number[]) : (value.raw as Uint8Array));
      return null;
    }),
  get: (handle, key) =>
    result(async () => {
      const value = await storeOf(handle).get(key as string);
      if (value === undefined) return null;
      if (!(value instanceof Uint8Array)) throw new Error('get returned something other than a Uint8Array');
      return JSON.stringify(Array.from(value));
    }),
  delete: (handle, key) =>
    result(async () => {
      await storeOf(handle).delete(key as string);
      return null;
    }),
  list: (handle, prefix) => result(() => storeOf(handle).list(prefix as string)),
  close: (handle) =>
    result(async () => {
      storeOf(handle).close();
      stores.delete(handle);
      return null;
    }),
  destroy: (handle) =>
    result(async () => {
      await storeOf(handle).destroy();
      stores.delete(handle);
      return null;
    }),
  async dump(dbName) {
    const db = await rawOpen(dbName);
    try {
      const out: HarnessDump = {};
      for (const name of Array.from(db.objectStoreNames)) {
        const store = db.transaction(name).objectStore(name);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        out[name] = keys.map((key, i) => ({ key: plain(key), value: plain(values[i]) }));
      }
      return out;
    } finally {
      db.close();
    }
  },
  async copyRecord(dbName, from, to) {
    const db = await rawOpen(dbName);
    try {
      const store = db.transaction('records', 'readwrite').objectStore('records');
      await request(store.put(await request(store.get(from)), to));
    } finally {
      db.close();
    }
  },
  async lockAcquire(name) {
    const lock = await acquireTabLock(name);
    if (lock) locks.set(name, lock);
    return lock !== undefined;
  },
  lockRelease(name) {
    locks.get(name)?.release();
    locks.delete(name);
  },
  requestPersistentStorage,
};

window.idbHarness = harness;
