/**
 * The leader (proposer) of a round: a deterministic rotation over (slot, duty, round), as charon's and SSV's
 * round-robin (Moniz 2020 §3: "leader(λ, r) is a deterministic function known to every process"). Consecutive
 * rounds of one instance have consecutive leaders, so f + 1 rounds always reach an honest one; the slot and the
 * duty shift the start, so no member leads every duty of a slot.
 */
import { SvError } from '../errors.js';
import { DUTY_KINDS } from './digest.js';
import { checkMembers } from './quorum.js';
import type { InstanceId } from './types.js';

/** leaderOf(instance, round, n) = ((slot + dutyIndex + round − 1) mod n) + 1, in 1..n. Throws `QBFT_BAD_CONFIG`. */
export function leaderOf(instance: InstanceId, round: number, members: number): number {
  checkMembers(members);
  if (!Number.isInteger(round) || round < 1) throw new SvError('QBFT_BAD_CONFIG', `a round is 1, 2, ..., not ${String(round)}`);
  const duty = DUTY_KINDS.indexOf(instance.duty);
  if (duty < 0) throw new SvError('QBFT_BAD_CONFIG', `unknown duty ${String(instance.duty)}`);
  const n = BigInt(members);
  return Number((instance.slot + BigInt(duty) + BigInt(round - 1)) % n) + 1;
}
