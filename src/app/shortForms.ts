/**
 * The short forms the shells show, for views and components (which import the app, not the core): the one short
 * key of the project (core/bytes.ts `shortKey`, also in the core's own messages) and the wallet-style address.
 */
export { shortAddress, shortKey } from '../core/bytes.js';
