/**
 * The Node-only Bls adapter: @chainsafe/blst (native) to sign and verify, herumi's bls-eth-wasm to combine. Its own
 * entry beside index.ts so that a browser bundle never sees the native module.
 */
export { createNativeBls } from './nativeBls.js';
