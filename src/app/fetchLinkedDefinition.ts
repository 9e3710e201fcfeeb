/**
 * Short join links (docs/formats.md "Join links"): the definition is on a relay's board, under its configHash.
 * One place for "connect to the relay(s), wait until one answers (within a time limit), use the board, close it",
 * shared by the web app (browser transports) and `sv ceremony join` (Node transports): the caller passes the
 * board factory, so this module builds no adapter.
 */
import type { Board } from '../ports/board.js';
import type { Clock } from '../ports/clock.js';
import type { CheckedDefinition } from './checkedDefinition.js';
import { fetchDefinition } from './joinLink.js';

/** A board over relays: usable once `ready()` resolves (a relay answered). */
export interface RelayBoard extends Board {
  ready(): Promise<void>;
}

/** Options of `withReadyBoard` and `fetchLinkedDefinition`. */
export interface ReadyBoardOptions {
  /** The clock that times the wait (the system clock in programs). */
  clock: Pick<Clock, 'setTimer'>;
  /** How long (ms) the board may take to be ready and the work to finish. */
  timeoutMs: number;
  /** The error to reject with when the time is up (in words for the caller's user). */
  onTimeout: () => Error;
  /**
   * Wait for the board to close before settling (the CLI, which exits next); by default the board closes in
   * the background (the page does not wait on a torn-down connection).
   */
  awaitClose?: boolean;
}

/**
 * Open a board with `openBoard`, wait until it is ready, run `use` on it, and close it, all within
 * `timeoutMs` (else reject with `onTimeout()`). Errors of `openBoard` and `use` reach the caller unchanged.
 */
export async function withReadyBoard<B extends RelayBoard, T>(openBoard: () => Promise<B>, use: (board: B) => Promise<T>, opts: ReadyBoardOptions): Promise<T> {
  const board = await openBoard();
  let cancel: (() => void) | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      cancel = opts.clock.setTimer(opts.timeoutMs, () => reject(opts.onTimeout()));
    });
    return await Promise.race([board.ready().then(() => use(board)), timeout]);
  } finally {
    cancel?.();
    if (opts.awaitClose) await board.close();
    else board.close().catch(() => {});
  }
}

/**
 * The definition a short join link names: fetched from a board on the link's relay(s) and checked against
 * `configHashHex` (`fetchDefinition`), as a checked value. Rejects with SvError(DKG_BAD_DEFINITION) when the relay does not hold it,
 * with `onTimeout()` when no relay answers in time.
 */
export function fetchLinkedDefinition(openBoard: () => Promise<RelayBoard>, configHashHex: string, opts: ReadyBoardOptions): Promise<CheckedDefinition> {
  return withReadyBoard(openBoard, (board) => fetchDefinition(board, configHashHex), opts);
}
