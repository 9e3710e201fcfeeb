/**
 * The SecretStore port: durable storage of a participant's secrets and ceremony state (seed, engine state,
 * inbound log). Browser: IndexedDB, encrypted at rest under a passphrase; Node: files; tests: memory.
 * PROTOCOL.md §8: state is persisted here before anything is published.
 */
export interface SecretStore {
  /** Store `value` under `key`, replacing any previous value; resolves once it is durable. */
  put(key: string, value: Uint8Array): Promise<void>;
  /** The value under `key`, or undefined. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Remove `key` (no error when absent). */
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}
