/**
 * Scoped memo tables for the core's pure caches (validated point decodings, hash-to-G2). By default one scope
 * is shared by the whole process; a simulation or benchmark that runs several participants in one process can
 * give each its own scope, so that no participant profits from work another one did (as in real life, where each
 * runs on its own machine). Caches change speed, never results.
 */
const scopes = new WeakMap<object, Map<string, Map<string, unknown>>>();
const GLOBAL = {};
let current: object = GLOBAL;

/** Use the caches of `scope` (any object; undefined = the shared default) until the next call. */
export function setCacheScope(scope: object | undefined): void {
  current = scope ?? GLOBAL;
}

/** The table `name` of the current scope. */
export function cacheTable<V>(name: string): Map<string, V> {
  let tables = scopes.get(current);
  if (!tables) scopes.set(current, (tables = new Map()));
  let t = tables.get(name);
  if (!t) tables.set(name, (t = new Map()));
  return t as Map<string, V>;
}

/** Remember `value` under `key` in table `name`, evicting the oldest entry beyond `max`. */
export function cachePut<V>(name: string, key: string, value: V, max: number): void {
  const t = cacheTable<V>(name);
  if (t.size >= max) t.delete(t.keys().next().value as string);
  t.set(key, value);
}
