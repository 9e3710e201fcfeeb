// The browser SecretStore (src/adapters/idb) in real headless Chromium with real IndexedDB and WebCrypto: the
// SecretStore compliance suite through a page proxy, reopening after a reload, wrong passphrases, what is at rest
// in IndexedDB, records bound to their names, and the one-tab lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error plain JS helper shared with the scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.js';
import type { SecretStore } from '../../src/ports/secretStore.js';
import { secretStoreCompliance } from '../compliance/secretStore.js';
import type { HarnessDump, HarnessResult, HarnessValue, IdbHarness } from './idbHarness/api.js';

const HARNESS = fileURLToPath(new URL('./idbHarness/', import.meta.url));
const DB = 'shared-validator'; // the adapter's default database name
const FAST = 1_000; // PBKDF2 iterations for the tests that are not about the default count

let server: ViteDevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let url: string;
let cacheDir: string;

beforeAll(async () => {
  const executablePath = findChromium() as string | undefined;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium)');
  cacheDir = mkdtempSync(join(tmpdir(), 'sv-idb-harness-')); // Vite's dependency cache, kept out of the repo
  server = await createServer({
    configFile: false,
    root: HARNESS,
    logLevel: 'silent',
    clearScreen: false,
    cacheDir,
    server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null, hmr: false },
  });
  await server.listen();
  url = server.resolvedUrls?.local[0] as string;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  context = await browser.newContext();
  page = await openHarness();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

async function openHarness(): Promise<Page> {
  const p = await context.newPage();
  await p.goto(url);
  await p.waitForFunction(() => window.idbHarness !== undefined);
  return p;
}

type Method = Exclude<keyof IdbHarness, 'dump' | 'copyRecord' | 'lockAcquire' | 'lockRelease' | 'requestPersistentStorage'>;

/** Calls the harness in `on`, and turns a failure back into an error here: TypeError stays TypeError, codes are kept. */
async function call<T>(method: Method, args: unknown[], on: Page = page): Promise<T> {
  const result = (await on.evaluate(({ method, args }) => (window.idbHarness[method] as (...a: unknown[]) => Promise<unknown>)(...args), { method, args })) as HarnessResult<T>;
  if (result.ok) return result.value;
  if (result.name === 'TypeError') throw new TypeError(result.message);
  throw Object.assign(new Error(result.message), { name: result.name, code: result.code });
}

/**
 * A SecretStore in Node whose every call runs against the store `handle` in the page. Bytes cross as number arrays
 * in JSON text (fast); anything that is not a Uint8Array is passed as it is, so the page's own type checks answer.
 */
function proxy(handle: string): SecretStore {
  const value = (v: unknown): HarnessValue => (v instanceof Uint8Array ? { bytes: JSON.stringify(Array.from(v)) } : { raw: v });
  return {
    put: (key, v) => call<null>('put', [handle, key, value(v)]).then(() => undefined),
    get: (key) => call<string | null>('get', [handle, key]).then((b) => (b === null ? undefined : Uint8Array.from(JSON.parse(b) as number[]))),
    delete: (key) => call<null>('delete', [handle, key]).then(() => undefined),
    list: (prefix) => call<string[]>('list', [handle, prefix]),
  };
}

let opened = 0;
/** Opens a store on a fresh namespace in the page; returns its Node proxy. */
async function openStore(options: { namespace?: string; passphrase?: string; iterations?: number } = {}, on: Page = page) {
  const namespace = options.namespace ?? `ns-${Date.now()}-${opened++}`;
  const handle = `${namespace}#${opened++}`;
  await call('open', [handle, { namespace, passphrase: options.passphrase ?? 'test passphrase', iterations: options.iterations ?? FAST }], on);
  return { handle, namespace, store: proxy(handle) };
}

const dump = (on: Page = page): Promise<HarnessDump> => on.evaluate((db) => window.idbHarness.dump(db), DB);

/** Every byte array and every string anywhere in a dumped value. */
function collect(value: unknown, out: { bytes: Uint8Array[]; strings: string[] } = { bytes: [], strings: [] }) {
  if (typeof value === 'string') out.strings.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (typeof value === 'object' && value !== null) {
    const { bytes } = value as { bytes?: unknown };
    if (Array.isArray(bytes) && bytes.every((b) => typeof b === 'number')) out.bytes.push(Uint8Array.from(bytes as number[]));
    else for (const [k, v] of Object.entries(value)) collect([k, v], out);
  }
  return out;
}

const contains = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).indexOf(Buffer.from(needle)) !== -1;

secretStoreCompliance('IndexedDB secret store in Chromium', async () => {
  const { handle, store } = await openStore();
  return { store, cleanup: () => call<null>('destroy', [handle]).then(() => undefined) };
});

describe('IndexedDB secret store in Chromium', () => {
  it('rejects non-string keys and non-Uint8Array values with a TypeError', async () => {
    const { handle, store } = await openStore();
    await expect(store.put(1 as never, Uint8Array.of(1))).rejects.toThrow(TypeError);
    await expect(store.put('k', 'bytes' as never)).rejects.toThrow(TypeError);
    await expect(store.put('k', [1, 2] as never)).rejects.toThrow(TypeError);
    await expect(store.get(null as never)).rejects.toThrow(TypeError);
    await expect(store.delete(2 as never)).rejects.toThrow(TypeError);
    await expect(store.list(undefined as never)).rejects.toThrow(TypeError);
    expect(await store.list('')).toEqual([]);
    await call('destroy', [handle]);
  });

  it('reopens with the same passphrase after a reload, at the default 600 000 PBKDF2 iterations', async () => {
    const seed = randomBytes(32);
    const namespace = `reload-${Date.now()}`;
    const first = await call<null>('open', ['before', { namespace, passphrase: 'correct horse battery staple' }]);
    expect(first).toBeNull();
    await proxy('before').put('ceremony/1/seed', seed);
    await proxy('before').put('ceremony/1/state', Uint8Array.of(7, 8, 9));

    await page.reload();
    await page.waitForFunction(() => window.idbHarness !== undefined);
    await call('open', ['after', { namespace, passphrase: 'correct horse battery staple' }]);
    const after = proxy('after');
    expect(Array.from((await after.get('ceremony/1/seed'))!)).toEqual(Array.from(seed));
    expect(Array.from((await after.get('ceremony/1/state'))!)).toEqual([7, 8, 9]);
    expect(await after.list('ceremony/1/')).toEqual(['ceremony/1/seed', 'ceremony/1/state']);

    const meta = (await dump()).meta!.find((r) => r.key === namespace)!.value as { kdf: { name: string; hash: string; iterations: number }; salt: { bytes: number[] } };
    expect(meta.kdf).toEqual({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(meta.salt.bytes).toHaveLength(16);
    await call('destroy', ['after']);
  });

  it('refuses a wrong passphrase with STORE_BAD_PASSWORD in words, and the right one still opens', async () => {
    const { namespace, store } = await openStore({ passphrase: 'the right passphrase' });
    await store.put('seed', Uint8Array.of(1, 2, 3));
    const refused = await call('open', ['wrong', { namespace, passphrase: 'a wrong passphrase', iterations: FAST }]).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(refused?.code).toBe('STORE_BAD_PASSWORD');
    expect(refused?.message).toMatch(/passphrase does not open/);
    expect(refused?.message).not.toContain('a wrong passphrase');
    expect(refused?.message).not.toContain('the right passphrase');

    await call('open', ['right', { namespace, passphrase: 'the right passphrase' }]);
    expect(Array.from((await proxy('right').get('seed'))!)).toEqual([1, 2, 3]);
    await call('destroy', ['right']);
  });

  it('keeps namespaces apart: several ceremonies and passphrases in one database', async () => {
    const a = await openStore({ passphrase: 'passphrase A' });
    const b = await openStore({ passphrase: 'passphrase B' });
    await a.store.put('seed', Uint8Array.of(0xa));
    await b.store.put('seed', Uint8Array.of(0xb));
    await b.store.put('state', Uint8Array.of(0xb, 0xb));
    expect(Array.from((await a.store.get('seed'))!)).toEqual([0xa]);
    expect(Array.from((await b.store.get('seed'))!)).toEqual([0xb]);
    expect(await a.store.list('')).toEqual(['seed']);
    expect(await b.store.list('')).toEqual(['seed', 'state']);
    await call('destroy', [a.handle]);
    expect(await b.store.list('')).toEqual(['seed', 'state']);
    expect((await dump()).meta!.map((r) => r.key)).not.toContain(a.namespace);
    await call('destroy', [b.handle]);
  });

  it('keeps no plaintext at rest: the raw IndexedDB records hold neither a 32-byte secret nor a named value', async () => {
    const passphrase = 'at-rest passphrase';
    const { handle, namespace, store } = await openStore({ passphrase });
    const secret = randomBytes(32);
    const note = 'the plaintext value under a named key: marker-5f1c';
    await store.put('ceremony/x/seed', secret);
    await store.put('ceremony/x/copy', secret);
    await store.put('ceremony/x/note', new TextEncoder().encode(note));

    const raw = await dump();
    expect(Object.keys(raw).sort()).toEqual(['meta', 'records']);
    const mine = raw.records!.filter((r) => Array.isArray(r.key) && r.key[0] === namespace);
    expect(mine.map((r) => r.key)).toEqual([
      [namespace, 'ceremony/x/copy'],
      [namespace, 'ceremony/x/note'],
      [namespace, 'ceremony/x/seed'],
    ]); // sanity: the dump does read the records (key names are stored in the clear; values are not)
    const sealed = (name: string) => collect(mine.find((r) => (r.key as string[])[1] === name)!.value).bytes[0]!;
    expect(sealed('ceremony/x/seed')).toHaveLength(12 + 32 + 16); // iv ‖ ciphertext ‖ tag
    expect(Buffer.from(sealed('ceremony/x/seed')).equals(Buffer.from(sealed('ceremony/x/copy')))).toBe(false); // fresh iv

    const { bytes, strings } = collect(raw);
    const noteBytes = new TextEncoder().encode(note);
    for (const b of bytes) {
      for (let i = 0; i + 8 <= secret.length; i++) expect(contains(b, secret.subarray(i, i + 8))).toBe(false);
      expect(contains(b, noteBytes.subarray(0, 16))).toBe(false);
      expect(contains(b, new TextEncoder().encode(passphrase))).toBe(false);
    }
    const text = strings.join('\n') + JSON.stringify(raw);
    for (const form of [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url'), secret.toString('latin1'), Array.from(secret).join(','), note, 'marker-5f1c', passphrase]) {
      expect(text).not.toContain(form);
    }
    await call('destroy', [handle]);
  });

  it('binds each record to its name: a record copied under another name does not open', async () => {
    const { handle, namespace, store } = await openStore();
    await store.put('a', Uint8Array.of(1, 2, 3));
    await page.evaluate(([db, ns]) => window.idbHarness.copyRecord(db, [ns, 'a'], [ns, 'b']), [DB, namespace] as const);
    const error = await store.get('b').then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('STORE_BAD_FORMAT');
    expect(error?.message).toMatch(/does not authenticate/);
    expect(Array.from((await store.get('a'))!)).toEqual([1, 2, 3]);
    await call('destroy', [handle]);
  });

  it('locks a participant to one tab: a second tab gets nothing until the first releases or closes', async () => {
    const acquire = (p: Page, name: string) => p.evaluate((n) => window.idbHarness.lockAcquire(n), name);
    const release = (p: Page, name: string) => p.evaluate((n) => window.idbHarness.lockRelease(n), name);
    const name = `sv-participant-${Date.now()}`;
    const second = await openHarness();
    try {
      expect(await acquire(page, name)).toBe(true);
      expect(await acquire(second, name)).toBe(false);
      expect(await acquire(page, name)).toBe(false); // not re-entrant, even in the holding tab
      expect(await acquire(second, `${name}-other`)).toBe(true); // other names are independent
      await release(page, name);
      expect(await acquire(second, name)).toBe(true);
      expect(await acquire(page, name)).toBe(false);
      await second.close();
      await expect.poll(() => acquire(page, name), { timeout: 10_000 }).toBe(true);
      await release(page, name);
    } finally {
      if (!second.isClosed()) await second.close();
    }
  });

  it('asks for persistent storage and answers with a boolean', async () => {
    expect(typeof (await page.evaluate(() => window.idbHarness.requestPersistentStorage()))).toBe('boolean');
  });
});
