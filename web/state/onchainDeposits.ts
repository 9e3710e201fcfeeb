/**
 * The on-chain check of the Verify deposits page: the chain and deposit contract from deployment.local.json, the
 * Chain port's reader over its RPC (built here, never in the view), and the use-case src/app/verifyDeposits.ts.
 */
import { createViemChain } from '../../src/adapters/chain/index.js';
import type { DepositScanProgress } from '../../src/ports/chain.js';
import type { OnchainDepositsReport, OnchainTarget } from '../../src/core/eth/depositEvents.js';
import { sentence, unknownChainWords, verifyDeposits } from '../../src/app/verifyDeposits.js';
import { findNetworkByChainId, type Network } from '../../src/core/eth/networks.js';
import { loadDeployment } from './deployment.js';

export type { DepositScanProgress };

/** The chain the check reads. */
export interface OnchainChain {
  network: Network;
  chainId: number;
  rpcUrl: string;
  depositContract: `0x${string}`;
}

/** The configured chain, or why there is none, in words. */
export async function onchainChain(): Promise<{ chain: OnchainChain } | { unavailable: string }> {
  const deployment = await loadDeployment();
  if (!deployment) {
    return {
      unavailable:
        'The on-chain check needs a configured chain, and this app was served without one (no deployment.local.json). Run it with npm start, which starts a local chain, or check from the command line with sv deposit verify --rpc.',
    };
  }
  const network = findNetworkByChainId(deployment.chainId);
  if (!network) {
    return { unavailable: unknownChainWords(deployment.chainId) };
  }
  return { chain: { network, chainId: deployment.chainId, rpcUrl: deployment.rpcUrl, depositContract: deployment.depositContract } };
}

/** The outcome of one check: the report and the blocks searched, or an error in words. */
export type OnchainOutcome = { report: OnchainDepositsReport; fromBlock: bigint; toBlock: bigint; lastDepositIndex: bigint | undefined } | { error: string };

/** Search the deposit contract for `targets` and judge what it holds. Never throws. */
export async function checkOnChain(
  chain: OnchainChain,
  targets: readonly OnchainTarget[],
  onProgress: (p: DepositScanProgress) => void,
  signal?: AbortSignal,
  toBlock?: bigint,
): Promise<OnchainOutcome> {
  const reader = createViemChain({ rpcUrl: chain.rpcUrl });
  try {
    const result = await verifyDeposits({ chain: reader, network: chain.network, depositContract: chain.depositContract, targets, onProgress, signal, toBlock });
    return { report: result.report, fromBlock: result.fromBlock, toBlock: result.toBlock, lastDepositIndex: result.lastDepositIndex };
  } catch (e) {
    return { error: sentence(reader.errorInWords(e)) };
  }
}
