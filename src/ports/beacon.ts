/**
 * The Beacon port: the standard Beacon API calls a validator client makes (ethereum/beacon-APIs; method names as
 * in its operation ids), typed with the core's values. Attestations first; proposals, aggregation and sync
 * committees are added beside these as the runner needs them. Implemented by the in-memory simulated chain
 * (tests, simulations) and, later, the REST client (src/adapters/beacon).
 */
import { SvError } from '../core/errors.js';
import type { Attestation, AttestationData, AttesterDuty, BeaconCommitteeSubscription, Checkpoint, SignedAggregateAndProof } from '../core/eth/duties.js';

/** `getGenesis`. */
export interface Genesis {
  /** Unix seconds of slot 0. */
  genesisTime: bigint;
  genesisValidatorsRoot: Uint8Array;
  genesisForkVersion: Uint8Array;
}

/** The part of `getSpec` a runner reads. */
export interface BeaconSpec {
  SECONDS_PER_SLOT: number;
  SLOTS_PER_EPOCH: number;
}

/** `getStateFork`. */
export interface Fork {
  previousVersion: Uint8Array;
  currentVersion: Uint8Array;
  epoch: bigint;
}

/** `getSyncingStatus`. */
export interface SyncingStatus {
  headSlot: bigint;
  syncDistance: bigint;
  isSyncing: boolean;
  isOptimistic: boolean;
}

/** Validator status names of the Beacon API. */
export type ValidatorStatus =
  | 'pending_initialized'
  | 'pending_queued'
  | 'active_ongoing'
  | 'active_exiting'
  | 'active_slashed'
  | 'exited_unslashed'
  | 'exited_slashed'
  | 'withdrawal_possible'
  | 'withdrawal_done';

/** One item of `getStateValidators`. */
export interface ValidatorInfo {
  index: bigint;
  pubkey: Uint8Array;
  status: ValidatorStatus;
  /** Gwei. */
  balance: bigint;
  activationEpoch: bigint;
  exitEpoch: bigint;
}

/** `getAttesterDuties`: the duties and the root they depend on (refetch when it changes). */
export interface AttesterDuties {
  dependentRoot: Uint8Array;
  duties: AttesterDuty[];
}

/** `getStateFinalityCheckpoints`. */
export interface FinalityCheckpoints {
  previousJustified: Checkpoint;
  currentJustified: Checkpoint;
  finalized: Checkpoint;
}

/** `getBlockHeader('head')`, reduced to what a runner compares. */
export interface HeadHeader {
  slot: bigint;
  root: Uint8Array;
}

/** A beacon node, as a validator client uses it. Every call rejects with a BeaconError (BEACON_*) on failure. */
export interface Beacon {
  getGenesis(): Promise<Genesis>;
  getSpec(): Promise<BeaconSpec>;
  /** The fork at the head state. */
  getStateFork(): Promise<Fork>;
  getSyncingStatus(): Promise<SyncingStatus>;
  /** The validators among `pubkeys` the chain knows, in any order (unknown ones are absent). */
  getStateValidators(pubkeys: Uint8Array[]): Promise<ValidatorInfo[]>;
  /** Attester duties for `epoch` (at most the next one) of the given validator indices. */
  getAttesterDuties(epoch: bigint, validatorIndices: bigint[]): Promise<AttesterDuties>;
  /** The data to attest to at `slot` (not a future one) for committee `committeeIndex`. */
  produceAttestationData(slot: bigint, committeeIndex: bigint): Promise<AttestationData>;
  /** Submit signed attestations; resolves when the node accepted all (an "already known" one counts as accepted). */
  submitPoolAttestations(attestations: Attestation[]): Promise<void>;
  /** Justified and finalized checkpoints at the head state. */
  getStateFinalityCheckpoints(): Promise<FinalityCheckpoints>;
  getHeadHeader(): Promise<HeadHeader>;
  /**
   * `prepareBeaconCommitteeSubnet`: ask the node to collect the attestations of these committees (an aggregator
   * needs them to aggregate).
   */
  prepareBeaconCommitteeSubnet(subscriptions: BeaconCommitteeSubscription[]): Promise<void>;
  /**
   * `getAggregatedAttestation`: the best aggregate the node holds of attestations whose data has hash_tree_root
   * `attestationDataRoot` at `slot`. Rejects BEACON_NOT_FOUND when it holds none.
   */
  getAggregatedAttestation(slot: bigint, attestationDataRoot: Uint8Array): Promise<Attestation>;
  /** `publishAggregateAndProofs`; "already known" counts as accepted. */
  publishAggregateAndProofs(aggregates: SignedAggregateAndProof[]): Promise<void>;
}

/** Why a beacon call failed. */
export type BeaconErrorCode =
  | 'BEACON_UNREACHABLE'
  | 'BEACON_TIMEOUT'
  | 'BEACON_SYNCING'
  | 'BEACON_BAD_REQUEST'
  | 'BEACON_NOT_FOUND'
  | 'BEACON_BAD_RESPONSE'
  | 'BEACON_REJECTED'
  | 'BEACON_WRONG_NETWORK';

/** A coded error of the Beacon port: the project's SvError with a Beacon code. */
export class BeaconError extends SvError<BeaconErrorCode> {
  constructor(code: BeaconErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'BeaconError';
  }
}
