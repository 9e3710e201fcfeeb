/** The refusals of a backup import (src/app/backup/*): a code for programs, a message in words for people. */
import { SvError } from '../../core/errors.js';

export type BackupImportErrorCode =
  | 'IMPORT_NO_FILE' // nothing chosen
  | 'IMPORT_NOT_A_BACKUP' // a file that is none of the backup files (not JSON, other JSON, too large)
  | 'IMPORT_DAMAGED' // a backup file of a known kind that does not decode (a field is wrong)
  | 'IMPORT_INCOMPLETE' // the files lack a part (the lock, a validator's keystore) or mix operators or ceremonies
  | 'IMPORT_INCONSISTENT' // the lock or the bundle does not hold together (a check of checkRunnerBundle fails)
  | 'IMPORT_MISMATCH' // a keystore's share is not the cluster lock's public share
  | 'IMPORT_BAD_PASSWORD' // the keystore does not open with the password
  | 'IMPORT_DUPLICATE' // this browser already holds this share
  | 'IMPORT_BAD_RECORD'; // the stored import does not decode or its share does not match (storage altered)

/** A refused import: `message` says in words what is wrong and with which file. */
export class BackupImportError extends SvError<BackupImportErrorCode> {
  constructor(code: BackupImportErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'BackupImportError';
  }
}

/** Throw a BackupImportError. */
export function fail(code: BackupImportErrorCode, message: string): never {
  throw new BackupImportError(code, message);
}
