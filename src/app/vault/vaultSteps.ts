/**
 * Which vault actions the connected account may take now, from the vault's state (read at one block), the terms and
 * the deposit checks: the rules the contract applies (funding open until the deadline, one bond per operator, the
 * deposit with all n checks over the current root and 32 ETH, t votes or the term's end for the exit, settle once
 * something came back, claim what is credited). The panel renders these and decides nothing itself.
 */
import type { CeremonyDefinition } from '../../core/dkg/definition.js';
import { DEPOSIT_WEI, type VaultTerms } from '../../core/vault/vaultTerms.js';
import type { VaultView } from '../../ports/chain.js';
import type { DepositCheckTally } from '../vaultDeposit.js';

/** The account's place in the vault and what it may do. */
export interface VaultSteps {
  /** The account's operator entry in the vault, if it is one. */
  me: VaultView['operators'][number] | undefined;
  /** The account's stake (0 when none). */
  myStake: bigint;
  /** The account's check over the current root, if it signed one. */
  myCheck: DepositCheckTally['checked'][number] | undefined;
  /** Bonds and stakes are accepted (Funding, before the deadline). */
  fundingOpen: boolean;
  canBond: boolean;
  /** Stake is still open. */
  canStake: boolean;
  /** The account is an operator without a check over the current root, and nothing blocks signing. */
  canSignCheck: boolean;
  /** All n checks are over the current root and the vault holds 32 ETH. */
  canDeposit: boolean;
  /** Funding closed without a deposit. */
  canCancel: boolean;
  canVote: boolean;
  canRequestExit: boolean;
  canSettle: boolean;
  canClaim: boolean;
  /** The vault's funded share in per mille (for a progress bar). */
  fundedPermille: number;
}

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** What `account` may do with the vault `view` now (`now`: the chain's time, unix seconds). */
export function vaultSteps(o: {
  view: VaultView;
  definition: CeremonyDefinition;
  terms: VaultTerms;
  account: string | undefined;
  now: number;
  tally: DepositCheckTally | undefined;
  /** Anything that forbids signing a check (deposit data problems, on-chain blockers). */
  blocked: boolean;
}): VaultSteps {
  const { view: v, terms, account, now, tally } = o;
  const threshold = o.definition.threshold;
  const me = v.operators.find((op) => same(op.address, account));
  const myStake = v.stakers.find((s) => same(s.address, account))?.stake ?? 0n;
  const myCheck = tally?.checked.find((c) => same(c.address, account));
  const capacity = DEPOSIT_WEI - BigInt(o.definition.operators.length) * terms.bondPerOperator;
  const fundingOpen = v.deployed && v.phase === 'Funding' && now <= terms.fundingDeadline;
  const live = v.phase === 'Deposited' || v.phase === 'Exiting';
  return {
    me,
    myStake,
    myCheck,
    fundingOpen,
    canBond: fundingOpen && !!me && !me.bonded,
    canStake: fundingOpen && v.totalStaked < capacity,
    canSignCheck: v.phase === 'Funding' && !o.blocked && !!me && !!tally && !myCheck,
    canDeposit: v.phase === 'Funding' && !o.blocked && !!tally?.checks && v.totalFunded === DEPOSIT_WEI,
    canCancel: v.deployed && v.phase === 'Funding' && now > terms.fundingDeadline,
    canVote: live && !!me && !me.votedExit && v.exitVotes < threshold,
    canRequestExit: live && (v.exitVotes >= threshold || (now >= v.termEndsAt && (!!me || myStake > 0n))),
    canSettle: v.phase === 'Exiting' || (v.phase === 'Settled' && v.balance > v.outstanding),
    canClaim: v.claimable > 0n,
    fundedPermille: Number((v.totalFunded * 1000n) / DEPOSIT_WEI),
  };
}
