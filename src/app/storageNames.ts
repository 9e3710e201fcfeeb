/**
 * Every name a participant's things are stored under, made by one function, so that the browser registry, the
 * encrypted stores, the tab lock and the records inside a store agree by construction (and a renamed formula
 * cannot strand saved data). The names are unchanged from the ones saved before this module existed.
 */

/** What is named: one participant (configHash, index) has one of each. */
export type StorageNameKind =
  /** The id of its entry in the browser's public registry (web/state/registry.ts). */
  | 'registryId'
  /** The SecretStore namespace of a ceremony run in this browser (seed and engine state). */
  | 'ceremonyStore'
  /** The SecretStore namespace of a share imported from a backup (src/app/backup). */
  | 'importStore'
  /** The Web Lock that keeps one ceremony in one tab. */
  | 'tabLock'
  /** The record of the participant's seed inside its SecretStore. */
  | 'seedRecord'
  /** The record of the participant's engine state inside its SecretStore. */
  | 'stateRecord';

/**
 * The storage name of `kind` for the participant `index` (1-based) of the ceremony `configHash` (64 hex digits
 * without 0x).
 */
export function storageName(kind: StorageNameKind, configHash: string, index: number): string {
  const id = `${configHash}-${index}`;
  switch (kind) {
    case 'registryId':
      return id;
    case 'ceremonyStore':
      return `ceremony-${id}`;
    case 'importStore':
      return `imported-${id}`;
    case 'tabLock':
      return `sv-ceremony-${id}`;
    case 'seedRecord':
      return `ceremony/${configHash}/${index}/seed`;
    case 'stateRecord':
      return `ceremony/${configHash}/${index}/state`;
  }
}
