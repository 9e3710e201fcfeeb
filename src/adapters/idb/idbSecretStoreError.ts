/**
 * The coded error of the IndexedDB SecretStore (idbSecretStore.ts). Messages are for people and never carry a
 * passphrase, a key or a stored value.
 */

/** What went wrong when opening or reading the browser store. */
export type IdbSecretStoreErrorCode =
  /** The passphrase does not open this namespace (its sealed check value does not authenticate). */
  | 'STORE_BAD_PASSWORD'
  /** A record or the namespace header is not in the expected format, or does not authenticate (altered). */
  | 'STORE_BAD_FORMAT';

/** A wrong passphrase, or altered/foreign data in the browser store. */
export class IdbSecretStoreError extends Error {
  constructor(
    readonly code: IdbSecretStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdbSecretStoreError';
  }
}
