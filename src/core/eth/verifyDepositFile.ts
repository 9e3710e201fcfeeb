/**
 * Verify a deposit file from any tool, entry by entry: shape, hex and lengths, amount rules for the credential
 * type, both roots recomputed, the BLS signature under the file's own fork version, and the network: the one the
 * user names, or the one detected from the fork version. Never throws: every problem is a coded reason.
 */
import { bytesToHex, equalBytes } from '../bytes.js';
import { decodePublicKey, decodeSignature, verify } from '../bls/index.js';
import { depositAmountProblem } from './amounts.js';
import { hashTreeRootDepositData, hashTreeRootDepositMessage, type DepositMessage } from './containers.js';
import { computeSigningRoot, depositDomainForForkVersion } from './domain.js';
import { entryPubkeyHex, parseDepositFileEntry, type DepositReason, type ParsedDepositEntry } from './depositFileEntry.js';
import { findNetworkByGenesisForkVersion, getNetwork, isNetworkName, NETWORK_NAMES, type Network } from './networks.js';
import { parseWithdrawalCredentials, type WithdrawalCredentialsType } from './withdrawalCredentials.js';

export type { DepositReason, DepositReasonCode } from './depositFileEntry.js';

/** Options: the network the deposits are meant for (by name); detected from the fork version when omitted. */
export interface VerifyDepositFileOptions {
  network?: string;
}

/** The verdict on one entry. */
export interface DepositEntryVerdict {
  index: number;
  /** Lower-case hex without 0x, or null when the entry has no readable pubkey. */
  pubkey: string | null;
  verdict: 'valid' | 'invalid';
  reasons: DepositReason[];
}

/** The verdict on a whole file. `valid` only when there are entries, all valid, and no file problems. */
export interface DepositFileVerdict {
  /** The network checked against (named or detected), or null when none could be settled. */
  network: string | null;
  networkSource: 'named' | 'detected' | null;
  entries: DepositEntryVerdict[];
  fileProblems: DepositReason[];
  valid: boolean;
}

const hex = (b: Uint8Array): string => bytesToHex(b);

function checkCredentials(p: ParsedDepositEntry, reasons: DepositReason[]): WithdrawalCredentialsType | undefined {
  if (!p.withdrawalCredentials) return undefined;
  try {
    const { type } = parseWithdrawalCredentials(p.withdrawalCredentials);
    if (type !== 'unknown') return type;
    reasons.push({ code: 'DEPOSIT_BAD_CREDENTIALS', message: `withdrawal_credentials prefix 0x${hex(p.withdrawalCredentials.subarray(0, 1))} is not 0x00, 0x01 or 0x02` });
  } catch (e) {
    reasons.push({ code: 'DEPOSIT_BAD_CREDENTIALS', message: (e as Error).message });
  }
  return undefined;
}

function checkAmount(p: ParsedDepositEntry, type: WithdrawalCredentialsType | undefined, reasons: DepositReason[]): void {
  if (p.amount === undefined) return;
  // With unreadable credentials only the widest rule is applied; the credentials already have a reason.
  const problem = depositAmountProblem(p.amount, type ?? '0x02');
  if (problem !== undefined) reasons.push({ code: 'DEPOSIT_BAD_AMOUNT', message: problem });
}

function checkPubkey(p: ParsedDepositEntry, reasons: DepositReason[]): boolean {
  if (!p.pubkey) return false;
  try {
    decodePublicKey(p.pubkey);
    return true;
  } catch (e) {
    reasons.push({ code: 'DEPOSIT_BAD_PUBKEY', message: `pubkey is not a valid BLS public key: ${(e as Error).message}` });
    return false;
  }
}

function messageOf(p: ParsedDepositEntry): DepositMessage | undefined {
  if (!p.pubkey || !p.withdrawalCredentials || p.amount === undefined) return undefined;
  return { pubkey: p.pubkey, withdrawalCredentials: p.withdrawalCredentials, amount: p.amount };
}

function checkRoots(p: ParsedDepositEntry, message: DepositMessage | undefined, reasons: DepositReason[]): void {
  if (!message) return;
  const messageRoot = hashTreeRootDepositMessage(message);
  if (p.depositMessageRoot && !equalBytes(messageRoot, p.depositMessageRoot)) {
    reasons.push({ code: 'DEPOSIT_MESSAGE_ROOT_MISMATCH', message: `deposit_message_root does not match the deposit (expected ${hex(messageRoot)})` });
  }
  if (!p.signature || !p.depositDataRoot) return;
  const dataRoot = hashTreeRootDepositData({ ...message, signature: p.signature });
  if (!equalBytes(dataRoot, p.depositDataRoot)) {
    reasons.push({ code: 'DEPOSIT_DATA_ROOT_MISMATCH', message: `deposit_data_root does not match the deposit (expected ${hex(dataRoot)})` });
  }
}

function checkSignature(p: ParsedDepositEntry, message: DepositMessage | undefined, pubkeyOk: boolean, reasons: DepositReason[]): void {
  if (!p.signature || !p.forkVersion || !message || !pubkeyOk) return;
  try {
    decodeSignature(p.signature);
  } catch {
    reasons.push({ code: 'DEPOSIT_BAD_SIGNATURE', message: 'signature is not a valid BLS signature encoding' });
    return;
  }
  const root = computeSigningRoot(hashTreeRootDepositMessage(message), depositDomainForForkVersion(p.forkVersion));
  if (!verify(p.pubkey as Uint8Array, root, p.signature)) {
    reasons.push({ code: 'DEPOSIT_BAD_SIGNATURE', message: `signature does not verify for this pubkey under fork_version ${hex(p.forkVersion)}` });
  }
}

function checkNetwork(p: ParsedDepositEntry, named: Network | undefined, reasons: DepositReason[]): void {
  if (!p.forkVersion) return;
  const fileNet = findNetworkByGenesisForkVersion(p.forkVersion);
  const fv = hex(p.forkVersion);
  if (named && !equalBytes(p.forkVersion, named.genesisForkVersion)) {
    const whose = fileNet ? `${fileNet.name}'s` : 'of no known network';
    reasons.push({
      code: 'DEPOSIT_WRONG_NETWORK',
      message: `made for another network: fork_version ${fv} is ${whose}, ${named.name} uses ${hex(named.genesisForkVersion)}`,
    });
  }
  const name = p.networkName;
  if (name === undefined) return;
  if (fileNet && name !== fileNet.name) {
    reasons.push({ code: 'DEPOSIT_NETWORK_NAME_MISMATCH', message: `network_name '${name}' does not match fork_version ${fv} (${fileNet.name})` });
  } else if (!fileNet && isNetworkName(name)) {
    reasons.push({ code: 'DEPOSIT_NETWORK_NAME_MISMATCH', message: `network_name '${name}' does not match fork_version ${fv} (${name} uses ${hex(getNetwork(name).genesisForkVersion)})` });
  }
}

/** Check one entry already read (its reading's reasons are added to). */
function verifyEntry(parsed: ParsedDepositEntry, reasons: DepositReason[], named: Network | undefined): DepositReason[] {
  const type = checkCredentials(parsed, reasons);
  checkAmount(parsed, type, reasons);
  const pubkeyOk = checkPubkey(parsed, reasons);
  const message = messageOf(parsed);
  checkRoots(parsed, message, reasons);
  checkNetwork(parsed, named, reasons);
  checkSignature(parsed, message, pubkeyOk, reasons);
  return reasons;
}

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/** File-level network settling: mixed networks, then the named or detected network. */
function settleNetwork(parsed: ParsedDepositEntry[], options: VerifyDepositFileOptions, problems: DepositReason[]): Pick<DepositFileVerdict, 'network' | 'networkSource'> & { named?: Network } {
  const forks = distinct(parsed.map((p) => (p.forkVersion ? hex(p.forkVersion) : undefined)));
  const names = distinct(parsed.map((p) => p.networkName));
  if (forks.length > 1 || names.length > 1) {
    const what = [forks.length > 1 ? `fork_version ${forks.join(', ')}` : '', names.length > 1 ? `network_name ${names.join(', ')}` : ''].filter(Boolean).join('; ');
    problems.push({ code: 'DEPOSIT_MIXED_NETWORKS', message: `entries are for different networks (${what})` });
  }
  if (options.network !== undefined) {
    if (isNetworkName(options.network)) return { network: options.network, networkSource: 'named', named: getNetwork(options.network) };
    problems.push({ code: 'DEPOSIT_UNKNOWN_NETWORK', message: `unknown network '${String(options.network)}' (known: ${NETWORK_NAMES.join(', ')})` });
    return { network: null, networkSource: null };
  }
  if (forks.length !== 1) return { network: null, networkSource: null };
  const detected = findNetworkByGenesisForkVersion(parsed.find((p) => p.forkVersion)?.forkVersion as Uint8Array);
  if (detected) return { network: detected.name, networkSource: 'detected' };
  problems.push({ code: 'DEPOSIT_UNKNOWN_NETWORK', message: `fork_version ${forks[0]} belongs to no known network (known: ${NETWORK_NAMES.join(', ')}); signatures were checked under it` });
  return { network: null, networkSource: null };
}

function markDuplicates(entries: DepositEntryVerdict[]): void {
  const first = new Map<string, number>();
  for (const e of entries) {
    if (e.pubkey === null) continue;
    const seen = first.get(e.pubkey);
    if (seen === undefined) first.set(e.pubkey, e.index);
    else e.reasons.push({ code: 'DEPOSIT_DUPLICATE_PUBKEY', message: `same pubkey as entry ${seen}` });
  }
}

/** A deposit file's verdict and the fields read from each entry (read once, for whoever checks them further). */
export interface InspectedDepositFile {
  verdict: DepositFileVerdict;
  /** What could be read of each entry, in file order (none when the file is no array). */
  parsed: ParsedDepositEntry[];
}

function run(file: unknown, options: VerifyDepositFileOptions): InspectedDepositFile {
  const fileProblems: DepositReason[] = [];
  if (!Array.isArray(file)) {
    fileProblems.push({ code: 'DEPOSIT_BAD_SHAPE', message: 'a deposit file must be a JSON array of deposit objects' });
    return { verdict: { network: null, networkSource: null, entries: [], fileProblems, valid: false }, parsed: [] };
  }
  if (file.length === 0) fileProblems.push({ code: 'DEPOSIT_EMPTY_FILE', message: 'the file contains no deposits' });
  // Each entry is read once; the network is settled over all of them before any is checked.
  const read = file.map((raw) => parseDepositFileEntry(raw));
  const parsed = read.map((r) => r.parsed);
  const { named, ...network } = settleNetwork(parsed, options, fileProblems);
  const entries: DepositEntryVerdict[] = read.map((r, index) => ({ index, pubkey: entryPubkeyHex(r.parsed), verdict: 'valid', reasons: verifyEntry(r.parsed, r.reasons, named) }));
  markDuplicates(entries);
  for (const e of entries) e.verdict = e.reasons.length === 0 ? 'valid' : 'invalid';
  const valid = fileProblems.length === 0 && entries.every((e) => e.verdict === 'valid');
  return { verdict: { ...network, entries, fileProblems, valid }, parsed };
}

/**
 * Verify a parsed deposit file (any JSON value) and keep what was read of each entry, so that a further check
 * (the on-chain one) reads nothing again. Never throws.
 */
export function inspectDepositFile(file: unknown, options: VerifyDepositFileOptions = {}): InspectedDepositFile {
  try {
    return run(file, options ?? {});
  } catch (e) {
    // Defensive: a bug or a hostile object (getters, proxies) must still give a verdict, not a crash.
    const message = `the file could not be checked: ${e instanceof Error ? e.message : String(e)}`;
    return { verdict: { network: null, networkSource: null, entries: [], fileProblems: [{ code: 'DEPOSIT_BAD_SHAPE', message }], valid: false }, parsed: [] };
  }
}

/** Verify a parsed deposit file (any JSON value). Never throws. */
export function verifyDepositFile(file: unknown, options: VerifyDepositFileOptions = {}): DepositFileVerdict {
  return inspectDepositFile(file, options).verdict;
}
