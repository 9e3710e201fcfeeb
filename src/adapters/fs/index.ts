/** Node file adapters: the password-encrypted SecretStore in a directory, and writing output files (owner-only for secrets). */
export { createFileSecretStore } from './fileSecretStore.js';
export { writeFiles, type FileToWrite } from './writeFiles.js';
