/**
 * Deposit 32 ETH through the vault with every operator's check over the deposit contract's root, read again now:
 * when the root moved since the checks, say so instead (the vault would revert DepositRootChanged). The logs are
 * checked once more first (scanDeposit), for the page's own sake.
 */
import type { Address, DepositRootReading } from '../../ports/chain.js';
import { tallyDepositChecks, type DepositCheckTally, type HeldDepositCheck, type VaultDeposit } from '../vaultDeposit.js';
import { shortRoot } from './checkDeposit.js';
import { scanDeposit, type DepositScan } from './scanDeposit.js';
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** The words for checks over a root the deposit contract no longer has. */
export const ROOT_MOVED = 'A deposit was made to the deposit contract after the checks; every operator checks and signs again.';

/** The checks held against `depositRoot`, in the vault's operator order (`vaultOperators`, its operators()). */
export function tallyFor(ctx: VaultContext, held: readonly HeldDepositCheck[], vaultOperators: readonly Address[], depositRoot: string): DepositCheckTally {
  return tallyDepositChecks(held, ctx.definition.operators.map((o) => o.address), vaultOperators, depositRoot);
}

/** What the step reports besides its progress. */
export interface DepositEvents {
  onProgress?: (p: VaultProgress) => void;
  /** `checking` when the scan starts, then its verdict (a blocker ends the step before anything is sent). */
  onScan?: (scan: DepositScan | 'checking') => void;
  onRoot?: (reading: DepositRootReading) => void;
}

/** Scan, read the root, tally the held checks over it and, when all n are there, send deposit(...). Never throws. */
export async function deposit(ctx: VaultContext, d: VaultDeposit, held: () => readonly HeldDepositCheck[], vaultOperators: () => readonly Address[], events: DepositEvents = {}): Promise<VaultOutcome> {
  events.onScan?.('checking');
  const scan = await scanDeposit(ctx, d.pubkey);
  events.onScan?.(scan);
  if (scan.state === 'unavailable' || scan.blockers.length) return { error: `Not sent: ${(scan.blockers.length ? scan.blockers : scan.problems).join(' ')}` };
  let reading: DepositRootReading;
  try {
    reading = await ctx.chain.depositRoot(ctx.deployment.depositContract);
  } catch (e) {
    return { error: `The deposit root could not be read: ${ctx.wallet.errorInWords(e)}` };
  }
  events.onRoot?.(reading);
  const tally = tallyFor(ctx, held(), vaultOperators(), reading.depositRoot);
  if (!tally.checks) return { error: tally.rootMoved ? ROOT_MOVED : `Not every operator has checked the deposit root ${shortRoot(reading.depositRoot)} yet.` };
  const write = { action: 'deposit', vault: ctx.address, pubkey: d.pubkey, signature: d.signature, depositDataRoot: d.depositDataRoot, depositRoot: tally.depositRoot as `0x${string}`, checks: tally.checks } as const;
  return sendVaultWrite(ctx, write, events.onProgress);
}
