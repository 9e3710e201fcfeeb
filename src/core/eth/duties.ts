/**
 * The duty containers a validator client handles (consensus-specs phase0 beacon-chain.md#containers and
 * validator.md), in the fixed form the Beacon port returns them: slots, epochs and indices as uint64 bigints,
 * roots as 32 bytes. `hash_tree_root` for AttestationData, so a signing root can be computed in the core.
 */
import { bytesRoot, containerRoot, uint64Root } from './ssz.js';
import { BYTES32 } from './containers.js';
import { equalBytes as same } from '../bytes.js';

/** consensus-specs phase0 `Checkpoint`. */
export interface Checkpoint {
  epoch: bigint;
  root: Uint8Array;
}

/** consensus-specs phase0 `AttestationData`. `index` is the committee index (0 from Electra on). */
export interface AttestationData {
  slot: bigint;
  index: bigint;
  beaconBlockRoot: Uint8Array;
  source: Checkpoint;
  target: Checkpoint;
}

/** One attester duty of a validator (Beacon API `getAttesterDuties` item). */
export interface AttesterDuty {
  pubkey: Uint8Array;
  validatorIndex: bigint;
  committeeIndex: bigint;
  committeeLength: number;
  committeesAtSlot: number;
  validatorCommitteeIndex: number;
  slot: bigint;
}

/** An attestation as submitted (phase0 `Attestation`; aggregation bits as booleans, one per committee member). */
export interface Attestation {
  aggregationBits: boolean[];
  data: AttestationData;
  signature: Uint8Array;
}

/** `hash_tree_root(Checkpoint)`. */
export function hashTreeRootCheckpoint(c: Checkpoint): Uint8Array {
  return containerRoot([uint64Root(c.epoch, 'Checkpoint.epoch'), bytesRoot(c.root, BYTES32, 'Checkpoint.root')]);
}

/** `hash_tree_root(AttestationData)`. */
export function hashTreeRootAttestationData(d: AttestationData): Uint8Array {
  return containerRoot([
    uint64Root(d.slot, 'AttestationData.slot'),
    uint64Root(d.index, 'AttestationData.index'),
    bytesRoot(d.beaconBlockRoot, BYTES32, 'AttestationData.beacon_block_root'),
    hashTreeRootCheckpoint(d.source),
    hashTreeRootCheckpoint(d.target),
  ]);
}

/** Two AttestationData values are the same vote (every field equal). */
export function attestationDataEqual(a: AttestationData, b: AttestationData): boolean {
  const cp = (x: Checkpoint, y: Checkpoint) => x.epoch === y.epoch && same(x.root, y.root);
  return a.slot === b.slot && a.index === b.index && same(a.beaconBlockRoot, b.beaconBlockRoot) && cp(a.source, b.source) && cp(a.target, b.target);
}

/** consensus-specs phase0 `AggregateAndProof`: an aggregator's aggregate with its selection proof. */
export interface AggregateAndProof {
  aggregatorIndex: bigint;
  aggregate: Attestation;
  /** The aggregator's signature over the slot under DOMAIN_SELECTION_PROOF (96 bytes). */
  selectionProof: Uint8Array;
}

/** consensus-specs phase0 `SignedAggregateAndProof`. */
export interface SignedAggregateAndProof {
  message: AggregateAndProof;
  signature: Uint8Array;
}

/** Beacon API `prepareBeaconCommitteeSubnet` item: tells the node to collect a committee's attestations. */
export interface BeaconCommitteeSubscription {
  validatorIndex: bigint;
  committeeIndex: bigint;
  committeesAtSlot: number;
  slot: bigint;
  isAggregator: boolean;
}
