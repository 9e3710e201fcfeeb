/** Stake into the vault: an amount of ETH typed by the staker, parsed once here, then sent as the call's value. */
import { parseEtherAmount } from '../../core/vault/ether.js';
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** The stake a person typed, in wei, or why it is not one (in words). */
export function parseStake(text: string): { amount: bigint } | { error: string } {
  const amount = parseEtherAmount(text.trim());
  if (amount === undefined) return { error: `“${text}” is not an amount of ETH.` };
  if (amount <= 0n) return { error: 'The stake must be more than zero.' };
  return { amount };
}

/** Send stake() with `amount` wei (from parseStake). Never throws. */
export function stake(ctx: VaultContext, amount: bigint, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'stake', vault: ctx.address, amount }, onProgress);
}
