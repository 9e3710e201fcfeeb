/** Coded errors of the Board port: every Board adapter rejects with these codes, so callers can explain them. */

/** Why a board operation failed. */
export type BoardErrorCode =
  | 'BOARD_CLOSED'
  | 'BOARD_MESSAGE_TOO_LARGE'
  | 'BOARD_SESSION_FULL'
  | 'BOARD_BAD_INPUT'
  | 'BOARD_BAD_FAULT'
  | 'BOARD_UNREACHABLE'
  | 'BOARD_RATE_LIMITED'
  | 'BOARD_REJECTED'
  | 'BOARD_TOO_MANY_SESSIONS';

/** An Error with a stable `code`, shaped like the core's SvError. */
export class BoardError extends Error {
  readonly code: BoardErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: BoardErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'BoardError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is a BoardError, optionally with the given code. */
export function isBoardError(e: unknown, code?: BoardErrorCode): e is BoardError {
  return e instanceof BoardError && (code === undefined || e.code === code);
}
