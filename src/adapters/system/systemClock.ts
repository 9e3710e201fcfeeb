/**
 * The system clock (ports/clock.ts): the wall clock (`Date.now`) and the host's timers (`setTimeout`). Timers are
 * kept in one queue ordered by (due time, order set), served by a single host timer for the earliest one, so the
 * port's order holds exactly (host timers set a millisecond apart with different delays could swap).
 */
import type { CancelTimer, Clock } from '../../ports/clock.js';

/** Longest delay one host timer takes (2^31 − 1 ms); longer waits re-arm. */
const MAX_HOST_DELAY = 2 ** 31 - 1;

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled?: boolean;
}

/** Creates a system clock (each has its own queue). */
export function createSystemClock(): Clock {
  const queue: Timer[] = [];
  let seq = 0;
  let handle: ReturnType<typeof setTimeout> | undefined;
  let armedFor = Infinity;

  const arm = () => {
    const first = queue[0];
    if (first === undefined || first.at >= armedFor) return;
    if (handle !== undefined) clearTimeout(handle);
    armedFor = first.at;
    handle = setTimeout(fire, Math.min(Math.max(0, first.at - Date.now()), MAX_HOST_DELAY));
  };
  const fire = () => {
    handle = undefined;
    armedFor = Infinity;
    const now = Date.now();
    // Run what is due now, in order; timers set meanwhile are queued for a later host turn.
    const due: Timer[] = [];
    while (queue.length > 0 && queue[0]!.at <= now) due.push(queue.shift()!);
    for (const t of due) if (!t.cancelled) t.fn();
    arm();
  };
  const setTimerAt = (atMs: number, fn: () => void): CancelTimer => {
    const timer: Timer = { at: Number.isFinite(atMs) ? atMs : Date.now(), seq: seq++, fn };
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.at > timer.at) i--;
    queue.splice(i, 0, timer);
    arm();
    return () => {
      timer.cancelled = true;
      const k = queue.indexOf(timer);
      if (k >= 0) queue.splice(k, 1);
    };
  };
  return {
    now: () => Date.now(),
    setTimerAt,
    setTimer: (afterMs, fn) => setTimerAt(Date.now() + (Number.isFinite(afterMs) ? Math.max(0, afterMs) : 0), fn),
  };
}
