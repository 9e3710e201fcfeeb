/** Post the connected operator's bond: exactly the terms' bond per operator (the vault refuses another amount). */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** Send postBond() with the terms' bond. Never throws. */
export function postBond(ctx: VaultContext, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'postBond', vault: ctx.address, bond: ctx.terms.bondPerOperator }, onProgress);
}
