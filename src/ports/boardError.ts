/** Coded errors of the Board port: every Board adapter rejects with these codes, so callers can explain them. */
import { SvError } from '../core/errors.js';

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

/** The project's SvError with a Board code. */
export class BoardError extends SvError<BoardErrorCode> {
  constructor(code: BoardErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'BoardError';
  }
}

/** True when `e` is a BoardError, optionally with the given code. */
export function isBoardError(e: unknown, code?: BoardErrorCode): e is BoardError {
  return e instanceof BoardError && (code === undefined || e.code === code);
}
