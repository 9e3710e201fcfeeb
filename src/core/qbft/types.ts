/**
 * QBFT's public surface (the types every caller sees). One instance decides one value for one (cluster, slot,
 * duty); `step(state, event, config) → StepResult` is the whole machine, pure and deterministic. The duty pipeline
 * (src/app/runner) owns the instances: it feeds them channel messages, timer expiries and its local value, sends
 * what they emit and arms the timers they ask for at the times `roundEndsAt` (timers.ts) gives.
 *
 * Authentication: the ClusterChannel port guarantees the sender of every delivered message (`from`). The core
 * still requires every message to be signed by its sender (through `QbftConfig.verify`), because messages travel
 * on inside justifications (a ROUND-CHANGE's prepared certificate, a PRE-PREPARE's round-change quorum, a
 * DECIDED's commits), where only a signature says who wrote them. A message whose `sender` is not `from` is
 * dropped.
 */

/** The duties a cluster runs consensus on (one instance per slot and duty, every validator batched). */
export type DutyKind = 'attester' | 'aggregator' | 'proposer' | 'sync_message' | 'sync_contribution' | 'exit';

/** What one instance decides for: the cluster (its config hash), the slot and the duty. */
export interface InstanceId {
  /** The cluster's config hash (32 bytes): a message of another cluster never counts. */
  cluster: Uint8Array;
  slot: bigint;
  duty: DutyKind;
}

/**
 * A proposed value: the duty data as bytes (the batched duty data of every validator, encoded by the pipeline)
 * and its hash (`valueHash(data)`, tagged). Consensus runs on the hash; the data travels with PRE-PREPARE,
 * ROUND-CHANGE (the prepared value) and DECIDED, and a receiver checks it against the hash.
 */
export interface QbftValue {
  hash: Uint8Array;
  data: Uint8Array;
}

/** The message types of QBFT (Moniz, "The Istanbul BFT Consensus Algorithm", 2020), plus DECIDED for catch-up. */
export type QbftMessageType = 'PRE-PREPARE' | 'PREPARE' | 'COMMIT' | 'ROUND-CHANGE' | 'DECIDED';

/**
 * One message as signed by its sender. The signed digest covers every field here except `value.data` (covered
 * through `value.hash`) and `justification` (each justification is signed by its own author).
 */
export interface QbftMessage {
  type: QbftMessageType;
  instance: InstanceId;
  /** 1, 2, ... */
  round: number;
  /** The author's member index, 1..n. */
  sender: number;
  /** PRE-PREPARE, DECIDED: the value; PREPARE, COMMIT: the hash only (data empty); ROUND-CHANGE: the prepared value, if any. */
  value?: QbftValue;
  /** ROUND-CHANGE: the round in which `value` was prepared (absent: nothing prepared). */
  preparedRound?: number;
  /**
   * PRE-PREPARE (round > 1): a quorum of ROUND-CHANGEs for this round, plus the quorum of PREPAREs that prepared
   * the highest prepared value among them. ROUND-CHANGE: the quorum of PREPAREs behind `preparedRound`.
   * DECIDED: a quorum of COMMITs. Empty otherwise. Nested justifications are stripped (never more than one deep).
   */
  justification: SignedQbftMessage[];
}

/** A message with its author's signature over `messageDigest(message)`. */
export interface SignedQbftMessage {
  message: QbftMessage;
  signature: Uint8Array;
}

/** What an instance needs from its owner; everything is pure or deterministic. */
export interface QbftConfig {
  instance: InstanceId;
  /** Cluster size n (1 ≤ n ≤ 64); f = ⌊(n−1)/3⌋, quorum = ⌈(n+f+1)/2⌉. */
  members: number;
  /** This member's index, 1..n. */
  me: number;
  /** Signs a digest as this member (deterministic, e.g. BLS). */
  sign(digest: Uint8Array): Uint8Array;
  /** True when `signature` is member `sender`'s over `digest`. */
  verify(sender: number, digest: Uint8Array, signature: Uint8Array): boolean;
  /**
   * External validity: may this member prepare `value`? (Every validator's slashing check, the value agreeing with
   * its own beacon node's view.) Pure. A refused value is never prepared by this member; the round then times out.
   */
  isValid(value: QbftValue): boolean;
  /** The leader of a round (default: `leaderOf` in leader.ts, a rotation over (slot, duty, round)). */
  leader?(instance: InstanceId, round: number): number;
  /** Messages buffered per sender for rounds ahead of the current one (default 32; beyond it the oldest go). */
  maxBufferedPerSender?: number;
}

/** What happens to an instance. */
export type QbftEvent =
  /** Start (or join) round 1. `value` is this member's own proposal when it already has it. */
  | { type: 'start'; value?: QbftValue }
  /** This member's own value arrived (after start): a leader waiting for it proposes now. */
  | { type: 'input'; value: QbftValue }
  /** A message from the channel; `from` is the channel's authenticated sender. */
  | { type: 'message'; from: number; message: SignedQbftMessage }
  /** The timer of `round` expired. A stale round's timeout is ignored. */
  | { type: 'timeout'; round: number };

/** A decision: the value and the quorum of COMMITs that proves it (what DECIDED carries). */
export interface QbftDecision {
  value: QbftValue;
  round: number;
  commits: SignedQbftMessage[];
}

/** One transition's output. */
export interface StepResult<S> {
  state: S;
  /** Messages to broadcast to every other member, in order (this member has already taken them into account). */
  outbound: SignedQbftMessage[];
  /** Messages to send to one member (a DECIDED to a member that is behind). */
  direct?: { to: number; message: SignedQbftMessage }[];
  /** Set on the step that decides, and only on it. */
  decided?: QbftDecision;
  /** Arm the timer of this round (cancelling any earlier one): the caller fires `timeout` at `roundEndsAt`. */
  timer?: { round: number };
  /** Why an input was dropped, for metrics and logs (never a secret): `QBFT_*` codes. */
  dropped?: { code: string; from: number; reason: string }[];
}
