/** Sweep what arrived after the vault was cancelled or last swept. */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** Send sweep(). Never throws. */
export function sweep(ctx: VaultContext, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'sweep', vault: ctx.address }, onProgress);
}
