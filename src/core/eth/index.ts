/** Ethereum consensus pieces: SSZ for a few containers, networks, domains, deposits, deposit files, exits. */
export * from './ssz.js';
export * from './containers.js';
export * from './address.js';
export * from './networks.js';
export * from './domain.js';
export * from './withdrawalCredentials.js';
export * from './amounts.js';
export * from './depositData.js';
export * from './depositFile.js';
export * from './depositFileEntry.js';
export * from './verifyDepositFile.js';
export * from './voluntaryExit.js';
