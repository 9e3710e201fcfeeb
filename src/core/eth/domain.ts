/**
 * Signature domains and signing roots. // consensus-specs phase0 beacon-chain.md#helper-functions
 */
import { concatBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { hashTreeRootForkData, hashTreeRootSigningData } from './containers.js';
import type { Network } from './networks.js';

/** DomainType of deposits. // consensus-specs phase0 beacon-chain.md#domain-types */
export const DOMAIN_DEPOSIT: Uint8Array = Uint8Array.of(0x03, 0x00, 0x00, 0x00);

/** DomainType of voluntary exits. // consensus-specs phase0 beacon-chain.md#domain-types */
export const DOMAIN_VOLUNTARY_EXIT: Uint8Array = Uint8Array.of(0x04, 0x00, 0x00, 0x00);

/** The zero Root (deposits are signed with it as genesis validators root). */
export const ZERO_ROOT: Uint8Array = new Uint8Array(32);

/** compute_fork_data_root. // consensus-specs phase0 beacon-chain.md#compute_fork_data_root */
export function computeForkDataRoot(currentVersion: Uint8Array, genesisValidatorsRoot: Uint8Array): Uint8Array {
  return hashTreeRootForkData({ currentVersion, genesisValidatorsRoot });
}

/** compute_domain: domain_type ‖ fork_data_root[:28]. // consensus-specs phase0 beacon-chain.md#compute_domain */
export function computeDomain(domainType: Uint8Array, forkVersion: Uint8Array, genesisValidatorsRoot: Uint8Array): Uint8Array {
  if (!(domainType instanceof Uint8Array) || domainType.length !== 4) throw new SvError('ETH_BAD_LENGTH', 'domain type must be 4 bytes');
  return concatBytes(domainType, computeForkDataRoot(forkVersion, genesisValidatorsRoot).subarray(0, 28));
}

/** compute_signing_root from an object's hash_tree_root. // consensus-specs phase0 beacon-chain.md#compute_signing_root */
export function computeSigningRoot(objectRoot: Uint8Array, domain: Uint8Array): Uint8Array {
  return hashTreeRootSigningData({ objectRoot, domain });
}

/** Deposit domain for a genesis fork version (always with the zero root). // phase0 beacon-chain.md#deposits */
export function depositDomainForForkVersion(genesisForkVersion: Uint8Array): Uint8Array {
  return computeDomain(DOMAIN_DEPOSIT, genesisForkVersion, ZERO_ROOT);
}

/** The deposit domain of a network: its genesis fork version and the zero root. */
export function depositDomain(network: Network): Uint8Array {
  return depositDomainForForkVersion(network.genesisForkVersion);
}

/** The voluntary exit domain of a network: Capella fork version + genesis validators root forever (EIP-7044). */
export function voluntaryExitDomain(network: Network): Uint8Array {
  // consensus-specs deneb beacon-chain.md#modified-process_voluntary_exit
  return computeDomain(DOMAIN_VOLUNTARY_EXIT, network.capellaForkVersion, network.genesisValidatorsRoot);
}
