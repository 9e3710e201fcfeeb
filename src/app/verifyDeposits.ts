/**
 * Verify deposits on chain, the one use-case behind the Verify deposits page and `sv deposit verify --rpc`: read the
 * deposit contract's DepositEvent logs for the keys asked about (through the Chain port's reader) and judge them the
 * way the beacon chain will apply them (src/core/eth/depositEvents.ts). The shells build the reader and word the
 * outcome; a failure to read is the reader's coded error, passed through unchanged.
 */
import type { Address, ChainReader, DepositScanProgress } from '../ports/chain.js';
import { checkOnchainDeposits, type OnchainDepositsReport, type OnchainTarget } from '../core/eth/depositEvents.js';
import type { Network } from '../core/eth/networks.js';
import { inspectDepositFile, type DepositFileVerdict } from '../core/eth/verifyDepositFile.js';
import { depositSearchStart, depositTargets } from './onchainDepositsView.js';

/** The part of the Chain port this use-case reads. */
export type DepositEventsReader = Pick<ChainReader, 'depositEvents'>;

/** What to verify, where. */
export interface VerifyDepositsInput {
  chain: DepositEventsReader;
  /** The network whose genesis fork version signs the deposits; its chain id is the one the reader must serve. */
  network: Network;
  depositContract: Address;
  /** The keys, each with the credentials its deposits must carry when known. */
  targets: readonly OnchainTarget[];
  /** First block to search (default: the deposit contract's creation, `depositSearchStart`). */
  fromBlock?: bigint | undefined;
  /** Last block (default: the latest). */
  toBlock?: bigint | undefined;
  onProgress?: (progress: DepositScanProgress) => void;
  signal?: AbortSignal | undefined;
}

/** The verdicts and where they were read: the chain, the blocks searched, the last deposit index seen. */
export interface VerifyDepositsResult {
  report: OnchainDepositsReport;
  chainId: number;
  depositContract: Address;
  fromBlock: bigint;
  toBlock: bigint;
  lastDepositIndex: bigint | undefined;
}

/** Read the deposit logs for `targets` and judge them. Rejects with the reader's error when the chain cannot be read. */
export async function verifyDeposits(input: VerifyDepositsInput): Promise<VerifyDepositsResult> {
  const { network, depositContract, targets } = input;
  const result = await input.chain.depositEvents({
    depositContract,
    pubkeys: targets.map((t) => t.pubkey),
    fromBlock: input.fromBlock ?? depositSearchStart(network, depositContract),
    expectedChainId: network.chainId,
    ...(input.toBlock !== undefined ? { toBlock: input.toBlock } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return {
    report: checkOnchainDeposits({ targets, events: result.events, network }),
    chainId: result.chainId,
    depositContract,
    fromBlock: result.fromBlock,
    toBlock: result.toBlock,
    lastDepositIndex: result.lastDepositIndex,
  };
}

/** A deposit file's text, parsed: the JSON value, or why it is none (in words). */
export function readDepositFileText(text: string): { json: unknown } | { error: string } {
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { error: 'This file is not valid JSON. A deposit file is the deposit_data-….json a deposit tool wrote.' };
  }
}

/** A deposit file checked: its verdict and the keys to look for on chain, each with the credentials it names. */
export interface DepositFileCheck {
  verdict: DepositFileVerdict;
  targets: OnchainTarget[];
}

/**
 * Check a parsed deposit file (any JSON value) against `network` (detected from its fork version when empty): its
 * entries are read once, for both the verdict and the on-chain targets. Never throws.
 */
export function checkDepositFile(json: unknown, network: string | undefined): DepositFileCheck {
  const { verdict, parsed } = inspectDepositFile(json, network ? { network } : {});
  return { verdict, targets: depositTargets(parsed) };
}

/** A message in words as a sentence: capitalised, ending with a full stop unless it already ends with punctuation. */
export const sentence = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.?!]$/.test(s) ? '' : '.'}`;

/** Why deposits cannot be judged on a chain this app has no network for (signatures need its fork versions). */
export const unknownChainWords = (chainId: number): string =>
  `The configured chain (chain id ${chainId}) is no network this app knows, so deposit signatures cannot be checked on it.`;
