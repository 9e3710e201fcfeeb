/**
 * The factory's and the vault's custom errors (contracts/*.sol) as plain sentences. viem decodes a revert against
 * the ABI into `ContractFunctionRevertedError.data = { errorName, args }`; this turns that into words.
 */
import { formatEther } from 'viem';
import { VAULT_MAX_OPERATORS, VAULT_MIN_OPERATORS, VAULT_PHASES } from '../../core/vault/vaultTerms.js';

const eth = (wei: unknown) => `${formatEther(BigInt(wei as bigint))} ETH`;
const when = (t: unknown) => new Date(Number(t as bigint) * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
const days = (s: unknown) => `${Math.round((Number(s as bigint) / 86_400) * 100) / 100} days`;
const phase = (p: unknown) => VAULT_PHASES[Number(p)] ?? `phase ${String(p)}`;

const WORDS: Record<string, (a: readonly unknown[]) => string> = {
  NotOperator: (a) => `${String(a[0])} is not an operator of this vault.`,
  WrongBond: (a) => `The bond must be exactly ${eth(a[0])}; ${eth(a[1])} was sent.`,
  WrongPhase: (a) => `The vault is in its ${phase(a[0])} phase, where this is not allowed.`,
  TermNotOver: (a) => `The staking period ends at ${when(a[0])}; until then an exit needs the operators' votes.`,
  FeeTooHigh: (a) => `The exit request fee is ${eth(a[0])}, above the ${eth(a[1])} you allowed. Try again later or allow more.`,
  FeeNotCovered: (a) => `The exit request fee is ${eth(a[0])}; only ${eth(a[1])} was sent.`,
  FundingClosed: (a) => `Funding closed at ${when(a[0])}.`,
  FundingOpen: (a) => `Funding is open until ${when(a[0])}; the vault can be cancelled only after that.`,
  BondAlreadyPosted: () => 'This operator has already posted its bond.',
  CapacityExceeded: (a) => `Only ${eth(a[0])} of stake is still open; ${eth(a[1])} was offered.`,
  StakeTooSmall: (a) => `A stake must be at least ${eth(a[0])}; ${eth(a[1])} was offered.`,
  TooManyStakers: (a) => `The vault already has its maximum of ${String(a[0])} stakers.`,
  BadLength: (a) => `A value has ${String(a[1])} bytes where ${String(a[0])} are needed.`,
  NotFullyFunded: (a) => `The vault holds ${eth(a[0])} of bonds and stakes; the deposit needs 32 ETH.`,
  WrongCheckCount: (a) => `The deposit needs a check from each of the ${String(a[0])} operators; ${String(a[1])} were given.`,
  BadDepositCheck: (a) => `Operator ${String(a[0])}'s deposit check is not its signature over this deposit and deposit root.`,
  DepositRootChanged: () =>
    'A deposit was made on the deposit contract after the operators checked it, so the vault did not deposit (its ether stays in the vault). Every operator has to check again that no deposit for this validator exists.',
  NothingToSweep: () => 'Nothing has arrived since the vault was cancelled or last swept.',
  AlreadyVoted: () => 'This operator has already voted for an early exit.',
  NotParticipant: (a) => `${String(a[0])} is neither an operator nor a staker of this vault.`,
  ExitCooldown: (a) => `An exit was requested recently; the next request is possible from ${when(a[0])}.`,
  FeeReadFailed: () => 'The exit request contract did not report its fee (is this chain past the Prague fork?).',
  ExitRequestFailed: () => 'The exit request contract refused the request.',
  NotSettleable: (a) => `The vault holds ${eth(a[0])} of unsettled ether; settling needs the principal back (16 ETH or more) or the grace period to end at ${when(a[1])}.`,
  NothingToSettle: () => 'Nothing new has arrived since the last settlement.',
  NothingToClaim: () => 'There is nothing to claim for this account.',
  TransferFailed: (a) => `Sending ${eth(a[1])} to ${String(a[0])} failed.`,
  Reentrancy: () => 'The vault refused a re-entrant call.',
  BadOperatorCount: (a) => `A vault takes ${VAULT_MIN_OPERATORS} to ${VAULT_MAX_OPERATORS} operators, not ${String(a[0])}.`,
  OperatorsNotSorted: (a) => `The operators must be sorted and unique (position ${String(a[0])}).`,
  BadThreshold: (a) => `A threshold of ${String(a[0])} is not allowed for ${String(a[1])} operators: it must be at least ${Math.ceil((2 * Number(a[1])) / 3)} (two thirds) and at most ${String(a[1])}.`,
  BadBond: (a) => `A bond of ${eth(a[0])} is not allowed.`,
  BadCapacity: (a) => `The staker capacity must be ${eth(a[0])}, not ${eth(a[1])}.`,
  BadTerm: () => 'The staking period must be longer than zero.',
  BadCommission: (a) => `A commission of ${Number(a[0]) / 100} % is not allowed.`,
  BadCredentialType: (a) => `Credential type ${String(a[0])} is not 0x01 or 0x02.`,
  DeadlinePassed: (a) => `The funding deadline (${when(a[0])}) has passed.`,
  FundingTooLong: (a) => `The funding deadline may be at most ${days(a[0])} after the vault's creation; this one is ${String(a[1])} seconds (${days(a[1])}) away.`,
  ClusterExists: (a) => `The vault ${String(a[0])} already exists.`,
};

/** A decoded custom error in words, or undefined when the name is not one of ours. */
export function contractErrorInWords(errorName: string, args: readonly unknown[] = []): string | undefined {
  const words = WORDS[errorName];
  if (!words) return undefined;
  try {
    return words(args);
  } catch {
    return `The contract refused: ${errorName}.`;
  }
}
