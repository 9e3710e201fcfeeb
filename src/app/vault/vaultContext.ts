/**
 * What every vault use-case works on: the ceremony, the vault it pays into (address and configuration, checked by
 * openVault), where the contracts are, and the Chain port's reader and wallet. Plus the one path of every write:
 * the wallet switched to the ceremony's chain, then simulate → send → receipt, each step reported.
 */
import type { CeremonyDefinition } from '../../core/dkg/definition.js';
import type { VaultConfig, VaultTerms } from '../../core/vault/vaultTerms.js';
import type { Address, ChainReader, VaultWallet, VaultWrite, WriteReceipt, WriteStatus } from '../../ports/chain.js';

/** Where the contracts of the app's chain are (the deployment the app was served with). */
export interface VaultDeployment {
  chainId: number;
  depositContract: Address;
  clusterFactory: Address;
}

/** A vault that openVault found sound: the definition pays into it and its terms describe it. */
export interface VaultContext {
  definition: CeremonyDefinition;
  /** The definition's configHash in hex, computed once where the definition was checked. */
  configHashHex: string;
  terms: VaultTerms;
  deployment: VaultDeployment;
  /** The vault's address (the definition's withdrawal address, equal to the CREATE2 of the terms). */
  address: Address;
  config: VaultConfig;
  chain: ChainReader;
  wallet: VaultWallet;
}

/** How an action stands: a write's step, or a step that is no transaction, in words. */
export type VaultProgress = { status: WriteStatus } | { note: string };

/** How an action ended: done (with words when it was no transaction), or refused or failed, in words. */
export type VaultOutcome = { done: true; receipt?: WriteReceipt; words?: string } | { error: string };

/** Send one vault write from the connected wallet on the ceremony's chain, reporting each step. Never throws. */
export async function sendVaultWrite(ctx: VaultContext, write: VaultWrite, onProgress: (p: VaultProgress) => void = () => {}): Promise<VaultOutcome> {
  const chainId = ctx.definition.network.chainId;
  try {
    if (ctx.wallet.account()?.chainId !== chainId) await ctx.wallet.switchChain(chainId);
    const receipt = await ctx.wallet.sendVaultWrite(write, chainId, (status) => onProgress({ status }));
    return { done: true, receipt };
  } catch (e) {
    return { error: ctx.wallet.errorInWords(e) };
  }
}
