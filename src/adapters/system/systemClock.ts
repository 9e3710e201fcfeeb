/** The system clock (ports/clock.ts): the wall clock (`Date.now`) and the host's timers (`setTimeout`). */
import type { CancelTimer, Clock } from '../../ports/clock.js';

/** Longest delay one host timer takes (2^31 − 1 ms); longer waits are chained. */
const MAX_HOST_DELAY = 2 ** 31 - 1;

/** Creates the system clock. */
export function createSystemClock(): Clock {
  const setTimerAt = (atMs: number, fn: () => void): CancelTimer => {
    let handle: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const arm = () => {
      const wait = Number.isFinite(atMs) ? Math.max(0, atMs - Date.now()) : 0;
      handle = setTimeout(() => {
        if (cancelled) return;
        if (wait > MAX_HOST_DELAY) arm();
        else fn();
      }, Math.min(wait, MAX_HOST_DELAY));
    };
    arm();
    return () => {
      cancelled = true;
      if (handle !== undefined) clearTimeout(handle);
    };
  };
  return {
    now: () => Date.now(),
    setTimerAt,
    setTimer: (afterMs, fn) => setTimerAt(Date.now() + (Number.isFinite(afterMs) ? Math.max(0, afterMs) : 0), fn),
  };
}
