/**
 * The on-chain part of `sv deposit verify --rpc`: the deposit contract's DepositEvent logs for every key of the
 * file, judged against the file's own withdrawal credentials, printed in words.
 */
import { getAddress, isAddress, type Address } from 'viem';
import { createViemChain, rpcOrigin } from '../adapters/chain/index.js';
import { isChainError } from '../ports/chain.js';
import { describeCredentials, type CheckedDeposit, type OnchainDepositsReport, type PubkeyOnchainVerdict } from '../core/eth/depositEvents.js';
import { depositRoleInWords, depositSearchStart, depositTargets, onchainSummary } from '../app/onchainDepositsView.js';
import { verifyDeposits } from '../app/verifyDeposits.js';
import { shortKey } from '../core/bytes.js';
import { toHex0x } from '../core/wire/fields.js';
import { formatGwei, getNetwork, type DepositFileVerdict, type ParsedDepositEntry } from '../core/eth/index.js';
import { UsageError } from './io.js';

/** What the on-chain check needs from the command line. */
export interface OnchainOptions {
  rpc: string;
  depositContract?: string;
  fromBlock?: string;
}

/** The on-chain check's result with where it looked. */
export interface OnchainResult {
  network: string;
  chainId: number;
  depositContract: Address;
  fromBlock: bigint;
  toBlock: bigint;
  report: OnchainDepositsReport;
}

function parseFromBlock(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,12}$/.test(text)) throw new UsageError(`--from-block must be a block number, got '${text}'`);
  return BigInt(text);
}

/**
 * Read the chain for the keys of the file's entries (as `inspectDepositFile` read them: nothing is parsed again).
 * Usage errors and unreadable chains are UsageErrors (exit 2).
 */
export async function checkFileOnChain(entries: readonly ParsedDepositEntry[], verdict: DepositFileVerdict, options: OnchainOptions, progress: (line: string) => void): Promise<OnchainResult> {
  if (!/^https?:\/\//.test(options.rpc)) throw new UsageError('--rpc must be an http(s) URL');
  if (verdict.network === null) throw new UsageError('the on-chain check needs the network the deposits are for: name it with --network');
  const network = getNetwork(verdict.network);
  const contract = options.depositContract ?? network.depositContract;
  if (!isAddress(contract, { strict: false })) throw new UsageError(`--deposit-contract must be an address (0x + 40 hex), got '${contract}'`);
  const depositContract = getAddress(contract);
  const fromBlock = parseFromBlock(options.fromBlock) ?? depositSearchStart(network, depositContract);
  progress(`searching the deposits of ${depositContract} on ${network.name} from block ${fromBlock} through ${rpcOrigin(options.rpc)}…`);
  try {
    const result = await verifyDeposits({ chain: createViemChain({ rpcUrl: options.rpc }), network, depositContract, targets: depositTargets(entries), fromBlock });
    return { network: network.name, chainId: result.chainId, depositContract, fromBlock: result.fromBlock, toBlock: result.toBlock, report: result.report };
  } catch (e) {
    if (isChainError(e)) throw new UsageError(`on-chain check: ${e.message}`);
    throw e;
  }
}

/** A coded problem as a report line: `    - message [CODE]` (also `sv deposit verify`'s, which imports it from here). */
export function reasonLine(r: { message: string; code: string }): string {
  return `    - ${r.message} [${r.code}]`;
}

const STATE: Record<PubkeyOnchainVerdict['state'], string> = { ok: 'DEPOSITED', fail: 'PROBLEM', none: 'NOT FOUND' };

function depositLine(d: CheckedDeposit): string {
  const signature = d.signatureCheck === 'not-checked' ? 'signature not checked' : `signature ${d.signatureCheck}`;
  return `    deposit index ${d.index}, block ${d.blockNumber}, tx ${d.transactionHash}: ${formatGwei(d.amount)} to ${describeCredentials(d.withdrawalCredentials)}, ${signature}; ${depositRoleInWords(d.role)}`;
}

function verdictBlock(v: PubkeyOnchainVerdict): string[] {
  const amount = v.deposits.length === 0 ? 'no deposit' : `${v.deposits.length} deposit${v.deposits.length === 1 ? '' : 's'}, ${formatGwei(v.totalAmount)} in all`;
  return [
    `${shortKey(v.pubkey)}  ${STATE[v.state]}  (${amount})`,
    ...v.problems.map(reasonLine),
    ...v.deposits.map(depositLine),
    ...v.notes.map((n) => `    note: ${n}`),
  ];
}

/** The plain-words on-chain report. */
export function formatOnchainReport(r: OnchainResult): string[] {
  const lines = ['', `on chain: ${r.network} (chain id ${r.chainId}), deposit contract ${r.depositContract}, blocks ${r.fromBlock}–${r.toBlock}`];
  for (const v of r.report.verdicts) lines.push(...verdictBlock(v));
  if (r.report.problems.length > 0) lines.push('unreadable events:', ...r.report.problems.map(reasonLine));
  lines.push('', `on-chain summary: ${onchainSummary(r.report)}`);
  return lines;
}

/** JSON.stringify that writes bigints as decimal strings and bytes (the report's keys, credentials, signatures) as 0x-hex. */
export function jsonWithBigInts(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? toHex0x(v) : v), 2);
}
