/**
 * A virtual-time scheduler for deterministic tests: timers run only when the test advances time. Pass its
 * `schedule` to `createMemoryBoardNetwork({ schedule })`.
 */

/** A scheduler whose clock moves only when told to. */
export interface ManualScheduler {
  /** Run `fn` once the virtual clock reaches now + `ms` (same signature as the board's `schedule` option). */
  schedule(fn: () => void, ms: number): void;
  /** The virtual time in ms. */
  now(): number;
  /** Timers not yet run. */
  pending(): number;
  /** Move the clock forward by `ms`, running every timer that falls due, in time order (FIFO on ties). */
  advance(ms: number): void;
  /** Run timers (including ones they schedule) until none is left; throws after `limit` timers (a loop). */
  runAll(limit?: number): void;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Creates a ManualScheduler starting at virtual time 0. */
export function createManualScheduler(): ManualScheduler {
  let clock = 0;
  let seq = 0;
  const timers: Timer[] = [];

  const next = (): Timer | undefined => {
    let best = -1;
    for (let i = 0; i < timers.length; i++) {
      const t = timers[i]!;
      const b = timers[best];
      if (b === undefined || t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
    }
    return best < 0 ? undefined : timers.splice(best, 1)[0];
  };
  const peekAt = (): number => Math.min(...timers.map((t) => t.at));

  return {
    schedule(fn, ms) {
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      timers.push({ at: clock + delay, seq: seq++, fn });
    },
    now: () => clock,
    pending: () => timers.length,
    advance(ms) {
      const end = clock + ms;
      while (timers.length > 0 && peekAt() <= end) {
        const t = next()!;
        clock = Math.max(clock, t.at);
        t.fn();
      }
      clock = end;
    },
    runAll(limit = 1_000_000) {
      for (let ran = 0; timers.length > 0; ran++) {
        if (ran >= limit) throw new Error(`manual scheduler: more than ${limit} timers, probably a loop`);
        const t = next()!;
        clock = Math.max(clock, t.at);
        t.fn();
      }
    },
  };
}
