/** Claim what the vault credits the connected account. */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** Send claim(). Never throws. */
export function claim(ctx: VaultContext, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'claim', vault: ctx.address }, onProgress);
}
