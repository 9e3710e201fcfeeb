/**
 * The SecretStore port (ports/secretStore.ts) in the browser: IndexedDB through `idb`, every value sealed with
 * AES-256-GCM (WebCrypto) under a non-extractable key derived from the participant's passphrase by
 * PBKDF2-SHA-256. Several namespaces (ceremonies, passphrases) share one database: each has its own random salt
 * and a sealed check value in the `meta` store, and its records live in `records` under `[namespace, key]`.
 * The namespace and key name are the AES-GCM additional data, so a record cannot be moved to another name.
 * Key names are stored in the clear (list() needs them); values never are.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SecretStore } from '../../ports/secretStore.js';
import { SecretStoreError } from '../../ports/secretStoreError.js';

export { requestPersistentStorage } from './persistentStorage.js';

/** PBKDF2-SHA-256 iterations for a new namespace (OWASP 2023 guidance for PBKDF2-HMAC-SHA256). */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
const FORMAT = 'sv-idb-secret-store/1';
const DB_VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The namespace header: how its key is derived, and a value sealed under it to recognise the passphrase. */
interface MetaRecord {
  format: typeof FORMAT;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number };
  salt: Uint8Array;
  /** iv ‖ AES-GCM(SHA-256(salt)) with the check's additional data. */
  check: Uint8Array;
}

interface Schema extends DBSchema {
  /** Keyed by namespace. */
  meta: { key: string; value: MetaRecord };
  /** Keyed by [namespace, key name]; the value is iv ‖ ciphertext ‖ tag. */
  records: { key: [string, string]; value: Uint8Array };
}

/** Options of createIdbSecretStore. */
export interface IdbSecretStoreOptions {
  /** IndexedDB database name (default 'shared-validator'). */
  dbName?: string;
  /** Which set of records this store sees, e.g. one per ceremony and participant. */
  namespace: string;
  /** The participant's passphrase; it never leaves this function except as the derived, non-extractable key. */
  passphrase: string;
  /**
   * PBKDF2 iterations used when the namespace is created (default 600 000; tests may use fewer). An existing
   * namespace keeps the count recorded in its header.
   */
  iterations?: number;
}

/** A SecretStore on IndexedDB, with its lifecycle. */
export interface IdbSecretStore extends SecretStore {
  /** The namespace this store reads and writes. */
  readonly namespace: string;
  /** Closes the database connection; later calls reopen it. */
  close(): void;
  /** Deletes every record of this namespace and its header (the passphrase check), then closes. */
  destroy(): Promise<void>;
}

/**
 * Opens (or creates) `namespace` in the IndexedDB database `dbName` under `passphrase`. Creating draws a random
 * salt and records it with a sealed check value; opening derives the key from the recorded salt and rejects with
 * `STORE_BAD_PASSWORD` when the check value does not open, or `STORE_BAD_FORMAT` when the header is not ours.
 */
export async function createIdbSecretStore(options: IdbSecretStoreOptions): Promise<IdbSecretStore> {
  const { dbName = 'shared-validator', namespace, passphrase, iterations = DEFAULT_PBKDF2_ITERATIONS } = options;
  if (typeof dbName !== 'string' || dbName === '') throw new TypeError('dbName must be a non-empty string');
  if (typeof namespace !== 'string') throw new TypeError('namespace must be a string');
  if (typeof passphrase !== 'string' || passphrase === '') throw new TypeError('passphrase must be a non-empty string');
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new TypeError('iterations must be a positive integer');

  let connection: Promise<IDBPDatabase<Schema>> | undefined;
  const db = (): Promise<IDBPDatabase<Schema>> => {
    connection ??= openDB<Schema>(dbName, DB_VERSION, {
      upgrade(database) {
        if (!database.objectStoreNames.contains('meta')) database.createObjectStore('meta');
        if (!database.objectStoreNames.contains('records')) database.createObjectStore('records');
      },
      // Another tab wants a newer schema: step aside (the next call reopens), rather than block it forever.
      blocking: () => close(),
      terminated: () => {
        connection = undefined;
      },
    }).catch((e: unknown) => {
      connection = undefined;
      throw e;
    });
    return connection;
  };
  const close = (): void => {
    const open = connection;
    connection = undefined;
    void open?.then((d) => d.close(), () => {});
  };

  const key = await openNamespace(await db(), namespace, passphrase, iterations);
  const recordData = (name: string) => additionalData(['record', namespace, name]);

  return {
    namespace,
    async put(name, value) {
      checkName(name);
      if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
      const sealed = await seal(key, new Uint8Array(value), recordData(name));
      const tx = (await db()).transaction('records', 'readwrite', { durability: 'strict' });
      await Promise.all([tx.store.put(sealed, [namespace, name]), tx.done]);
    },
    async get(name) {
      checkName(name);
      const sealed = await (await db()).get('records', [namespace, name]);
      if (sealed === undefined) return undefined;
      const value = sealed instanceof Uint8Array ? await unseal(key, sealed, recordData(name)) : undefined;
      if (value === undefined) throw new SecretStoreError('STORE_BAD_FORMAT', `the saved value of ${JSON.stringify(name)} does not authenticate: the browser storage was altered`);
      return value;
    },
    async delete(name) {
      checkName(name);
      const tx = (await db()).transaction('records', 'readwrite', { durability: 'strict' });
      await Promise.all([tx.store.delete([namespace, name]), tx.done]);
    },
    async list(prefix) {
      if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
      const names: string[] = [];
      // Array keys sort after every string, so [namespace, []] is above every [namespace, name].
      const range = IDBKeyRange.bound([namespace, prefix], [namespace, []]);
      let cursor = await (await db()).transaction('records').store.openKeyCursor(range);
      while (cursor) {
        const name = cursor.key[1];
        if (!name.startsWith(prefix)) break; // keys come in code-unit order: past the prefix, nothing more matches
        names.push(name);
        cursor = await cursor.continue();
      }
      return names.sort(); // already in IndexedDB order, which is code-unit order; sort() states the contract
    },
    close,
    async destroy() {
      const tx = (await db()).transaction(['records', 'meta'], 'readwrite', { durability: 'strict' });
      await Promise.all([
        tx.objectStore('records').delete(IDBKeyRange.bound([namespace, ''], [namespace, []])),
        tx.objectStore('meta').delete(namespace),
        tx.done,
      ]);
      close();
    },
  };
}

/** Reads or creates the namespace header and returns the AES key it checks out. */
async function openNamespace(db: IDBPDatabase<Schema>, namespace: string, passphrase: string, iterations: number): Promise<CryptoKey> {
  const checkData = additionalData(['check', namespace]);
  for (;;) {
    const meta = await db.get('meta', namespace);
    if (meta !== undefined) {
      if (!isMetaRecord(meta)) throw new SecretStoreError('STORE_BAD_FORMAT', `the saved header of ${JSON.stringify(namespace)} is not a ${FORMAT} header`);
      const key = await deriveKey(passphrase, meta.salt, meta.kdf.iterations);
      const opened = await unseal(key, meta.check, checkData);
      if (opened === undefined || !equalBytes(opened, await sha256(meta.salt))) {
        throw new SecretStoreError('STORE_BAD_PASSWORD', 'the passphrase does not open this participant\'s saved state (is it the passphrase you used before?)');
      }
      return key;
    }
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const key = await deriveKey(passphrase, salt, iterations);
    const created: MetaRecord = { format: FORMAT, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations }, salt, check: await seal(key, await sha256(salt), checkData) };
    try {
      const tx = db.transaction('meta', 'readwrite', { durability: 'strict' });
      await Promise.all([tx.store.add(created, namespace), tx.done]);
      return key;
    } catch (e) {
      // Another tab created the namespace between our read and our write: start over with its header.
      if (!(e instanceof DOMException && e.name === 'ConstraintError')) throw e;
    }
  }
}

function isMetaRecord(value: unknown): value is MetaRecord {
  const m = value as Partial<MetaRecord> | null;
  return (
    typeof m === 'object' && m !== null && m.format === FORMAT &&
    typeof m.kdf === 'object' && m.kdf !== null && m.kdf.name === 'PBKDF2' && m.kdf.hash === 'SHA-256' &&
    Number.isSafeInteger(m.kdf.iterations) && m.kdf.iterations >= 1 &&
    m.salt instanceof Uint8Array && m.salt.length === SALT_BYTES && m.check instanceof Uint8Array
  );
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFKD')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** iv ‖ ciphertext ‖ tag, with a fresh random 96-bit iv. */
async function seal(key: CryptoKey, plaintext: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const body = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: data, tagLength: TAG_BYTES * 8 }, key, plaintext));
  const out = new Uint8Array(IV_BYTES + body.length);
  out.set(iv);
  out.set(body, IV_BYTES);
  return out;
}

/** The plaintext, or undefined when `sealed` does not authenticate under `key` and `data`. */
async function unseal(key: CryptoKey, sealed: Uint8Array, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array | undefined> {
  if (!(sealed instanceof Uint8Array) || sealed.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const copy = new Uint8Array(sealed);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: copy.subarray(0, IV_BYTES), additionalData: data, tagLength: TAG_BYTES * 8 }, key, copy.subarray(IV_BYTES)));
  } catch {
    return undefined;
  }
}

/** An unambiguous encoding of what a sealed value is bound to (its purpose, namespace and name). */
function additionalData(parts: string[]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([FORMAT, ...parts]));
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
}

/** Constant-time comparison (the check value is not secret, but there is no reason to leak timing). */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function checkName(name: string): void {
  if (typeof name !== 'string') throw new TypeError('key must be a string');
}

/**
 * Delete every record of `namespace` and its header without opening it (no passphrase needed): what "delete
 * this ceremony from this browser" does. The data is encrypted anyway; this removes even the ciphertext.
 */
export async function deleteIdbNamespace(namespace: string, dbName = 'shared-validator'): Promise<void> {
  const database = await openDB<Schema>(dbName, DB_VERSION, {
    upgrade(d) {
      if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta');
      if (!d.objectStoreNames.contains('records')) d.createObjectStore('records');
    },
  });
  try {
    const tx = database.transaction(['records', 'meta'], 'readwrite', { durability: 'strict' });
    await Promise.all([tx.objectStore('records').delete(IDBKeyRange.bound([namespace, ''], [namespace, []])), tx.objectStore('meta').delete(namespace), tx.done]);
  } finally {
    database.close();
  }
}
