/**
 * Coded errors: every failure the project reports is an SvError (or a subclass of it) that carries a stable `code`
 * the CLI and the UI can explain, a `shortMessage` in words for people, optional `details` that never contain
 * secrets, and the underlying `cause` when one error is turned into another. Modelled on viem's BaseError
 * (shortMessage, cause) and Lodestar's LodestarError (a typed code with metadata).
 *
 * Codes are prefixed by the area that raises them (`DKG_`, `WIRE_`, `CHAIN_`, ...), so a code alone says where to
 * look; the type `AreaCode` makes the prefix a compile-time check. The codes of the core are listed here
 * (`ErrorCode`); each port or shell declares its own area's codes beside its subclass (BoardError, SecretStoreError,
 * ChainError, UsageError, BackupImportError, ...). docs/errors.md is the catalogue.
 */

/** The areas a code may come from: the first word of every code. */
export type ErrorArea =
  // the core
  | 'BLS'
  | 'ETH'
  | 'WIRE'
  | 'DKG'
  | 'KEYSTORE'
  | 'VAULT'
  | 'FORMAT'
  | 'SLASHING'
  | 'QBFT'
  | 'DUTY'
  // ports and their adapters
  | 'BOARD'
  | 'STORE'
  | 'CHAIN'
  | 'BEACON'
  | 'CLOCK'
  | 'CHANNEL'
  // use-cases and shells
  | 'IMPORT'
  | 'CLI'
  | 'RELAY'
  | 'APP';

/** Any code of the project: an area, an underscore, then the reason (`BOARD_CLOSED`). */
export type AreaCode = `${ErrorArea}_${string}`;

/** The codes the core raises. */
export type ErrorCode =
  // bls
  | 'BLS_BAD_LENGTH'
  | 'BLS_BAD_POINT'
  | 'BLS_IDENTITY_POINT'
  | 'BLS_BAD_SCALAR'
  | 'BLS_ZERO_SECRET'
  | 'BLS_BAD_INDEX'
  | 'BLS_DUPLICATE_INDEX'
  | 'BLS_NOT_ENOUGH_SHARES'
  | 'BLS_EMPTY_INPUT'
  | 'BLS_BAD_PARTIAL'
  // eth
  | 'ETH_BAD_HEX'
  | 'ETH_BAD_LENGTH'
  | 'ETH_UNKNOWN_NETWORK'
  | 'ETH_BAD_AMOUNT'
  | 'ETH_BAD_ADDRESS'
  | 'ETH_BAD_CREDENTIALS'
  | 'ETH_BAD_DEPOSIT_FILE'
  | 'ETH_BAD_EXIT'
  | 'ETH_BAD_UINT64'
  | 'ETH_BAD_SIGNATURE'
  // wire
  | 'WIRE_BAD_JSON'
  | 'WIRE_BAD_VALUE'
  | 'WIRE_NOT_CANONICAL'
  | 'WIRE_TOO_LARGE'
  | 'WIRE_BAD_FIELD'
  | 'WIRE_BAD_FRAME'
  // dkg definition and engine
  | 'DKG_BAD_DEFINITION'
  | 'DKG_BAD_STATE'
  | 'DKG_BAD_EVENT'
  | 'DKG_BAD_TRANSCRIPT'
  | 'DKG_NOT_OPERATOR' // an address that is none of the ceremony's operators (app/joinCeremony)
  // dkg cryptographic building blocks (src/core/dkg/crypto)
  | 'DKG_BAD_LENGTH'
  | 'DKG_BAD_POINT'
  | 'DKG_BAD_SCALAR'
  | 'DKG_BAD_INDEX'
  | 'DKG_BAD_SIGNATURE'
  | 'DKG_BAD_PARAM'
  // keystore
  | 'KEYSTORE_BAD_FORMAT'
  | 'KEYSTORE_UNSUPPORTED'
  | 'KEYSTORE_BAD_PASSWORD'
  | 'KEYSTORE_BAD_PARAMS'
  | 'KEYSTORE_BAD_SECRET'
  // vault (CONTRACTS.md)
  | 'VAULT_BAD_TERMS';

/** What an SvError may carry besides its code and words. */
export interface SvErrorOptions {
  /** The error this one explains (kept for debugging; never shown to a user as a stack trace). */
  cause?: unknown;
}

/**
 * The base error of the project: a stable machine-readable `code` (for programs), a `shortMessage` in words (for
 * people; `message` is the same text), optional `details` (no secrets) and the `cause`.
 */
export class SvError<C extends AreaCode = ErrorCode> extends Error {
  readonly code: C;
  readonly shortMessage: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: C, shortMessage: string, details?: Record<string, unknown>, options?: SvErrorOptions) {
    super(shortMessage, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'SvError';
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** True when `e` is an SvError of any area (a subclass included). */
export function isSvError(e: unknown): e is SvError<AreaCode>;
/** True when `e` is an SvError with the given core code. */
export function isSvError<C extends ErrorCode>(e: unknown, code: C | undefined): e is SvError<C>;
export function isSvError(e: unknown, code?: AreaCode): boolean {
  return e instanceof SvError && (code === undefined || e.code === code);
}

/** True when `e` is an SvError whose code begins with `area` and an underscore. */
export function isAreaError<A extends ErrorArea>(e: unknown, area: A): e is SvError<`${A}_${string}`> {
  return e instanceof SvError && e.code.startsWith(`${area}_`);
}
