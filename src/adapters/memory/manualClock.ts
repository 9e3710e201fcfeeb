/**
 * The manual clock (ports/clock.ts ManualClock): virtual time that moves only when the test or simulation advances
 * it, timers in due-time order and FIFO on ties, so a run is deterministic however loaded the machine. Its
 * `schedule` is the memory board's timer option (`createMemoryBoardNetwork({ schedule: clock.schedule })`), which
 * puts message delivery on the same virtual time.
 */
import type { CancelTimer, ManualClock } from '../../ports/clock.js';
import { ClockError } from '../../ports/clock.js';

/** The in-memory ManualClock, plus the board's timer signature. */
export interface MemoryManualClock extends ManualClock {
  /** Run `fn` once `ms` from now: `setTimer` in the memory board's `schedule(fn, ms)` shape. */
  schedule(fn: () => void, ms: number): void;
}

/** Options of `createManualClock`. */
export interface ManualClockOptions {
  /** The virtual time to start at, in ms (default 0). */
  startMs?: number;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Default bound of `runUntilIdle`: more timers than this is taken for a timer that re-arms itself forever. */
export const DEFAULT_RUN_LIMIT = 1_000_000;

/** Creates a ManualClock starting at `startMs` (default 0). */
export function createManualClock(options: ManualClockOptions = {}): MemoryManualClock {
  let clock = finiteOr(options.startMs, 0);
  let seq = 0;
  const timers: Timer[] = [];

  const earliest = (): number => {
    let best = -1;
    for (let i = 0; i < timers.length; i++) {
      const t = timers[i]!;
      const b = timers[best];
      if (b === undefined || t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
    }
    return best;
  };
  const runNext = () => {
    const t = timers.splice(earliest(), 1)[0]!;
    clock = Math.max(clock, t.at);
    t.fn();
  };
  const add = (at: number, fn: () => void): CancelTimer => {
    const timer: Timer = { at, seq: seq++, fn };
    timers.push(timer);
    return () => {
      const i = timers.indexOf(timer);
      if (i >= 0) timers.splice(i, 1);
    };
  };
  const nextTimerAt = () => (timers.length === 0 ? undefined : timers[earliest()]!.at);
  const advanceTo = (end: number) => {
    if (!Number.isFinite(end)) throw new ClockError('CLOCK_BAD_TIME', `cannot advance the manual clock to ${end}`);
    for (let at = nextTimerAt(); at !== undefined && at <= end; at = nextTimerAt()) runNext();
    clock = Math.max(clock, end);
  };

  const self: MemoryManualClock = {
    now: () => clock,
    setTimer: (afterMs, fn) => add(clock + Math.max(0, finiteOr(afterMs, 0)), fn),
    setTimerAt: (atMs, fn) => add(Math.max(clock, finiteOr(atMs, clock)), fn),
    schedule: (fn, ms) => void self.setTimer(ms, fn),
    advance(ms) {
      if (!(ms >= 0)) throw new ClockError('CLOCK_BAD_TIME', `cannot advance the manual clock by ${ms} ms`);
      advanceTo(clock + ms);
    },
    advanceTo,
    jumpTo(atMs) {
      if (!Number.isFinite(atMs)) throw new ClockError('CLOCK_BAD_TIME', `cannot jump the manual clock to ${atMs}`);
      clock = Math.max(clock, atMs);
      for (let at = nextTimerAt(); at !== undefined && at <= clock; at = nextTimerAt()) runNext();
    },
    runUntilIdle(limit = DEFAULT_RUN_LIMIT) {
      for (let ran = 0; timers.length > 0; ran++) {
        if (ran >= limit) throw new ClockError('CLOCK_RUNAWAY', `the manual clock ran more than ${limit} timers: a timer re-arms itself forever?`);
        runNext();
      }
    },
    pending: () => timers.length,
    nextTimerAt,
  };
  return self;
}

const finiteOr = (value: number | undefined, fallback: number): number => (value !== undefined && Number.isFinite(value) ? value : fallback);
