/** Coded errors of the SecretStore port: every SecretStore adapter (IndexedDB, files) refuses with these codes. */
import { SvError } from '../core/errors.js';

/** What went wrong when opening or reading a store. Messages never carry a passphrase, a key or a stored value. */
export type SecretStoreErrorCode =
  /** The passphrase does not open this store (its sealed check value does not authenticate). */
  | 'STORE_BAD_PASSWORD'
  /** A record or the store's header is not in the expected format, or does not authenticate (altered, foreign). */
  | 'STORE_BAD_FORMAT';

/** A wrong passphrase, or altered or foreign data in the store. */
export class SecretStoreError extends SvError<SecretStoreErrorCode> {
  constructor(code: SecretStoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'SecretStoreError';
  }
}

/** True when `e` is a SecretStoreError, optionally with the given code. */
export function isSecretStoreError(e: unknown, code?: SecretStoreErrorCode): e is SecretStoreError {
  return e instanceof SecretStoreError && (code === undefined || e.code === code);
}
