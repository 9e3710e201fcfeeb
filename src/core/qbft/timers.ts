/**
 * QBFT's round schedule, pure and anchored to the slot (every member computes the same absolute times, so rounds
 * stay aligned without a round-change's help). Round r lasts FIRST_ROUND_MS + (r − 1)·ROUND_INCREMENT_MS (2 s,
 * 3 s, 4 s, ...: a linear increase, as charon's increasing round timer) from the duty's start; no round ends after
 * the duty's deadline. A round needs 3 one-way hops (PRE-PREPARE, PREPARE, COMMIT), 4 after a round change (the
 * ROUND-CHANGEs first), so with up to 1 s one-way delay round 3 (4 s) and every later one can complete.
 */
import { SvError } from '../errors.js';
import type { DutyKind } from './types.js';

/** The chain's clock: genesis (Unix ms) and the slot length (ms). */
export interface SlotTiming {
  genesisTimeMs: number;
  slotMs: number;
}

/** The first round's length (ms): 3 hops of ≤ ~650 ms. */
export const FIRST_ROUND_MS = 2_000;
/** Each later round is this much longer than the one before (ms). */
export const ROUND_INCREMENT_MS = 1_000;

/** Where each duty's consensus starts, as a fraction of the slot (consensus-specs phase0 validator.md#attesting: 1/3; #broadcast-aggregate: 2/3). */
const START_THIRDS: Record<DutyKind, number> = {
  attester: 1,
  aggregator: 2,
  proposer: 0,
  sync_message: 1,
  sync_contribution: 2,
  exit: 0,
};

/**
 * The hard stop, in slots after the duty's slot start. Attester/aggregator: the end of the next slot (an
 * attestation included one slot late still earns its source and target; later, little). Proposer, sync
 * message/contribution: the end of the slot (the next block includes them, or nobody does). Exit: an epoch (32
 * slots; an exit is not time-critical).
 */
const DEADLINE_SLOTS: Record<DutyKind, number> = {
  attester: 2,
  aggregator: 2,
  proposer: 1,
  sync_message: 1,
  sync_contribution: 1,
  exit: 32,
};

function checkTiming(timing: SlotTiming): void {
  if (!Number.isFinite(timing.genesisTimeMs) || !Number.isInteger(timing.slotMs) || timing.slotMs <= 0) {
    throw new SvError('QBFT_BAD_CONFIG', 'slot timing needs a finite genesis time and a positive slot length');
  }
}

function slotStart(timing: SlotTiming, slot: bigint): number {
  checkTiming(timing);
  if (slot < 0n) throw new SvError('QBFT_BAD_CONFIG', 'a slot is never negative');
  return timing.genesisTimeMs + Number(slot) * timing.slotMs;
}

/** When the duty's consensus starts (Unix ms): the slot start plus 0, 1/3 or 2/3 of a slot. */
export function dutyStartsAt(timing: SlotTiming, slot: bigint, duty: DutyKind): number {
  return slotStart(timing, slot) + Math.floor((START_THIRDS[duty] * timing.slotMs) / 3);
}

/** The duty's hard stop (Unix ms): no round ends later; the pipeline abandons the instance there. */
export function dutyDeadline(timing: SlotTiming, slot: bigint, duty: DutyKind): number {
  return slotStart(timing, slot) + DEADLINE_SLOTS[duty] * timing.slotMs;
}

/** The length of round `round` (ms): 2 s, 3 s, 4 s, ... */
export function roundDurationMs(round: number): number {
  if (!Number.isInteger(round) || round < 1) throw new SvError('QBFT_BAD_CONFIG', `a round is 1, 2, ..., not ${String(round)}`);
  return FIRST_ROUND_MS + (round - 1) * ROUND_INCREMENT_MS;
}

/**
 * When round `round` ends (Unix ms): the duty's start plus the lengths of rounds 1..round, capped at the deadline.
 * Every member computes the same time, whenever it entered the round.
 */
export function roundEndsAt(timing: SlotTiming, slot: bigint, duty: DutyKind, round: number): number {
  roundDurationMs(round);
  const elapsed = round * FIRST_ROUND_MS + ((round - 1) * round * ROUND_INCREMENT_MS) / 2;
  return Math.min(dutyStartsAt(timing, slot, duty) + elapsed, dutyDeadline(timing, slot, duty));
}
