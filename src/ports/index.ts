/** Ports: the interfaces between the use-cases and the world. Adapters implement them. */
export type { Board, BoardMessage } from './board.js';
export type { SecretStore } from './secretStore.js';
export { SecretStoreError, isSecretStoreError, type SecretStoreErrorCode } from './secretStoreError.js';
export { BoardError, isBoardError, type BoardErrorCode } from './boardError.js';
export type {
  Address,
  ChainErrorCode,
  ChainReader,
  ContractSignatureChecker,
  ContractSignatureResult,
  DepositEventsQuery,
  DepositEventsResult,
  DepositRootReading,
  DepositScanProgress,
  Hex,
  TypedDataInput,
  VaultView,
  VaultWallet,
  VaultWrite,
  WriteReceipt,
  WriteStatus,
} from './chain.js';
export { ChainError, isChainError } from './chain.js';
export type { CancelTimer, Clock, ManualClock, ClockErrorCode } from './clock.js';
export { ClockError } from './clock.js';
export type { AggregateAndProof, Attestation, AttestationData, AttesterDuty, BeaconCommitteeSubscription, Checkpoint, SignedAggregateAndProof } from '../core/eth/duties.js';
export type { AttesterDuties, Beacon, BeaconErrorCode, BeaconSpec, FinalityCheckpoints, Fork, Genesis, HeadHeader, SyncingStatus, ValidatorInfo, ValidatorStatus } from './beacon.js';
export { BeaconError } from './beacon.js';
export type { CheckAndRecordResult, SigningRequest, SlashingExport, SlashingStore, SlashingStoreErrorCode, ValidatorWatermarks } from './slashingStore.js';
export { SlashingStoreError } from './slashingStore.js';
export type { ChannelErrorCode, ClusterChannel, ClusterMessage } from './clusterChannel.js';
export { ChannelError } from './clusterChannel.js';
