/**
 * A ceremony definition checked once at the boundary, with its configHash: the value lives in the core beside the
 * definition (src/core/dkg/definition.ts) so the engine can take it too; re-exported here for the shells.
 */
export { checkDefinition, withHash, type CheckedDefinition } from '../core/dkg/definition.js';
