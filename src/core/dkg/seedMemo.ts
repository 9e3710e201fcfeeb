/**
 * Values derived from a participant's seed (its ceremony keys, the shares it decrypted), remembered only as long
 * as that seed object lives and never serialised: the state stays secret-free, and a step does not redo an ECDH
 * and a share check it already did. Everything here can be recomputed from the seed, so it changes speed only.
 */
const memo = new WeakMap<Uint8Array, Map<string, unknown>>();

/** The value of `compute()` for (seed, key), computed once per seed object. */
export function memoBySeed<T>(seed: Uint8Array, key: string, compute: () => T): T {
  let m = memo.get(seed);
  if (!m) memo.set(seed, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const value = compute();
  m.set(key, value);
  return value;
}
