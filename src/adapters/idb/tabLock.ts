/**
 * One tab at a time: an exclusive Web Lock (navigator.locks) that a tab holds while it acts for a participant,
 * so two tabs of the same participant cannot both publish. The browser releases the lock when the holding tab
 * closes or crashes.
 */

/** A held tab lock. */
export interface TabLock {
  /** Releases the lock (idempotent). Another tab can then acquire it. */
  release(): void;
}

/**
 * Tries to take the exclusive lock `name` without waiting. Resolves with the held lock, or undefined when another
 * tab (or another holder in this tab) has it. Rejects when the Web Locks API is not available (old browser, or
 * a page not in a secure context), since acting without the lock would be unsafe.
 */
export async function acquireTabLock(name: string): Promise<TabLock | undefined> {
  if (typeof name !== 'string' || name === '') throw new TypeError('lock name must be a non-empty string');
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined || typeof locks.request !== 'function') {
    throw new Error('this browser cannot lock the participant to one tab (the Web Locks API is missing; a secure https page is needed)');
  }
  const { promise: acquired, resolve: settle } = withResolvers<TabLock | undefined>();
  const { promise: released, resolve: release } = withResolvers<void>();
  let done = false;
  const handle: TabLock = {
    release() {
      if (done) return;
      done = true;
      release();
    },
  };
  locks
    .request(name, { ifAvailable: true }, async (lock) => {
      if (lock === null) {
        settle(undefined);
        return;
      }
      settle(handle);
      await released; // held until release(), or until the tab goes away
    })
    .catch(() => settle(undefined)); // e.g. the lock was stolen, or the document went away before it was granted
  return acquired;
}

function withResolvers<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
