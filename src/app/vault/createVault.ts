/** Create the ceremony's vault: the factory's createCluster with the configuration openVault checked. */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** Send createCluster(config) to the deployment's factory. Never throws. */
export function createVault(ctx: VaultContext, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  return sendVaultWrite(ctx, { action: 'createVault', factory: ctx.deployment.clusterFactory, config: ctx.config }, onProgress);
}
