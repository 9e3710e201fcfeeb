/** Cancel the vault after its funding deadline (bonds and stakes become claimable). */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** Send cancel(). Never throws. */
export function cancel(ctx: VaultContext, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'cancel', vault: ctx.address }, onProgress);
}
