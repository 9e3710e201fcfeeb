/**
 * QBFT's state: a tagged union over the instance's phase. Every field is read-only; `step` builds a new state
 * and never changes the one it is given.
 */
import { SvError } from '../errors.js';
import { leaderOf } from './leader.js';
import { checkMembers, faultsOf, quorumOf } from './quorum.js';
import type { QbftConfig, QbftDecision, QbftValue, SignedQbftMessage } from './types.js';

/** Rounds accepted ahead of the current one (a message for a round further ahead is dropped). */
export const MAX_ROUNDS_AHEAD = 64;
/** Default of `QbftConfig.maxBufferedPerSender`. */
export const DEFAULT_MAX_BUFFERED = 32;

/** One stored message: arrival order, its digest (hex) and the message as signed. */
export interface LogEntry {
  readonly seq: number;
  readonly digest: string;
  readonly signed: SignedQbftMessage;
}

/** What this member prepared (Moniz 2020 Alg. 2: pr_i, pv_i) and the quorum of PREPAREs that proves it. */
export interface Prepared {
  readonly round: number;
  readonly value: QbftValue;
  readonly cert: readonly SignedQbftMessage[];
}

/** Fields of every phase. */
export interface QbftBase {
  /** The current round r_i (0 before start). */
  readonly round: number;
  /** This member's own value (input_i), once known. */
  readonly input?: QbftValue;
  readonly prepared?: Prepared;
  /** The value of the PRE-PREPARE accepted in the current round. */
  readonly accepted?: QbftValue;
  /** The rules fired, `<rule>/<round>`: each fires at most once per round. */
  readonly fired: readonly string[];
  /** Valid messages by `<type>/<round>/<sender>` (the current round's, later rounds' up to the bound, every COMMIT). */
  readonly log: Readonly<Record<string, LogEntry>>;
  /** Value data seen, by hash (hex): a COMMIT quorum decides once its value's data is known. */
  readonly values: Readonly<Record<string, QbftValue>>;
  /** Next arrival number. */
  readonly seq: number;
}

/** Not started: messages are buffered. */
export interface QbftIdle extends QbftBase {
  readonly phase: 'idle';
}
/** Running round `round`. */
export interface QbftRound extends QbftBase {
  readonly phase: 'round';
}
/** Decided: answers a member that is behind with DECIDED, once per round of its. */
export interface QbftDecided extends QbftBase {
  readonly phase: 'decided';
  readonly decision: QbftDecision;
  /** The DECIDED this member sends (signed once). */
  readonly decidedMessage: SignedQbftMessage;
  /** Per member: the highest round of its message already answered with DECIDED. */
  readonly answered: Readonly<Record<number, number>>;
}

/** An instance's state. */
export type QbftState = QbftIdle | QbftRound | QbftDecided;

/** Checks a config (throws `QBFT_BAD_CONFIG`) and returns the idle state. */
export function initialState(config: QbftConfig): QbftState {
  checkMembers(config.members);
  if (!Number.isInteger(config.me) || config.me < 1 || config.me > config.members) {
    throw new SvError('QBFT_BAD_CONFIG', `this member's index must be in 1..${config.members}`);
  }
  const buffered = config.maxBufferedPerSender ?? DEFAULT_MAX_BUFFERED;
  if (!Number.isInteger(buffered) || buffered < 1) throw new SvError('QBFT_BAD_CONFIG', 'maxBufferedPerSender must be a positive integer');
  if (!(config.instance.cluster instanceof Uint8Array) || config.instance.cluster.length !== 32) {
    throw new SvError('QBFT_BAD_CONFIG', 'the cluster hash is 32 bytes');
  }
  return { phase: 'idle', round: 0, fired: [], log: {}, values: {}, seq: 0 };
}

/** The config's derived numbers. */
export interface Params {
  readonly n: number;
  readonly f: number;
  readonly quorum: number;
  readonly maxBuffered: number;
  leader(round: number): number;
}

/** n, f, quorum, the buffer bound and the leader function of a config. */
export function paramsOf(config: QbftConfig): Params {
  const n = config.members;
  const leader = config.leader;
  return {
    n,
    f: faultsOf(n),
    quorum: quorumOf(n),
    maxBuffered: config.maxBufferedPerSender ?? DEFAULT_MAX_BUFFERED,
    leader: leader ? (r) => leader(config.instance, r) : (r) => leaderOf(config.instance, r, n),
  };
}

/** The log key of a message. */
export function logKey(type: string, round: number, sender: number): string {
  return `${type}/${round}/${sender}`;
}
