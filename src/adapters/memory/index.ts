/** In-memory adapters for tests and simulations: the Board network with fault injection, the SecretStore, the manual Clock. */
export {
  createMemoryBoardNetwork,
  DEFAULT_BOARD_SEED,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_MESSAGES_PER_SESSION,
} from './memoryBoardNetwork.js';
export type { MemoryBoardNetwork, MemoryBoardNetworkOptions, MemoryBoardStats } from './memoryBoardNetwork.js';
export type { DeliveryFaults, MemoryBoardFaults, MessagePredicate, SplitVariants } from './boardFaults.js';
export { BoardError, isBoardError } from '../../ports/boardError.js';
export type { BoardErrorCode } from '../../ports/boardError.js';
export { createMemorySecretStore } from './memorySecretStore.js';
export type { MemorySecretStore, MemorySecretStoreSnapshot } from './memorySecretStore.js';
export { createSeededRandom } from './seededRandom.js';
export { createManualClock, DEFAULT_RUN_LIMIT } from './manualClock.js';
export type { ManualClockOptions, MemoryManualClock } from './manualClock.js';
export { createMemorySlashingStore } from './memorySlashingStore.js';
export type { MemorySlashingStore, MemorySlashingStoreOptions } from './memorySlashingStore.js';
export { createMemoryClusterNetwork, DEFAULT_CHANNEL_MAX_BYTES } from './memoryClusterNetwork.js';
export type { ClusterFaults, MemoryClusterNetwork, MemoryClusterNetworkOptions, MemoryClusterStats } from './memoryClusterNetwork.js';
export { createMemoryBeacon } from './memoryBeacon.js';
export type { MemoryBeacon, MemoryBeaconOptions, MemoryBeaconValidator } from './memoryBeacon.js';
export { createMemoryChain } from './memoryChain.js';
export type { MemoryChain, MemoryChainOptions, MemoryDeposit } from './memoryChain.js';
