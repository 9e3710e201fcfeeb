/**
 * Coded errors: every failure the core reports carries a stable `code` that the CLI and the UI can explain
 * in words, and optional details that never contain secrets.
 */
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
  // dkg definition and engine
  | 'DKG_BAD_DEFINITION'
  | 'DKG_BAD_STATE'
  | 'DKG_BAD_EVENT'
  | 'DKG_BAD_TRANSCRIPT'
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

/** An error with a stable machine-readable code. Messages are for people; codes are for programs. */
export class SvError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SvError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is an SvError, optionally with the given code. */
export function isSvError(e: unknown, code?: ErrorCode): e is SvError {
  return e instanceof SvError && (code === undefined || e.code === code);
}
