/**
 * Ask the browser not to evict this origin's storage (IndexedDB holds the participant's secret shares, so an
 * eviction under storage pressure would lose them).
 */

/**
 * Requests persistent storage through `navigator.storage.persist()`. Resolves true when the origin's storage is
 * (now) persistent, false when the browser refused, when the API is missing, or when the request failed.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (storage === undefined || typeof storage.persist !== 'function') return false;
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}
