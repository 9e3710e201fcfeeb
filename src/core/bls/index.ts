/** Threshold BLS for Ethereum on @noble/curves: see the modules for details. */
export * from './constants.js';
export * from './points.js';
export * from './signatures.js';
export * from './threshold.js';
export * from './batchVerify.js';
