/**
 * The Node-only part of the chain adapters: the local devnet (anvil as a child process). Its own entry beside
 * index.ts so that the browser's bundle, which imports index.ts, never sees node:* modules. Node programs (the
 * CLI, tests, benchmarks) import the local chain from here and everything else from index.ts.
 */
export { anvilAccounts, LOCAL_CHAIN_ID, LOCAL_DEPOSIT_CONTRACT, resolveAnvilBinary, startLocalChain, type LocalAccount, type LocalChain, type LocalChainOptions } from './localChain.js';
