/** Settle what has come back to the vault (shares it out to the operators and stakers). */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** Send settle(). Never throws. */
export function settle(ctx: VaultContext, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'settle', vault: ctx.address }, onProgress);
}
