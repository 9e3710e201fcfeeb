/** The files we exchange, each a codec where decode = validate (docs/formats.md). */
export * from './clusterLock.js';
export * from './slashingProtection.js';
export * from './runnerBundle.js';
export * from './runnerBundleChecks.js';
export * from './exitFile.js';
