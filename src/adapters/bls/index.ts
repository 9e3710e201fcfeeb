/**
 * The Bls adapters' browser-safe entry: the pure noble implementation of the Bls port (src/ports/bls.ts). Node
 * programs that sign for many validators take the native one from node.ts.
 */
export { createNobleBls } from './nobleBls.js';
