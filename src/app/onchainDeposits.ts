/**
 * @deprecated The deposit events and the rule by which the beacon chain applies them moved to the core
 * (src/core/eth/depositEvents.ts); import from there. This re-export keeps the files still being moved working and
 * goes once nothing imports it.
 */
export * from '../core/eth/depositEvents.js';
