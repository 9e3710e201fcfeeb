/**
 * The chain adapters (viem, @wagmi/core, the generated ABIs): the Chain port's reads over an RPC and vault writes
 * through the browser wallet, the deposit-log scan, ERC-1271 checks, local wallets and the local chain (anvil).
 * Programs and web/state import them from here only.
 */
export { createViemChain, type ViemChainOptions } from './viemChain.js';
export { createWalletVaultWriter, vaultWriteCall } from './vaultWrites.js';
export { createLocalVaultWallet, type LocalVaultWalletOptions } from './localVaultWallet.js';
export {
  createBrowserWallet,
  walletErrorInWords,
  type BrowserWallet,
  type BrowserWalletChain,
  type BrowserWalletOptions,
  type TypedDataInput,
  type WalletAccount,
  type WalletInfo,
} from './browserWallet.js';
export type { ContractWrite, WriteStatus } from './walletTypes.js';
export { blockHashAt, factoryPredictVault, predictVaultAddress, readDepositCount, readDepositRoot, readVault, type DepositRootReading, type VaultView } from './clusterVault.js';
export { contractErrorInWords } from './contractErrors.js';
export {
  createContractSignatureChecker,
  ERC1271_MAGIC_VALUE,
  type ContractSignatureCheckerOptions,
  type RpcContractSignatureChecker,
} from './contractSignature.js';
export {
  createRpcClient,
  depositEventsErrorInWords,
  fetchDepositEvents,
  rpcOrigin,
  type DepositEventsResult,
  type DepositScanProgress,
  type FetchDepositEventsOptions,
} from './depositEvents.js';
export { createLocalWallet, type LocalWallet } from './localWallet.js';
