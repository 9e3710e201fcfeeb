/**
 * The on-chain deposit check as screens and the CLI present it: the keys of a deposit file to look for, where a
 * search may start, and the verdicts in words. Pure.
 */
import { shortAddress, shortKey } from '../core/bytes.js';
import { parseDepositFileEntry, type ParsedDepositEntry } from '../core/eth/depositFileEntry.js';
import type { Network, NetworkName } from '../core/eth/networks.js';
import { parseWithdrawalCredentials } from '../core/eth/withdrawalCredentials.js';
import { toHex0x } from '../core/wire/fields.js';
import { describeCredentials, type DepositRole, type OnchainDepositsReport, type OnchainTarget } from '../core/eth/depositEvents.js';

/**
 * The keys of a deposit file's entries as already read (`inspectDepositFile`'s `parsed`), each once, with its own
 * credentials as the expected ones.
 */
export function depositTargets(entries: readonly ParsedDepositEntry[]): OnchainTarget[] {
  const targets: OnchainTarget[] = [];
  for (const { pubkey, withdrawalCredentials } of entries) {
    if (!pubkey) continue;
    const key = toHex0x(pubkey);
    if (targets.some((t) => t.pubkey === key)) continue;
    targets.push(withdrawalCredentials ? { pubkey: key, expectedCredentials: toHex0x(withdrawalCredentials) } : { pubkey: key });
  }
  return targets;
}

// What the Verify deposits screen words and reads with (it imports the app, not the core).
export { describeCredentials, parseExpectedCredentialsInput, parsePubkeyInput } from '../core/eth/depositEvents.js';
export { formatGwei } from '../core/eth/amounts.js';
export { NETWORK_NAMES } from '../core/eth/networks.js';

/** The keys of a parsed deposit file (any JSON), each with its own credentials as the expected ones. */
export function targetsFromDepositFile(file: unknown): OnchainTarget[] {
  return Array.isArray(file) ? depositTargets(file.map((raw) => parseDepositFileEntry(raw).parsed)) : [];
}

/**
 * The block where each network's deposit contract was created: no deposit can be older. (Holesky and hoodi have it
 * in genesis; the devnet deploys it first.) Mainnet and sepolia: the blocks their execution clients record.
 */
const DEPOSIT_CONTRACT_BLOCK: Record<NetworkName, bigint> = { mainnet: 11_052_984n, sepolia: 1_273_020n, holesky: 0n, hoodi: 0n, devnet: 0n };

/** Where a search of `depositContract` on `network` may start: its creation block, or 0 for another contract. */
export function depositSearchStart(network: Network, depositContract: string): bigint {
  return depositContract.toLowerCase() === network.depositContract.toLowerCase() ? DEPOSIT_CONTRACT_BLOCK[network.name] : 0n;
}

/** The report in one sentence for people. */
export function onchainSummary(report: OnchainDepositsReport): string {
  const n = report.verdicts.length;
  const { ok, fail, none } = report.counts;
  const keys = (k: number) => `${k} ${k === 1 ? 'key' : 'keys'}`;
  if (n === 1 && report.problems.length === 0) {
    if (ok === 1 && report.verdicts[0]?.expected !== null) return 'Deposited correctly: the first valid deposit for this key has the expected credentials and nothing came before it.';
    if (ok === 1) return 'Deposited: the first valid deposit for this key set its credentials and no other deposit disagrees.';
    if (none === 1) return 'No deposit for this key was found on chain.';
    return 'This key has a problem on chain: read the reasons below.';
  }
  const parts = [`${ok} of ${keys(n)} deposited correctly`];
  if (fail > 0) parts.push(`${fail} with a problem`);
  if (none > 0) parts.push(`${none} not found on chain`);
  if (report.problems.length > 0) parts.push(`and ${report.problems.length} unreadable event${report.problems.length === 1 ? '' : 's'}`);
  return `${parts.join(', ')}.`;
}

/** What a deposit does, in words. */
export function depositRoleInWords(role: DepositRole): string {
  return role === 'creates' ? 'creates the validator' : role === 'top-up' ? 'top-up' : 'ignored: ether lost';
}

/** Credentials in a table cell: the type and the address shortened (`0x01 0x1111…1111`), else the hex shortened. */
export function credentialsLabel(credentials: Uint8Array): string {
  const hex = toHex0x(credentials);
  try {
    const parsed = parseWithdrawalCredentials(credentials);
    if (parsed.address !== undefined) return `${parsed.type} ${shortAddress(parsed.address)}`;
  } catch {
    // fall through: shown as hex
  }
  return hex.length > 20 ? shortKey(hex) : hex;
}

/** Credentials in a tooltip: in words, then the full hex (`0x01 credentials of address 0xAbC…: 0x01…`). */
export function credentialsTitle(credentials: Uint8Array): string {
  return `${describeCredentials(credentials)}: ${toHex0x(credentials)}`;
}
