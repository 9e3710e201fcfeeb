/**
 * Process lifecycle for the long-running Node programs (`sv relay`, `sv chain`, later the duty runner): run until
 * SIGINT or SIGTERM, then stop cleanly once. The signal handlers are removed when the wait ends, so a second
 * Ctrl-C during a slow stop falls back to Node's default (the process ends).
 */

/** The signals that ask a program to stop. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Resolve with the signal's name once the process receives SIGINT or SIGTERM (or once `signal` aborts, with
 * `'abort'`: for tests and embedders).
 */
export function waitForStopSignal(signal?: AbortSignal): Promise<NodeJS.Signals | 'abort'> {
  return new Promise((resolve) => {
    const handlers = STOP_SIGNALS.map((name) => [name, () => done(name)] as const);
    const onAbort = () => done('abort');
    function done(reason: NodeJS.Signals | 'abort'): void {
      for (const [name, handler] of handlers) process.off(name, handler);
      signal?.removeEventListener('abort', onAbort);
      resolve(reason);
    }
    for (const [name, handler] of handlers) process.once(name, handler);
    if (signal?.aborted) done('abort');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Run `stop` once a stop signal arrives; resolves when it has finished. */
export async function runUntilStopped(stop: () => Promise<void>, signal?: AbortSignal): Promise<void> {
  await waitForStopSignal(signal);
  await stop();
}
