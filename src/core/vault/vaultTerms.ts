/**
 * The vault a ceremony pays into (CONTRACTS.md): its configuration is the ceremony's operators and threshold plus
 * four terms the creator chooses (bond, staking period, commission, funding deadline). The terms travel in the join
 * link beside the definition (`&v=<bond wei>.<term s>.<commission bps>.<deadline>`); the salt is the definition's
 * uuid, and the credential type is the definition's. Anyone can then recompute the vault's CREATE2 address and check
 * that the definition's withdrawal credentials point at it: the terms are public and checkable, never trusted.
 * Pure (the join link's parameter is read in src/app/vaultTerms.ts; the CREATE2 address needs the vault's creation
 * code, so the Chain port computes it: src/ports/chain.ts).
 */
import { SvError } from '../errors.js';
import type { CeremonyDefinition } from '../dkg/definition.js';
import { MAX_EFFECTIVE_BALANCE } from '../eth/amounts.js';

/** What the vault's `deposit` sends: exactly 32 ETH. */
export const DEPOSIT_WEI = 32n * 10n ** 18n;
/** The factory's bounds on n (CONTRACTS.md: 3 <= n <= 16). */
export const VAULT_MIN_OPERATORS = 3;
export const VAULT_MAX_OPERATORS = 16;
/**
 * The factory's cap on the funding window (ClusterFactory.MAX_FUNDING_PERIOD): the deadline is at most 30 days after
 * the vault's creation, so an operator who never bonds or never signs its deposit check locks the others' ether at
 * most that long before `cancel` refunds it.
 */
export const MAX_FUNDING_PERIOD_SECONDS = 30 * 86_400;
/** The same cap in whole days, for forms. */
export const MAX_FUNDING_DAYS = MAX_FUNDING_PERIOD_SECONDS / 86_400;

/** The creator's choices. */
export interface VaultTerms {
  /** Each operator's bond, in wei. */
  bondPerOperator: bigint;
  /** The staking period, in seconds. */
  termSeconds: number;
  /** The operators' commission on the stakers' rewards, in basis points. */
  commissionBps: number;
  /** Unix time until which bonds and stakes are accepted. */
  fundingDeadline: number;
}

/** Vault phases, as the contract numbers them (contracts/ClusterTypes.sol). */
export const VAULT_PHASES = ['Funding', 'Deposited', 'Exiting', 'Settled', 'Cancelled'] as const;
export type VaultPhase = (typeof VAULT_PHASES)[number];

/** The ClusterConfig struct exactly as the factory hashes it (contracts/ClusterTypes.sol). */
export interface VaultConfig {
  operators: `0x${string}`[];
  threshold: number;
  bondPerOperator: bigint;
  stakerCapacity: bigint;
  termSeconds: bigint;
  commissionBps: number;
  fundingDeadline: bigint;
  credentialType: 1 | 2;
  salt: `0x${string}`;
}

function bad(message: string): never {
  throw new SvError('VAULT_BAD_TERMS', message);
}

/** Whether n bonds of this size are more than the 32 ETH deposit (the factory's cap; n = 1 bounds a single bond). */
function bondsOverDeposit(bondPerOperator: bigint, n: number): boolean {
  return bondPerOperator * BigInt(n) > DEPOSIT_WEI;
}

/** Why these terms cannot make a vault for n operators, or undefined (the factory's checks, in words). */
export function vaultTermsProblem(terms: VaultTerms, n: number, now: number): string | undefined {
  if (n < VAULT_MIN_OPERATORS || n > VAULT_MAX_OPERATORS) return `a vault takes ${VAULT_MIN_OPERATORS} to ${VAULT_MAX_OPERATORS} operators, not ${n}`;
  if (terms.bondPerOperator <= 0n) return 'the bond must be more than zero';
  if (bondsOverDeposit(terms.bondPerOperator, n)) return `${n} bonds of this size are more than 32 ETH`;
  if (!Number.isSafeInteger(terms.termSeconds) || terms.termSeconds <= 0) return 'the staking period must be at least one second';
  if (!Number.isInteger(terms.commissionBps) || terms.commissionBps < 0 || terms.commissionBps > 10_000) return 'the commission must be between 0 and 100 %';
  if (!Number.isSafeInteger(terms.fundingDeadline) || terms.fundingDeadline <= now) return 'the funding deadline must be in the future';
  if (terms.fundingDeadline - now > MAX_FUNDING_PERIOD_SECONDS) return `the funding deadline may be at most ${MAX_FUNDING_DAYS} days away`;
  return undefined;
}

/** The `v` parameter of a join link. */
export function formatVaultTerms(terms: VaultTerms): string {
  return `${terms.bondPerOperator}.${terms.termSeconds}.${terms.commissionBps}.${terms.fundingDeadline}`;
}

/** Parse a `v` parameter; throws VAULT_BAD_TERMS in words. Deadlines in the past are allowed (an old link still shows its vault). */
export function parseVaultTerms(text: string): VaultTerms {
  const m = /^(0|[1-9][0-9]{0,25})\.([1-9][0-9]{0,15})\.(0|[1-9][0-9]{0,4})\.([1-9][0-9]{0,15})$/.exec(text);
  if (!m) bad('the join link is damaged: its vault terms are not four numbers');
  const terms = { bondPerOperator: BigInt(m[1]!), termSeconds: Number(m[2]), commissionBps: Number(m[3]), fundingDeadline: Number(m[4]) };
  if (terms.bondPerOperator === 0n || bondsOverDeposit(terms.bondPerOperator, 1)) bad('the join link is damaged: its bond is not between 0 and 32 ETH');
  if (terms.commissionBps > 10_000 || !Number.isSafeInteger(terms.termSeconds) || !Number.isSafeInteger(terms.fundingDeadline)) bad('the join link is damaged: a vault term is out of range');
  return terms;
}

/** The CREATE2 salt of a ceremony's vault: its uuid's 16 bytes, left-padded to 32. */
export function vaultSalt(uuid: string): `0x${string}` {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) bad('the ceremony uuid is not 16 hex bytes');
  return `0x${hex.padStart(64, '0')}`;
}

/** The vault configuration of a ceremony under these terms (operators sorted as the factory requires). */
export function vaultConfigOf(definition: CeremonyDefinition, terms: VaultTerms): VaultConfig {
  const n = definition.operators.length;
  const credentialType = credentialTypeOf(definition);
  if (bondsOverDeposit(terms.bondPerOperator, n)) bad(`${n} bonds of this size are more than 32 ETH`);
  const operators = definition.operators
    .map((o) => o.address as `0x${string}`)
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  return {
    operators,
    threshold: definition.threshold,
    bondPerOperator: terms.bondPerOperator,
    stakerCapacity: DEPOSIT_WEI - BigInt(n) * terms.bondPerOperator,
    termSeconds: BigInt(terms.termSeconds),
    commissionBps: terms.commissionBps,
    fundingDeadline: BigInt(terms.fundingDeadline),
    credentialType,
    salt: vaultSalt(definition.uuid),
  };
}

/** The credential type (1 or 2) every validator of the definition uses; a vault needs exactly one 32 ETH validator. */
function credentialTypeOf(definition: CeremonyDefinition): 1 | 2 {
  if (definition.validators.length !== 1) bad(`a vault funds exactly one validator; this ceremony creates ${definition.validators.length}`);
  const v = definition.validators[0]!;
  if (BigInt(v.amountGwei) !== MAX_EFFECTIVE_BALANCE) bad('a vault deposits exactly 32 ETH; this ceremony signs another amount');
  const prefix = v.withdrawalCredentials.slice(0, 4);
  if (prefix === '0x01') return 1;
  if (prefix === '0x02') return 2;
  bad('a vault needs 0x01 or 0x02 withdrawal credentials');
}

/** The execution address the definition's (single) validator withdraws to, lower-case 0x hex. */
export function withdrawalAddressOf(definition: CeremonyDefinition): `0x${string}` {
  credentialTypeOf(definition);
  return `0x${definition.validators[0]!.withdrawalCredentials.slice(26)}`;
}
