/**
 * The in-memory Beacon (ports/beacon.ts) for tests and simulations: a simulated chain driven by a Clock. Slots
 * run from the genesis time; every block root is a hash of (salt, slot), so two nodes with different salts
 * disagree about the head as two real forks would; every active validator attests once per epoch, at a slot and
 * committee position that depend only on (epoch, index); justification trails the current epoch by one and
 * finality by two. Submissions are checked for shape and recorded.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Clock } from '../../ports/clock.js';
import type { AttesterDuties, Beacon, FinalityCheckpoints, ValidatorInfo } from '../../ports/beacon.js';
import { BeaconError } from '../../ports/beacon.js';
import type { Attestation, AttestationData, AttesterDuty, BeaconCommitteeSubscription, Checkpoint, SignedAggregateAndProof } from '../../core/eth/duties.js';
import { hashTreeRootAttestationData } from '../../core/eth/duties.js';
import { aggregateSignatures as coreAggregate } from '../../core/bls/signatures.js';
import { bigIntToBytesLE, concatBytes, equalBytes, utf8ToBytes } from '../../core/bytes.js';

/** A validator of the simulated chain. */
export interface MemoryBeaconValidator {
  pubkey: Uint8Array;
  /** Gwei; default 32 ETH. */
  balance?: bigint;
  /** Default 0 (active from genesis). */
  activationEpoch?: bigint;
}

/** Options of `createMemoryBeacon`. */
export interface MemoryBeaconOptions {
  clock: Clock;
  /** Unix seconds of slot 0. */
  genesisTime: bigint;
  genesisValidatorsRoot: Uint8Array;
  genesisForkVersion: Uint8Array;
  /** Default: the genesis fork version. */
  currentForkVersion?: Uint8Array;
  secondsPerSlot?: number;
  slotsPerEpoch?: number;
  validators: MemoryBeaconValidator[];
  /** Block roots are hashes of (salt, slot): nodes with different salts see different heads. Default ''. */
  salt?: string;
  /** Head block roots use this salt instead (checkpoints keep `salt`): same checkpoints, different head. */
  headSalt?: string;
  /** BLS aggregation of signatures (the pipeline passes the Bls port's). Default: the core's. */
  aggregateSignatures?: (sigs: Uint8Array[]) => Uint8Array;
  /** When set, submissions that do not verify are rejected with BEACON_REJECTED. */
  verify?: { attestation(a: Attestation): boolean; aggregate(s: SignedAggregateAndProof): boolean };
}

/** The simulated node, plus what a test controls and observes. */
export interface MemoryBeacon extends Beacon {
  /** Every attestation accepted so far, in submission order (duplicates once). */
  submitted(): Attestation[];
  /** Every aggregate accepted so far, in order (duplicates once). */
  aggregates(): SignedAggregateAndProof[];
  /** Every committee subscription received, in order. */
  subscriptions(): BeaconCommitteeSubscription[];
  /** While syncing, duties and attestation data are refused with BEACON_SYNCING. */
  setSyncing(syncing: boolean): void;
  /** While unreachable, every call rejects with BEACON_UNREACHABLE. */
  setUnreachable(unreachable: boolean): void;
  /** The current slot by the clock (negative before genesis). */
  currentSlot(): bigint;
}

const FAR_FUTURE_EPOCH = 2n ** 64n - 1n;

/** The simulated chain itself: slots by the clock, block roots, checkpoints and the duty schedule. */
function chainModel(o: MemoryBeaconOptions) {
  const sps = BigInt(o.secondsPerSlot ?? 12);
  const spe = BigInt(o.slotsPerEpoch ?? 32);
  const salt = utf8ToBytes(o.salt ?? '');
  const validators = o.validators.map((v, i) => ({ index: BigInt(i), pubkey: Uint8Array.from(v.pubkey), balance: v.balance ?? 32_000_000_000n, activationEpoch: v.activationEpoch ?? 0n }));
  const currentSlot = () => {
    const ms = BigInt(Math.floor(o.clock.now())) - o.genesisTime * 1000n;
    return ms < 0n ? -1n - (-ms - 1n) / (sps * 1000n) : ms / (sps * 1000n);
  };
  const epochOf = (slot: bigint) => (slot < 0n ? 0n : slot / spe);
  const rootWith = (sl: Uint8Array, slot: bigint) => sha256(concatBytes(sl, utf8ToBytes('/block/'), bigIntToBytesLE(slot < 0n ? 0n : slot, 8)));
  const headSaltBytes = o.headSalt === undefined ? salt : utf8ToBytes(o.headSalt);
  const blockRoot = (slot: bigint) => rootWith(headSaltBytes, slot);
  const checkpoint = (epoch: bigint): Checkpoint => ({ epoch, root: rootWith(salt, epoch * spe) });
  const active = (v: (typeof validators)[number], epoch: bigint) => v.activationEpoch <= epoch;
  const dutiesOf = (epoch: bigint, indices: bigint[]): AttesterDuty[] => {
    const slotOf = (i: bigint) => epoch * spe + ((i + epoch) % spe);
    const bySlot = new Map<bigint, bigint[]>();
    for (const v of validators) if (active(v, epoch)) bySlot.set(slotOf(v.index), [...(bySlot.get(slotOf(v.index)) ?? []), v.index]);
    const wanted = new Set(indices);
    return validators
      .filter((v) => wanted.has(v.index) && active(v, epoch))
      .map((v) => {
        const committee = bySlot.get(slotOf(v.index))!;
        const position = committee.indexOf(v.index);
        return { pubkey: Uint8Array.from(v.pubkey), validatorIndex: v.index, committeeIndex: 0n, committeeLength: committee.length, committeesAtSlot: 1, validatorCommitteeIndex: position, slot: slotOf(v.index) };
      });
  };
  const headSlot = () => (currentSlot() < 0n ? 0n : currentSlot());
  return { sps, spe, validators, currentSlot, headSlot, epochOf, blockRoot, checkpoint, active, dutiesOf };
}

/** Creates a simulated beacon node. */
export function createMemoryBeacon(o: MemoryBeaconOptions): MemoryBeacon {
  const chain = chainModel(o);
  const { spe, currentSlot, epochOf, blockRoot, checkpoint } = chain;
  const submitted: Attestation[] = [];
  let syncing = false;
  let unreachable = false;
  const reach = async () => {
    if (unreachable) throw new BeaconError('BEACON_UNREACHABLE', 'the beacon node does not answer');
  };
  const synced = async () => {
    await reach();
    if (syncing) throw new BeaconError('BEACON_SYNCING', 'the beacon node is syncing');
  };
  const copy = (b: Uint8Array) => Uint8Array.from(b);
  const aggregated: SignedAggregateAndProof[] = [];
  const subs: BeaconCommitteeSubscription[] = [];
  const aggregate = o.aggregateSignatures ?? ((x: Uint8Array[]) => coreAggregate(x));
  const checkAttestation = (a: Attestation, what: string) => {
    if (a.signature.length !== 96 || a.aggregationBits.length === 0 || !a.aggregationBits.some((b) => b) || a.data.beaconBlockRoot.length !== 32) {
      throw new BeaconError('BEACON_REJECTED', `${what} for slot ${a.data.slot} is malformed`);
    }
    if (a.data.slot > currentSlot()) throw new BeaconError('BEACON_REJECTED', `${what} for slot ${a.data.slot} is from the future (current slot ${currentSlot()})`);
  };

  return {
    getGenesis: async () => (await reach(), { genesisTime: o.genesisTime, genesisValidatorsRoot: copy(o.genesisValidatorsRoot), genesisForkVersion: copy(o.genesisForkVersion) }),
    getSpec: async () => (await reach(), { SECONDS_PER_SLOT: Number(chain.sps), SLOTS_PER_EPOCH: Number(spe) }),
    getStateFork: async () => (await reach(), { previousVersion: copy(o.genesisForkVersion), currentVersion: copy(o.currentForkVersion ?? o.genesisForkVersion), epoch: 0n }),
    getSyncingStatus: async () => (await reach(), { headSlot: chain.headSlot(), syncDistance: syncing ? 1n : 0n, isSyncing: syncing, isOptimistic: false }),
    async getStateValidators(pubkeys): Promise<ValidatorInfo[]> {
      await reach();
      const epoch = epochOf(currentSlot());
      return chain.validators
        .filter((v) => pubkeys.some((p) => equalBytes(p, v.pubkey)))
        .map((v) => ({ index: v.index, pubkey: copy(v.pubkey), status: chain.active(v, epoch) ? 'active_ongoing' : 'pending_queued', balance: v.balance, activationEpoch: v.activationEpoch, exitEpoch: FAR_FUTURE_EPOCH }));
    },
    async getAttesterDuties(epoch, validatorIndices): Promise<AttesterDuties> {
      await synced();
      if (epoch < 0n || epoch > epochOf(currentSlot()) + 1n) throw new BeaconError('BEACON_BAD_REQUEST', `duties of epoch ${epoch} are not known yet (current epoch ${epochOf(currentSlot())})`);
      // beacon-APIs getAttesterDuties: the block root at the last slot of epoch − 2 (genesis early on).
      const dependentSlot = epoch <= 1n ? 0n : (epoch - 1n) * spe - 1n;
      return { dependentRoot: blockRoot(dependentSlot), duties: chain.dutiesOf(epoch, validatorIndices) };
    },
    async produceAttestationData(slot, committeeIndex): Promise<AttestationData> {
      await synced();
      if (slot < 0n || slot > currentSlot()) throw new BeaconError('BEACON_BAD_REQUEST', `slot ${slot} is in the future (current slot ${currentSlot()})`);
      if (committeeIndex !== 0n) throw new BeaconError('BEACON_BAD_REQUEST', `no committee ${committeeIndex} at slot ${slot}`);
      const epoch = epochOf(slot);
      return { slot, index: committeeIndex, beaconBlockRoot: blockRoot(slot), source: checkpoint(epoch > 0n ? epoch - 1n : 0n), target: checkpoint(epoch) };
    },
    async submitPoolAttestations(attestations) {
      await reach();
      for (const a of attestations) {
        checkAttestation(a, 'attestation');
        if (o.verify && !o.verify.attestation(a)) throw new BeaconError('BEACON_REJECTED', `attestation for slot ${a.data.slot} does not verify`);
      }
      for (const a of attestations) if (!submitted.some((s) => equalBytes(s.signature, a.signature))) submitted.push(structuredClone(a));
    },
    async getStateFinalityCheckpoints(): Promise<FinalityCheckpoints> {
      await reach();
      const epoch = epochOf(currentSlot());
      const back = (k: bigint) => checkpoint(epoch > k ? epoch - k : 0n);
      return { previousJustified: back(2n), currentJustified: back(1n), finalized: back(2n) };
    },
    getHeadHeader: async () => (await reach(), { slot: chain.headSlot(), root: blockRoot(chain.headSlot()) }),
    async prepareBeaconCommitteeSubnet(subscriptions) {
      await reach();
      for (const x of subscriptions) subs.push(structuredClone(x));
    },
    async getAggregatedAttestation(slot, attestationDataRoot): Promise<Attestation> {
      await synced();
      const matching = submitted.filter((a) => a.data.slot === slot && equalBytes(hashTreeRootAttestationData(a.data), attestationDataRoot));
      if (matching.length === 0) throw new BeaconError('BEACON_NOT_FOUND', `no attestation at slot ${slot} with that data root`);
      const length = Math.max(...matching.map((a) => a.aggregationBits.length));
      const bits = Array.from({ length }, (_, k) => matching.some((a) => a.aggregationBits[k] === true));
      return { aggregationBits: bits, data: structuredClone(matching[0]!.data), signature: aggregate(matching.map((a) => a.signature)) };
    },
    async publishAggregateAndProofs(aggregates) {
      await reach();
      for (const s of aggregates) {
        checkAttestation(s.message.aggregate, 'aggregate');
        if (s.signature.length !== 96 || s.message.selectionProof.length !== 96) throw new BeaconError('BEACON_REJECTED', `aggregate for slot ${s.message.aggregate.data.slot} is malformed`);
        if (o.verify && !o.verify.aggregate(s)) throw new BeaconError('BEACON_REJECTED', `aggregate for slot ${s.message.aggregate.data.slot} does not verify`);
      }
      for (const s of aggregates) if (!aggregated.some((x) => equalBytes(x.signature, s.signature))) aggregated.push(structuredClone(s));
    },
    submitted: () => submitted.map((a) => structuredClone(a)),
    aggregates: () => aggregated.map((a) => structuredClone(a)),
    subscriptions: () => subs.map((x) => structuredClone(x)),
    setSyncing: (s) => void (syncing = s),
    setUnreachable: (u) => void (unreachable = u),
    currentSlot,
  };
}
