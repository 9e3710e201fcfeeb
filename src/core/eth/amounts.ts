/**
 * Deposit amounts, in gwei (bigint). 0x00/0x01 credentials: 1–32 ETH; 0x02 (compounding, EIP-7251): 1–2048 ETH.
 */
import { SvError } from '../errors.js';
import type { WithdrawalCredentialsType } from './withdrawalCredentials.js';

/** 1 ETH in gwei. */
export const GWEI_PER_ETH = 1_000_000_000n;
/** MIN_DEPOSIT_AMOUNT. // consensus-specs phase0 beacon-chain.md#gwei-values */
export const MIN_DEPOSIT_AMOUNT = 1n * GWEI_PER_ETH;
/** MAX_EFFECTIVE_BALANCE. // consensus-specs phase0 beacon-chain.md#gwei-values */
export const MAX_EFFECTIVE_BALANCE = 32n * GWEI_PER_ETH;
/** MAX_EFFECTIVE_BALANCE_ELECTRA. // consensus-specs electra beacon-chain.md#gwei-values */
export const MAX_EFFECTIVE_BALANCE_ELECTRA = 2048n * GWEI_PER_ETH;

/** The largest deposit we accept for credentials of this type (unknown types get the conservative 32 ETH). */
export function maxDepositAmount(type: WithdrawalCredentialsType): bigint {
  return type === '0x02' ? MAX_EFFECTIVE_BALANCE_ELECTRA : MAX_EFFECTIVE_BALANCE;
}

/** Write a gwei amount in ETH for people: 32000000000n → "32 ETH", 1500000000n → "1.5 ETH". */
export function formatGwei(amount: bigint): string {
  const whole = amount / GWEI_PER_ETH;
  const frac = (amount % GWEI_PER_ETH).toString().padStart(9, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''} ETH`;
}

/** The reason an amount is not allowed for this credential type, or undefined when it is allowed. */
export function depositAmountProblem(amount: bigint, type: WithdrawalCredentialsType): string | undefined {
  if (typeof amount !== 'bigint') return 'amount must be an integer number of gwei';
  if (amount < MIN_DEPOSIT_AMOUNT) return `amount ${formatGwei(amount)} is below the minimum deposit of 1 ETH`;
  const max = maxDepositAmount(type);
  if (amount > max) return `amount ${formatGwei(amount)} is above the maximum ${formatGwei(max)} for ${type} withdrawal credentials`;
  return undefined;
}

/** Throw `ETH_BAD_AMOUNT` unless `amount` (gwei) is allowed for this credential type. */
export function checkDepositAmount(amount: bigint, type: WithdrawalCredentialsType): void {
  const problem = depositAmountProblem(amount, type);
  if (problem !== undefined) throw new SvError('ETH_BAD_AMOUNT', problem);
}
