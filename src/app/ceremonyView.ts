/**
 * What a screen shows about a running ceremony, derived from the engine's state and nothing else: the phase in
 * words, who has done what in each round, who we are waiting for, the deadline of the current round, and on
 * abort the reason and the culprits in plain words. Pure: the UI, the worker and the CLI share it.
 */
import { namedInWords, proofOf, type CeremonyState, type Notice, type Phase } from '../core/dkg/index.js';

export const ROUND_NAMES = ['approved', 'dealt', 'acknowledged', 'confirmed'] as const;

export interface ParticipantView {
  index: number;
  address: string;
  /** Per round (approve, deal, ack, confirm): has this participant's message arrived? */
  done: [boolean, boolean, boolean, boolean];
  me: boolean;
}

export interface CeremonyView {
  configHash: string;
  name: string;
  network: string;
  threshold: number;
  n: number;
  validators: number;
  phase: Phase;
  /** The phase in a sentence. */
  headline: string;
  /** Round being waited on (0..3), or undefined once finished. */
  round: number | undefined;
  /** Unix seconds by which the current round must be complete. */
  deadline: number | undefined;
  participants: ParticipantView[];
  /** Indices we are waiting for in the current round. */
  waitingFor: number[];
  /** Fraction of the ceremony's messages received (0..1). */
  progress: number;
  /** Group public keys once known. */
  publicKeys: string[];
  /**
   * `culprits`: the participants the abort names; `notSeen`: true when they are only not seen by the deadline (a
   * timeout: offline, or a relay withheld their messages), not proven to cheat; `named`: who, and how it is known, in words.
   */
  abort: { reason: string; message: string; culprits: { index: number; address: string }[]; notSeen: boolean; named: string | undefined } | undefined;
}

const ROUND_OF_PHASE: Partial<Record<Phase, number>> = { approving: 0, dealing: 1, acking: 2, confirming: 3 };

const HEADLINES: Record<Phase, string> = {
  approving: 'Waiting for every operator to approve the ceremony',
  dealing: 'Dealing: each participant sends everyone an encrypted share',
  acking: 'Checking the shares received and acknowledging them',
  confirming: 'Signing the deposit data together',
  succeeded: 'The ceremony succeeded',
  aborted: 'The ceremony was aborted',
};

/** The view of `state`. */
export function ceremonyView(state: CeremonyState): CeremonyView {
  const d = state.definition;
  const n = d.operators.length;
  const round = ROUND_OF_PHASE[state.phase];
  const deadlines = [d.deadlines.approve, d.deadlines.deal, d.deadlines.ack, d.deadlines.confirm];
  const participants: ParticipantView[] = d.operators.map((op, k) => ({
    index: k + 1,
    address: op.address,
    done: [0, 1, 2, 3].map((r) => (state.messages[r]?.[k] ?? null) !== null) as ParticipantView['done'],
    me: k + 1 === state.me,
  }));
  const received = state.messages.reduce((sum, r) => sum + r.filter((m) => m !== null).length, 0);
  const abort = state.abort
    ? {
        reason: state.abort.reason,
        message: state.abort.message,
        culprits: state.abort.culprits.map((index) => ({ index, address: d.operators[index - 1]?.address ?? '?' })),
        notSeen: (state.abort.proof ?? proofOf(state.abort.reason)) === 'none',
        named: namedInWords(state.abort),
      }
    : undefined;
  const publicKeys = (state.result?.validators ?? state.group?.validators ?? []).map((v) => v.publicKey);
  return {
    configHash: state.configHash,
    name: d.name,
    network: d.network.name,
    threshold: d.threshold,
    n,
    validators: d.validators.length,
    phase: state.phase,
    headline: HEADLINES[state.phase],
    round,
    deadline: round === undefined ? undefined : deadlines[round],
    participants,
    waitingFor: round === undefined ? [] : participants.filter((p) => !p.done[round]).map((p) => p.index),
    progress: state.phase === 'succeeded' ? 1 : received / (4 * n),
    publicKeys,
    abort,
  };
}

/** "3 min 20 s", "2 h 5 min", "overdue": a deadline countdown in words. */
export function timeLeft(deadline: number, now: number): string {
  const s = deadline - now;
  if (s <= 0) return 'overdue';
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const PHASE_LINES: Record<Phase, string> = {
  approving: 'waiting for every operator to approve',
  dealing: 'dealing: waiting for every participant\'s shares',
  acking: 'acknowledging: checking the shares we received',
  confirming: 'confirming: signing the deposit data',
  succeeded: 'succeeded',
  aborted: 'aborted',
};

const ROUND_WORDS = ['approval', 'deal', 'acknowledgement', 'confirmation'];

/** The phase as a progress line (a log, the CLI): "dealing: waiting for every participant's shares". */
export function phaseLine(phase: Phase): string {
  return PHASE_LINES[phase] ?? phase;
}

/** A notice of the engine as a progress line, or undefined for notices not worth a line. */
export function noticeLine(notice: Notice): string | undefined {
  const round = (r: number) => ROUND_WORDS[r] ?? `round ${r} message`;
  switch (notice.kind) {
    case 'accepted':
      return `received the ${round(notice.round)} of participant ${notice.sender}`;
    case 'published':
      return `published our ${round(notice.round)}`;
    case 'dropped':
      return `ignored a message: ${notice.reason}`;
    default:
      return undefined;
  }
}
