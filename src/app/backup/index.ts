/**
 * Importing a backup into "My validators" and writing it out again (docs/formats.md): prepareImport (read, check)
 * → decryptImport (open the keystores) → storeImport (seal in a SecretStore) → loadImport / exportRunnerBundle.
 * Pure use-case logic: files and passwords in, checked values out; where the shares are kept is the caller's store.
 */
export * from './backupImportError.js';
export { isObject, readBackupFile, bundleFromBackupFiles, WHAT_IS_WANTED, type BackupFile, type BackupFileKind, type ReadFile } from './readBackupFiles.js';
export * from './prepareImport.js';
export * from './decryptImport.js';
export * from './importedShare.js';
export * from './exportRunnerBundle.js';
