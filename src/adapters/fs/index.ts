/** Node file adapters: the password-encrypted SecretStore in a directory, the durable slashing-protection journal, and writing output files (owner-only for secrets). */
export { createFileSecretStore } from './fileSecretStore.js';
export { writeFiles, type FileToWrite } from './writeFiles.js';
export { openFileSlashingStore, SLASHING_JOURNAL_FILE, DEFAULT_COMPACT_AFTER, type FileSlashingStoreOptions } from './fileSlashingStore.js';
export { nodeSlashingFs, type SlashingFile, type SlashingFs } from './slashingFs.js';
export { exportInterchangeText, exportToInterchange, importInterchangeText, interchangeToExport, maxWatermarks } from './slashingInterchange.js';
