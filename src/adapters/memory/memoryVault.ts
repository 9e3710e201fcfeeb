/**
 * The memory chain's model of one vault (contracts/ClusterVault.sol, its funding path and its ends, simplified):
 * bonds and stakes while funding is open, the deposit only with all n checks over the deposit contract's current
 * root (the checks' signatures are not verified here: the viem adapter's chain does that), votes, an exit request,
 * settlement and claims (everything funded is credited back pro rata, no rewards), cancel after the deadline.
 * Refusals are ChainError CHAIN_REVERTED with the contract's error name in `details.errorName`.
 */
import type { VaultConfig, VaultPhase } from '../../core/vault/vaultTerms.js';
import { ChainError, type Address, type Hex, type VaultView, type VaultWrite } from '../../ports/chain.js';
import type { MemoryDeposit } from './memoryChain.js';

const DEPOSIT_WEI = 32n * 10n ** 18n;

/** A config as one stable string (bigints written out), for the memory chain's CREATE2 stand-in. */
export function canonicalVaultConfig(c: VaultConfig): string {
  return JSON.stringify({ ...c, operators: c.operators.map((o) => o.toLowerCase()) }, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function revert(errorName: string, message: string): never {
  throw new ChainError('CHAIN_REVERTED', message, { errorName });
}

/** The state fields of a memory vault, for tests that look inside. */
export interface MemoryVaultState {
  phase: VaultPhase;
  bonded: Set<string>;
  stakes: Map<string, bigint>;
  voted: Set<string>;
  claimable: Map<string, bigint>;
  exitRequests: number;
  pubkey: Hex;
}

export class MemoryVault {
  readonly state: MemoryVaultState = { phase: 'Funding', bonded: new Set(), stakes: new Map(), voted: new Set(), claimable: new Map(), exitRequests: 0, pubkey: '0x' };

  constructor(
    readonly config: VaultConfig,
    readonly factory: Address,
  ) {}

  /** The view of an address with no vault. */
  static notDeployed(address: Address, chainTime: number): VaultView {
    return {
      address, deployed: false, phase: 'Funding', balance: 0n, operators: [], bondCount: 0, stakers: [], totalStaked: 0n, totalFunded: 0n, minStake: 0n, termEndsAt: 0,
      lastExitRequestAt: 0, exitVotes: 0, exitRequestCount: 0, validatorPubkey: '0x', exitFee: 0n, outstanding: 0n, claimable: 0n, withdrawalCredentials: '0x', factory: '0x0000000000000000000000000000000000000000', chainTime,
    };
  }

  private get totalStaked(): bigint {
    return [...this.state.stakes.values()].reduce((a, b) => a + b, 0n);
  }

  private get totalFunded(): bigint {
    return this.totalStaked + BigInt(this.state.bonded.size) * this.config.bondPerOperator;
  }

  /** The vault as the port reads it. */
  view(address: Address, chainTime: number, account?: Address): VaultView {
    const s = this.state;
    const outstanding = [...s.claimable.values()].reduce((a, b) => a + b, 0n);
    const credentials = `0x${this.config.credentialType === 1 ? '01' : '02'}${'00'.repeat(11)}${address.slice(2).toLowerCase()}` as Hex;
    return {
      ...MemoryVault.notDeployed(address, chainTime),
      deployed: true,
      phase: s.phase,
      balance: s.phase === 'Funding' ? this.totalFunded : outstanding,
      operators: this.config.operators.map((o) => ({ address: o, bonded: s.bonded.has(o.toLowerCase()), votedExit: s.voted.has(o.toLowerCase()) })),
      bondCount: s.bonded.size,
      stakers: [...s.stakes].map(([a, stake]) => ({ address: a as Address, stake })),
      totalStaked: this.totalStaked,
      totalFunded: this.totalFunded,
      exitVotes: s.voted.size,
      exitRequestCount: s.exitRequests,
      validatorPubkey: s.pubkey,
      outstanding,
      claimable: account ? (s.claimable.get(account.toLowerCase()) ?? 0n) : 0n,
      withdrawalCredentials: credentials,
      factory: this.factory,
    };
  }

  private operator(account: Address): string {
    const a = account.toLowerCase();
    if (!this.config.operators.some((o) => o.toLowerCase() === a)) revert('NotOperator', `${account} is not an operator of this vault.`);
    return a;
  }

  private phase(...allowed: VaultPhase[]): void {
    if (!allowed.includes(this.state.phase)) revert('WrongPhase', `The vault is in its ${this.state.phase} phase, where this is not allowed.`);
  }

  /** Refund everything funded as claimable (cancel, settle). */
  private creditBack(): void {
    const s = this.state;
    for (const o of s.bonded) s.claimable.set(o, (s.claimable.get(o) ?? 0n) + this.config.bondPerOperator);
    for (const [a, v] of s.stakes) s.claimable.set(a, (s.claimable.get(a) ?? 0n) + v);
  }

  /** Apply a write from `account` at `now`; the deposit it makes on the deposit contract, if any. */
  apply(write: Exclude<VaultWrite, { action: 'createVault' }>, account: Address, now: number, currentRoot: Hex): MemoryDeposit | undefined {
    const s = this.state;
    const open = () => {
      this.phase('Funding');
      if (BigInt(now) > this.config.fundingDeadline) revert('FundingClosed', 'Funding closed.');
    };
    switch (write.action) {
      case 'postBond': {
        open();
        const o = this.operator(account);
        if (s.bonded.has(o)) revert('BondAlreadyPosted', 'This operator has already posted its bond.');
        if (write.bond !== this.config.bondPerOperator) revert('WrongBond', 'The bond must be exactly the terms’ bond.');
        s.bonded.add(o);
        return undefined;
      }
      case 'stake': {
        open();
        if (this.totalStaked + write.amount > this.config.stakerCapacity) revert('CapacityExceeded', 'Not that much stake is still open.');
        const a = account.toLowerCase();
        s.stakes.set(a, (s.stakes.get(a) ?? 0n) + write.amount);
        return undefined;
      }
      case 'deposit': {
        this.phase('Funding');
        if (this.totalFunded !== DEPOSIT_WEI) revert('NotFullyFunded', 'The deposit needs 32 ETH.');
        if (write.checks.length !== this.config.operators.length) revert('WrongCheckCount', 'The deposit needs a check from each operator.');
        if (write.depositRoot.toLowerCase() !== currentRoot.toLowerCase()) revert('DepositRootChanged', 'A deposit was made on the deposit contract after the operators checked it.');
        s.phase = 'Deposited';
        s.pubkey = write.pubkey;
        const credentials = `0x${this.config.credentialType === 1 ? '01' : '02'}${'00'.repeat(11)}${write.vault.slice(2).toLowerCase()}` as Hex;
        return { pubkey: write.pubkey, withdrawalCredentials: credentials, amountGwei: 32n * 10n ** 9n, signature: write.signature };
      }
      case 'voteExit': {
        this.phase('Deposited', 'Exiting');
        const o = this.operator(account);
        if (s.voted.has(o)) revert('AlreadyVoted', 'This operator has already voted for an early exit.');
        s.voted.add(o);
        return undefined;
      }
      case 'requestExit':
        this.phase('Deposited', 'Exiting');
        s.phase = 'Exiting';
        s.exitRequests += 1;
        return undefined;
      case 'settle':
        this.phase('Exiting', 'Deposited');
        s.phase = 'Settled';
        this.creditBack();
        return undefined;
      case 'cancel':
        this.phase('Funding');
        if (BigInt(now) <= this.config.fundingDeadline) revert('FundingOpen', 'Funding is still open.');
        s.phase = 'Cancelled';
        this.creditBack();
        return undefined;
      case 'claim': {
        const a = account.toLowerCase();
        if (!s.claimable.get(a)) revert('NothingToClaim', 'There is nothing to claim for this account.');
        s.claimable.delete(a);
        return undefined;
      }
      case 'sweep':
        revert('NothingToSweep', 'Nothing has arrived since the vault was cancelled or last swept.');
    }
  }
}
