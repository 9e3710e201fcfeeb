/**
 * Where the contracts are: `deployment.local.json`, written next to the app by `npm start` (sv chain --deployment).
 * Loaded once and checked at the boundary; undefined when the app is served without a local chain.
 */
import { getAddress, isAddress, type Address } from 'viem';
import { predictVaultAddress } from '../../src/adapters/chain/index.js';
import type { VaultConfig } from '../../src/app/vaultTerms.js';

export interface Deployment {
  chainId: number;
  rpcUrl: string;
  depositContract: Address;
  clusterFactory: Address;
}

let loaded: Promise<Deployment | undefined> | undefined;

/** The local deployment, or undefined when there is none (or it is malformed). */
export function loadDeployment(): Promise<Deployment | undefined> {
  return (loaded ??= (async () => {
    try {
      const response = await fetch('/deployment.local.json', { cache: 'no-store' });
      if (!response.ok) return undefined;
      return parseDeployment(await response.json());
    } catch {
      return undefined;
    }
  })());
}

/** The deployment fields the app uses, or undefined when one is missing or malformed. */
export function parseDeployment(value: unknown): Deployment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const d = value as Record<string, unknown>;
  if (typeof d.chainId !== 'number' || !Number.isSafeInteger(d.chainId) || d.chainId <= 0) return undefined;
  if (typeof d.rpcUrl !== 'string' || !/^https?:\/\//.test(d.rpcUrl)) return undefined;
  if (typeof d.depositContract !== 'string' || !isAddress(d.depositContract, { strict: false })) return undefined;
  if (typeof d.clusterFactory !== 'string' || !isAddress(d.clusterFactory, { strict: false })) return undefined;
  return { chainId: d.chainId, rpcUrl: d.rpcUrl, depositContract: getAddress(d.depositContract), clusterFactory: getAddress(d.clusterFactory) };
}

/** Where the deployment's factory creates the vault of `config` (CREATE2 of the vault's creation code; no request). */
export function predictedVaultAddress(deployment: Deployment, config: VaultConfig): Address {
  return predictVaultAddress(config, deployment.clusterFactory, deployment.depositContract);
}
