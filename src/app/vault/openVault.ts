/**
 * Open a ceremony's vault: the definition's withdrawal credentials must be the vault its link's terms describe,
 * computed here (CREATE2 of the factory, the configuration and the vault's creation code) and, while the factory's
 * deadline check lets it answer, asked of the factory too. Nothing is trusted: a mismatch is a problem in words.
 */
import type { CeremonyDefinition } from '../../core/dkg/definition.js';
import { parseAddress, toChecksumAddress } from '../../core/eth/address.js';
import { vaultConfigOf, vaultTermsProblem, withdrawalAddressOf, type VaultConfig, type VaultTerms } from '../../core/vault/vaultTerms.js';
import type { Address, ChainReader } from '../../ports/chain.js';
import type { VaultDeployment } from './vaultContext.js';

/** The vault a definition pays into, or the problems that forbid using it. */
export interface OpenedVault {
  /** Undefined when the definition cannot pay into a vault (see problems). */
  address: Address | undefined;
  config: VaultConfig | undefined;
  /** Why the vault cannot be trusted or used: address mismatch, bad terms, no deployment. Empty when all is well. */
  problems: string[];
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Check the definition, the terms and the deployment against each other (no request: the address is computed). */
export function openVault(definition: CeremonyDefinition, terms: VaultTerms, deployment: VaultDeployment | undefined, chain: Pick<ChainReader, 'predictVaultAddress'>): OpenedVault {
  let address: Address | undefined;
  let config: VaultConfig | undefined;
  const problems: string[] = [];
  try {
    // Both throw in words for a definition that does not fit a vault (not one 32 ETH validator, other credentials).
    address = toChecksumAddress(parseAddress(withdrawalAddressOf(definition))) as Address;
    config = vaultConfigOf(definition, terms);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (!deployment) problems.push('No chain is configured for this app, so the vault cannot be shown.');
  else if (deployment.chainId !== definition.network.chainId) problems.push(`This app's chain (${deployment.chainId}) is not the ceremony's network (${definition.network.chainId}).`);
  else if (config && address) {
    const predicted = chain.predictVaultAddress(config, deployment.clusterFactory, deployment.depositContract);
    if (!sameAddress(predicted, address)) {
      problems.push(`The ceremony's withdrawal credentials point at ${address}, but the vault these terms describe is ${predicted}. Do not bond: the link or the definition was changed.`);
    }
  }
  return { address, config, problems };
}

/**
 * The factory's own answer must agree with ours (only while its deadline check lets it answer): the problem in
 * words when it does not, else undefined. An unreachable RPC is no problem here: the vault's reads report it.
 */
export async function confirmWithFactory(opened: OpenedVault, terms: VaultTerms, deployment: VaultDeployment, chain: ChainReader, nowSeconds: number): Promise<string | undefined> {
  const { config, address } = opened;
  if (!config || !address || vaultTermsProblem(terms, config.operators.length, nowSeconds)) return undefined;
  try {
    const theirs = await chain.factoryPredictVault(deployment.clusterFactory, config);
    return sameAddress(theirs, address) ? undefined : `The factory places this vault at ${theirs}, not at ${address}.`;
  } catch {
    return undefined;
  }
}
