/**
 * The on-chain check of the Verify deposits page: the chain and deposit contract from deployment.local.json, the
 * DepositEvent logs through the chain adapter, and the verdicts from src/app/onchainDeposits.ts.
 */
import { createRpcClient, depositEventsErrorInWords, fetchDepositEvents, type DepositScanProgress } from '../../src/adapters/chain/depositEvents.js';
import { checkOnchainDeposits, type OnchainDepositsReport, type OnchainTarget } from '../../src/app/onchainDeposits.js';
import { depositSearchStart } from '../../src/app/onchainDepositsView.js';
import { findNetworkByChainId, type Network } from '../../src/core/eth/networks.js';
import { loadDeployment } from './deployment.js';

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
    return { unavailable: `The configured chain (chain id ${deployment.chainId}) is no network this app knows, so deposit signatures cannot be checked on it.` };
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
  try {
    const result = await fetchDepositEvents(createRpcClient(chain.rpcUrl), {
      depositContract: chain.depositContract,
      pubkeys: targets.map((t) => t.pubkey),
      fromBlock: depositSearchStart(chain.network, chain.depositContract),
      expectedChainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      onProgress,
      ...(signal ? { signal } : {}),
      ...(toBlock !== undefined ? { toBlock } : {}),
    });
    const report = checkOnchainDeposits({ targets, events: result.events, network: chain.network });
    return { report, fromBlock: result.fromBlock, toBlock: result.toBlock, lastDepositIndex: result.lastDepositIndex };
  } catch (e) {
    return { error: sentence(depositEventsErrorInWords(e)) };
  }
}

/** Capitalised, ending with a full stop unless it already ends with punctuation. */
const sentence = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.?!]$/.test(s) ? '' : '.'}`;
