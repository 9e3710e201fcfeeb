/**
 * The Clock port: the time and the timers of everything above the core (the core takes time as a value). The
 * system clock adapter reads the wall clock and uses the host's timers; the manual clock (tests, simulations)
 * moves only when told to, so a run on it is deterministic however loaded the machine.
 */
import { SvError } from '../core/errors.js';

/** Cancels a timer: afterwards its callback never runs. Idempotent; a no-op once the timer has fired. */
export type CancelTimer = () => void;

/** Time and timers. No globals: whoever needs time is handed a Clock. */
export interface Clock {
  /** The current time in milliseconds since the unix epoch (a manual clock's virtual time on the same scale). */
  now(): number;
  /**
   * Run `fn` once, `afterMs` milliseconds from now (a negative, zero or non-finite delay means "as soon as
   * possible", never synchronously inside this call). Timers due at the same time run in the order they were set.
   */
  setTimer(afterMs: number, fn: () => void): CancelTimer;
  /** Run `fn` once at time `atMs` (`now()` scale); a time in the past means "as soon as possible". */
  setTimerAt(atMs: number, fn: () => void): CancelTimer;
}

/**
 * A clock whose time moves only when its owner says so (the in-memory adapter; simulations drive it). Timers run
 * in due-time order, FIFO on ties, each seeing `now()` equal to its due time.
 */
export interface ManualClock extends Clock {
  /** Move time forward by `ms` (≥ 0), running every timer that falls due, including timers those timers set. */
  advance(ms: number): void;
  /** Move time forward to `atMs` (never backwards), running what falls due. */
  advanceTo(atMs: number): void;
  /**
   * Jump to `atMs` at once, as a machine waking from sleep does: every timer due by then runs once, in order, each
   * seeing `now()` = `atMs` (so a timer that re-arms itself runs once, not once per period skipped).
   */
  jumpTo(atMs: number): void;
  /**
   * Run timers (and the timers they set) in order until none is left, moving time to each; throws a coded error
   * after `limit` timers (a timer that re-arms itself forever).
   */
  runUntilIdle(limit?: number): void;
  /** How many timers are set and not yet run or cancelled. */
  pending(): number;
  /** The due time of the earliest pending timer, or undefined when none is set. */
  nextTimerAt(): number | undefined;
}

/** Why a clock operation failed. */
export type ClockErrorCode = 'CLOCK_BAD_TIME' | 'CLOCK_RUNAWAY';

/** A coded error of the Clock port: the project's SvError with a Clock code. */
export class ClockError extends SvError<ClockErrorCode> {
  constructor(code: ClockErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'ClockError';
  }
}
