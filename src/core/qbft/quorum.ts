/**
 * Sizes of QBFT's quorums (Moniz, "The Istanbul BFT Consensus Algorithm", 2020, §2 "System model": n ≥ 3f + 1
 * members of which at most f are Byzantine; a quorum is ⌈(n + f + 1)/2⌉, so two quorums meet in ≥ f + 1 members,
 * hence in an honest one).
 */
import { SvError } from '../errors.js';

/** Largest cluster an instance accepts. */
export const MAX_MEMBERS = 64;

/** f = ⌊(n − 1)/3⌋: the Byzantine members a cluster of n survives. Throws `QBFT_BAD_CONFIG` for n outside 1..64. */
export function faultsOf(members: number): number {
  checkMembers(members);
  return Math.floor((members - 1) / 3);
}

/** quorum = ⌈(n + f + 1)/2⌉ (Moniz 2020 §2). Throws `QBFT_BAD_CONFIG` for n outside 1..64. */
export function quorumOf(members: number): number {
  return Math.ceil((members + faultsOf(members) + 1) / 2);
}

/** Throws `QBFT_BAD_CONFIG` unless `members` is an integer in 1..MAX_MEMBERS. */
export function checkMembers(members: number): void {
  if (!Number.isInteger(members) || members < 1 || members > MAX_MEMBERS) {
    throw new SvError('QBFT_BAD_CONFIG', `a cluster has 1..${MAX_MEMBERS} members, not ${String(members)}`);
  }
}
