/** Browser adapters on IndexedDB and Web Locks: the encrypted SecretStore, persistent storage, the one-tab lock. */
export { createIdbSecretStore, deleteIdbNamespace, DEFAULT_PBKDF2_ITERATIONS, type IdbSecretStore, type IdbSecretStoreOptions } from './idbSecretStore.js';
export { requestPersistentStorage } from './persistentStorage.js';
export { acquireTabLock, type TabLock } from './tabLock.js';
