// The rules for what a user types to protect a secret, in one place: this browser's passphrase (it seals shares
// in IndexedDB) and a keystore's password (it protects the files that leave the browser).
export const MIN_PASSPHRASE = 10;
export const MIN_KEYSTORE_PASSWORD = 12;

/**
 * What a secret typed twice still needs before it can be used, in words that follow "needs" ("at least 10
 * characters", "the two entries to match"); undefined when it is fine. `repeat` undefined: typed once (a passphrase
 * that opens what exists already).
 */
export function secretNeeds(secret: string, repeat: string | undefined, min: number): string | undefined {
  if (secret.length < min) return `at least ${min} characters`;
  return repeat !== undefined && secret !== repeat ? 'the two entries to match' : undefined;
}
