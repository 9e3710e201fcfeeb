/** Vote for an early exit (an operator's vote; t votes allow the exit before the term ends). */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** Send voteExit(). Never throws. */
export function voteExit(ctx: VaultContext, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'voteExit', vault: ctx.address }, onProgress);
}
