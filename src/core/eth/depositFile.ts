/**
 * The deposit_data-<timestamp>.json file of staking-deposit-cli / ethstaker-deposit-cli, which the Ethereum
 * Staking Launchpad reads. The CLI writes it with Python's `json.dump(deposit_data, f, default=lambda x: x.hex())`:
 * a single line, default separators ", " and ": ", keys in insertion order, bytes as lower-case hex without 0x,
 * amount as a JSON integer, and no trailing newline.
 */
import { bytesToHex } from '../bytes.js';
import { SvError } from '../errors.js';
import type { DepositEntry } from './depositData.js';
import type { Network } from './networks.js';

/**
 * The deposit_cli_version we write. The staking launchpad requires the field to be a string and refuses files
 * whose version compares below its MIN_DEPOSIT_CLI_VERSION setting (a 1.x/2.x value); "2.7.0" is the
 * ethstaker-deposit-cli release that its documented example file (test/vectors/eth/deposit-cli) carries, so it
 * passes that check. The launchpad also wants amount as a JSON number and hex without 0x, as written here.
 */
export const DEPOSIT_CLI_VERSION = '2.7.0';

/** The JSON object of one deposit, with the fields in the order deposit-cli writes them. */
export interface DepositFileEntryJson {
  pubkey: string;
  withdrawal_credentials: string;
  amount: number;
  signature: string;
  deposit_message_root: string;
  deposit_data_root: string;
  fork_version: string;
  network_name: string;
  deposit_cli_version: string;
}

/** The file name deposit-cli uses: `deposit_data-<unix seconds>.json`. */
export function depositFileName(timestampSeconds: number): string {
  if (!Number.isFinite(timestampSeconds) || timestampSeconds < 0) throw new SvError('ETH_BAD_DEPOSIT_FILE', 'timestamp must be a non-negative number of seconds');
  return `deposit_data-${Math.floor(timestampSeconds)}.json`;
}

/** One deposit as the deposit-cli JSON object (amount as a JSON number: any deposit amount is below 2^53). */
export function depositEntryToJson(entry: DepositEntry, network: Network): DepositFileEntryJson {
  if (entry.amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new SvError('ETH_BAD_AMOUNT', 'amount too large for a deposit file');
  return {
    pubkey: bytesToHex(entry.pubkey),
    withdrawal_credentials: bytesToHex(entry.withdrawalCredentials),
    amount: Number(entry.amount),
    signature: bytesToHex(entry.signature),
    deposit_message_root: bytesToHex(entry.depositMessageRoot),
    deposit_data_root: bytesToHex(entry.depositDataRoot),
    fork_version: bytesToHex(network.genesisForkVersion),
    network_name: network.name,
    deposit_cli_version: DEPOSIT_CLI_VERSION,
  };
}

/** Python json.dumps with default separators for a flat object of strings and integers (ASCII only here). */
function pythonJsonObject(obj: object): string {
  const parts = Object.entries(obj).map(([k, v]) => `${JSON.stringify(k)}: ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
  return `{${parts.join(', ')}}`;
}

/** The exact text deposit-cli writes for these deposits on `network` (one line, no trailing newline). */
export function formatDepositFile(entries: readonly DepositEntry[], network: Network): string {
  return `[${entries.map((e) => pythonJsonObject(depositEntryToJson(e, network))).join(', ')}]`;
}
