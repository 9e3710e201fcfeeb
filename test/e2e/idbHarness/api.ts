/**
 * What the IndexedDB harness page exposes on `window.idbHarness`, for test/e2e/idbSecretStore.test.ts to call
 * through page.evaluate. Everything crossing the page boundary is plain data: bytes as number arrays (sent as
 * JSON text, since Playwright serializes a 64 KiB number array element by element, taking seconds), failures as
 * results carrying the error's name, code and message.
 */

/** An outcome that survives page.evaluate: a value, or an error described by name, code and message. */
export type HarnessResult<T> = { ok: true; value: T } | { ok: false; name: string; code: string | undefined; message: string };

/** A value to put: bytes (JSON text of a number array) or, to test the type checks, anything else as it is. */
export type HarnessValue = { bytes: string } | { raw: unknown };

/** Raw contents of every object store of a database, bytes as { bytes: number[] }. */
export type HarnessDump = Record<string, { key: unknown; value: unknown }[]>;

/** The harness page's API. Stores are named by a handle chosen by the caller. */
export interface IdbHarness {
  open(handle: string, options: { dbName?: string; namespace: string; passphrase: string; iterations?: number }): Promise<HarnessResult<null>>;
  put(handle: string, key: unknown, value: HarnessValue): Promise<HarnessResult<null>>;
  /** The value as JSON text of a number array, or null when absent. */
  get(handle: string, key: unknown): Promise<HarnessResult<string | null>>;
  delete(handle: string, key: unknown): Promise<HarnessResult<null>>;
  list(handle: string, prefix: unknown): Promise<HarnessResult<string[]>>;
  close(handle: string): Promise<HarnessResult<null>>;
  destroy(handle: string): Promise<HarnessResult<null>>;
  /** Every object store of `dbName`, read with the plain IndexedDB API. */
  dump(dbName: string): Promise<HarnessDump>;
  /** Copies the raw record at `from` to `to` in the `records` store (plain IndexedDB), as an attacker could. */
  copyRecord(dbName: string, from: [string, string], to: [string, string]): Promise<void>;
  /** Tries to take the tab lock `name`; true when this page now holds it. */
  lockAcquire(name: string): Promise<boolean>;
  /** Releases the tab lock `name` held by this page (if any). */
  lockRelease(name: string): void;
  requestPersistentStorage(): Promise<boolean>;
}

declare global {
  interface Window {
    idbHarness: IdbHarness;
  }
}
