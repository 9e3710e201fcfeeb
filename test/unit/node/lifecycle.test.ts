/** Process lifecycle: a program runs until SIGINT or SIGTERM (or an abort), stops once, and leaves no handler behind. */
import { describe, expect, it } from 'vitest';
import { runUntilStopped, waitForStopSignal } from '../../../src/node/lifecycle.js';

describe('waitForStopSignal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('resolves on %s and removes its handlers', async (name) => {
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const waiting = waitForStopSignal();
    expect(process.listenerCount(name)).toBe((name === 'SIGINT' ? before.int : before.term) + 1);
    process.emit(name);
    await expect(waiting).resolves.toBe(name);
    expect({ int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') }).toEqual(before);
  });

  it('resolves on an abort, and at once for an aborted signal', async () => {
    const controller = new AbortController();
    const waiting = waitForStopSignal(controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe('abort');
    await expect(waitForStopSignal(AbortSignal.abort())).resolves.toBe('abort');
  });
});

describe('runUntilStopped', () => {
  it('runs the stop once the signal arrives', async () => {
    const controller = new AbortController();
    let stopped = 0;
    const running = runUntilStopped(async () => void stopped++, controller.signal);
    await Promise.resolve();
    expect(stopped).toBe(0);
    controller.abort();
    await running;
    expect(stopped).toBe(1);
  });
});
