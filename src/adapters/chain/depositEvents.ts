/**
 * Reading the deposit contract's `DepositEvent` logs over JSON-RPC (viem). The pubkey is not an indexed topic, so
 * logs are fetched by block range and filtered here. Ranges start at `chunkSize` blocks and halve whenever the RPC
 * refuses one (public endpoints cap the range or the result size), then grow back. Failures are
 * ChainErrors in words: unreachable RPC, wrong chain, no contract at the address, refused queries.
 */
import {
  BaseError,
  createPublicClient,
  decodeEventLog,
  getAbiItem,
  http,
  numberToHex,
  toEventSelector,
  type Address,
  type Hex,
  type PublicClient,
  type RpcLog,
} from 'viem';
import { littleEndianCount, type RawDepositEvent } from '../../core/eth/depositEvents.js';
import { ChainError, type DepositEventsResult } from '../../ports/chain.js';
import { depositContractAbi } from './depositContract.generated.js';


/** How far a scan has come. */
export interface DepositScanProgress {
  fromBlock: bigint;
  toBlock: bigint;
  /** Every block up to this one has been searched. */
  scannedTo: bigint;
  /** Matching events so far. */
  found: number;
}

export interface FetchDepositEventsOptions {
  depositContract: Address;
  /** Keep only events for these keys (0x + 96 hex, any case); every event when omitted. Events whose pubkey cannot be read are always kept. */
  pubkeys?: readonly string[];
  /** First block to search (default 0). No deposit can precede the key's creation, so the block of the ceremony is a safe start. */
  fromBlock?: bigint;
  /** Last block (default: the latest). */
  toBlock?: bigint;
  /** Refuse to read from another chain. */
  expectedChainId?: number;
  /** Largest block range per eth_getLogs (default 10 000). */
  chunkSize?: bigint;
  /** Smallest range tried before giving up on a refusing RPC (default 16). */
  minChunkSize?: bigint;
  /** The RPC's address, for messages. */
  rpcUrl?: string;
  onProgress?: (progress: DepositScanProgress) => void;
  signal?: AbortSignal;
}

/** What a scan returns: the port's DepositEventsResult (events in chain order, and the last deposit index seen). */
export type { DepositEventsResult };

const DEPOSIT_EVENT = getAbiItem({ abi: depositContractAbi, name: 'DepositEvent' });
const DEPOSIT_TOPIC = toEventSelector(DEPOSIT_EVENT);

/**
 * A public client for an RPC URL, with one retry and a 20 s timeout per request. `batch`: requests made together
 * travel as one JSON-RPC batch (one HTTP round trip for a whole state read).
 */
export function createRpcClient(rpcUrl: string, options: { batch?: boolean } = {}): PublicClient {
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 20_000, batch: options.batch ?? false }) });
}

/** The gist of a viem (or other) error, one line, no stack. */
function gist(e: unknown): string {
  if (e instanceof BaseError) {
    const details = e.details.split('\n')[0]?.trim();
    return details && details !== e.shortMessage && !e.shortMessage.includes(details) ? `${e.shortMessage} (${details})` : e.shortMessage;
  }
  return e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
}

/** True when the request never got an answer: connection refused, DNS, timeout. */
function unreachable(e: unknown): boolean {
  if (!(e instanceof BaseError)) return e instanceof TypeError;
  return e.walk((x) => x instanceof BaseError && (x.name === 'TimeoutError' || (x.name === 'HttpRequestError' && (x as BaseError & { status?: number }).status === undefined))) !== null;
}

function rpcName(options: FetchDepositEventsOptions): string {
  return options.rpcUrl ? `the RPC at ${rpcOrigin(options.rpcUrl)}` : 'the RPC';
}

/** Scheme, host and port of an RPC URL: its path and query often hold an API key, which never goes into a message. */
export function rpcOrigin(rpcUrl: string): string {
  try {
    return new URL(rpcUrl).origin;
  } catch {
    return 'the given URL';
  }
}

async function checkChain(client: PublicClient, options: FetchDepositEventsOptions): Promise<number> {
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (e) {
    throw new ChainError('CHAIN_UNREACHABLE', `could not reach ${rpcName(options)}: ${gist(e)}`);
  }
  if (options.expectedChainId !== undefined && chainId !== options.expectedChainId) {
    throw new ChainError('CHAIN_WRONG_CHAIN', `${rpcName(options)} serves chain id ${chainId}, not the expected ${options.expectedChainId}`);
  }
  let code: Hex | undefined;
  try {
    code = await client.getCode({ address: options.depositContract });
  } catch (e) {
    throw new ChainError(unreachable(e) ? 'CHAIN_UNREACHABLE' : 'CHAIN_REFUSED', `could not read the code at ${options.depositContract} from ${rpcName(options)}: ${gist(e)}`);
  }
  if (code === undefined || code === '0x') {
    throw new ChainError('CHAIN_NO_CONTRACT', `there is no contract at ${options.depositContract} on chain ${chainId}: is the deposit contract address right?`);
  }
  return chainId;
}

const optionalHex = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A log ABI-decoded once: its DepositEvent fields (0x-hex, as the RPC gave them), or why it is not one. */
type DecodedLog = { args: Record<string, unknown> } | { undecodable: string };

function decodeLog(log: RpcLog): DecodedLog {
  try {
    return { args: decodeEventLog({ abi: [DEPOSIT_EVENT], data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true }).args as Record<string, unknown> };
  } catch (e) {
    return { undecodable: gist(e) };
  }
}

/** A decoded log's `index` field (8 bytes, little-endian), or undefined when the log does not carry one. */
const depositIndexOf = (decoded: DecodedLog): bigint | undefined => ('args' in decoded ? littleEndianCount(optionalHex(decoded.args.index)) : undefined);

/** One decoded log as a RawDepositEvent, or null when it is for a key nobody asked about. */
function toRaw(log: RpcLog, decoded: DecodedLog, wanted: Set<string> | undefined): RawDepositEvent | null {
  const at = { blockNumber: BigInt(log.blockNumber ?? '0x0'), transactionHash: log.transactionHash ?? '0x', logIndex: Number(log.logIndex ?? '0x0') };
  if ('undecodable' in decoded) return { ...at, undecodable: decoded.undecodable };
  const { args } = decoded;
  const pubkey = optionalHex(args.pubkey)?.toLowerCase();
  // A pubkey that is not 48 bytes belongs to no key: keep it, the checker reports it.
  if (wanted && pubkey !== undefined && pubkey.length === 98 && !wanted.has(pubkey)) return null;
  return {
    ...at,
    pubkey,
    withdrawalCredentials: optionalHex(args.withdrawal_credentials),
    amount: optionalHex(args.amount),
    signature: optionalHex(args.signature),
    index: optionalHex(args.index),
  };
}

function normalisedKeys(pubkeys: readonly string[] | undefined): Set<string> | undefined {
  if (pubkeys === undefined) return undefined;
  return new Set(pubkeys.map((p) => (p.startsWith('0x') || p.startsWith('0X') ? `0x${p.slice(2)}` : `0x${p}`).toLowerCase()));
}

function getLogs(client: PublicClient, address: Address, from: bigint, to: bigint): Promise<RpcLog[]> {
  return client.request({
    method: 'eth_getLogs',
    params: [{ address, topics: [DEPOSIT_TOPIC], fromBlock: numberToHex(from), toBlock: numberToHex(to) }],
  }) as Promise<RpcLog[]>;
}

/**
 * Every DepositEvent of `depositContract` from `fromBlock` to `toBlock` (for the given keys), in chain order.
 * Checks first that the RPC answers, serves the expected chain and has code at the address.
 */
export async function fetchDepositEvents(client: PublicClient, options: FetchDepositEventsOptions): Promise<DepositEventsResult> {
  const aborted = () => {
    if (options.signal?.aborted) throw new ChainError('CHAIN_ABORTED', 'the search was stopped');
  };
  const chainId = await checkChain(client, options);
  let toBlock = options.toBlock;
  if (toBlock === undefined) {
    try {
      toBlock = await client.getBlockNumber({ cacheTime: 0 });
    } catch (e) {
      throw new ChainError('CHAIN_UNREACHABLE', `could not read the latest block from ${rpcName(options)}: ${gist(e)}`);
    }
  }
  const fromBlock = options.fromBlock ?? 0n;
  const maxChunk = options.chunkSize ?? 10_000n;
  const minChunk = options.minChunkSize ?? 16n;
  const wanted = normalisedKeys(options.pubkeys);
  const events: RawDepositEvent[] = [];
  const seen = new Set<string>();
  let lastDepositIndex: bigint | undefined;
  let size = maxChunk;
  let from = fromBlock;
  while (from <= toBlock) {
    aborted();
    const to = from + size - 1n < toBlock ? from + size - 1n : toBlock;
    let logs: RpcLog[];
    try {
      logs = await getLogs(client, options.depositContract, from, to);
    } catch (e) {
      if (unreachable(e)) throw new ChainError('CHAIN_UNREACHABLE', `lost ${rpcName(options)} while reading blocks ${from}–${to}: ${gist(e)}`);
      if (size > minChunk) {
        size = size / 2n > minChunk ? size / 2n : minChunk;
        continue;
      }
      throw new ChainError('CHAIN_REFUSED', `${rpcName(options)} refused the deposit logs of blocks ${from}–${to}: ${gist(e)}`);
    }
    for (const log of logs) {
      if (log.removed) continue;
      const decoded = decodeLog(log);
      const index = depositIndexOf(decoded);
      if (index !== undefined && (lastDepositIndex === undefined || index > lastDepositIndex)) lastDepositIndex = index;
      const raw = toRaw(log, decoded, wanted);
      const id = raw && `${raw.transactionHash}:${raw.logIndex}`;
      if (raw === null || id === null || seen.has(id)) continue;
      seen.add(id);
      events.push(raw);
    }
    options.onProgress?.({ fromBlock, toBlock, scannedTo: to, found: events.length });
    from = to + 1n;
    if (size < maxChunk) size = size * 2n < maxChunk ? size * 2n : maxChunk;
  }
  aborted();
  events.sort((a, b) => (a.blockNumber !== b.blockNumber ? (a.blockNumber < b.blockNumber ? -1 : 1) : a.logIndex - b.logIndex));
  return { chainId, fromBlock, toBlock, events, ...(lastDepositIndex !== undefined ? { lastDepositIndex } : {}) };
}

/** A ChainError's message, or any other error in one line. */
export function depositEventsErrorInWords(e: unknown): string {
  return e instanceof ChainError ? e.message : `the deposits could not be read: ${gist(e)}`;
}
