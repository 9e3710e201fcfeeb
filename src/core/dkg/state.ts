/**
 * The ceremony state (PROTOCOL.md §3, ARCHITECTURE.md principle 5): a plain, JSON-serialisable tagged record.
 * It holds no secret: everything secret is re-derived from the seed on demand, so the state can be stored
 * next to the (encrypted) seed and restored after a reload.
 */
import type { AbortInfo } from './decide.js';
import type { CeremonyDefinition } from './definition.js';
import type { Envelope } from './envelope.js';

export type Phase = 'approving' | 'dealing' | 'acking' | 'confirming' | 'succeeded' | 'aborted';

/** Per validator, the public result of a successful ceremony (0x hex). */
export interface ValidatorResult {
  publicKey: string;
  groupCommitments: string[];
  /** publicShares[m-1] = pk_{v,m}. */
  publicShares: string[];
  depositSignature: string;
  lockSignature: string;
}

/** The group values computed after the decision (0x hex). */
export interface GroupState {
  T: string;
  validators: { publicKey: string; groupCommitments: string[]; publicShares: string[] }[];
}

export interface CeremonyState {
  version: 1;
  definition: CeremonyDefinition;
  configHash: string;
  /** Own index, 1..n. */
  me: number;
  phase: Phase;
  /** Own public ceremony keys (0x hex), derived from the seed. */
  identityKey: string;
  encryptionKey: string;
  sid: string | null;
  /** Accepted envelope texts by round (0..3) and sender index - 1; null until received. */
  messages: (string | null)[][];
  /** Envelopes for rounds >= 1 that arrived before the sid was known (bounded). */
  pending: string[];
  /** Own check of each dealer's shares: true good, false bad, null not yet checked (or self). */
  sharesOk: (boolean | null)[];
  group: GroupState | null;
  result: { T: string; validators: ValidatorResult[] } | null;
  abort: AbortInfo | null;
}

/** Something the UI or CLI may show; never contains a secret. */
export type Notice =
  | { kind: 'phase'; phase: Phase }
  | { kind: 'accepted'; round: number; sender: number }
  | { kind: 'dropped'; reason: string }
  | { kind: 'published'; round: number };

/** What a step returns: the next state, the envelopes to publish (in order), and notices. */
export interface StepResult {
  state: CeremonyState;
  outbound: string[];
  notices: Notice[];
}

/** Inputs of the state machine. Times are unix seconds, supplied by the caller (the core has no clock). */
export type CeremonyEvent =
  /** `contractSignatureValid`: the app checked on chain that the operator's contract wallet accepts `signature` (ERC-1271). */
  | { type: 'approve'; signature: Uint8Array; contractSignatureValid?: boolean }
  /**
   * A board message: its text, or the envelope the caller already opened from it (`openEnvelope(text, n)`; the
   * envelope carries its canonical text), so a message is parsed once on its way in.
   */
  | { type: 'message'; data: string | Envelope; contractSignatureValid?: boolean }
  | { type: 'tick'; now: number };

/** Secrets the step needs; never stored in the state. */
export interface StepSecrets {
  seed: Uint8Array;
}
