/**
 * Reading one entry of a deposit file from any tool, without trusting it: field presence, types, hex, lengths
 * and the amount. Tools differ, so hex may carry a 0x prefix and the amount may be a number or a numeric string.
 * Never throws: every problem becomes a coded reason.
 */
import { bytesToHex } from '../bytes.js';
import { UINT64_LIMIT } from './ssz.js';

/** Stable codes of everything the deposit file verifier can report. */
export type DepositReasonCode =
  | 'DEPOSIT_BAD_SHAPE'
  | 'DEPOSIT_MISSING_FIELD'
  | 'DEPOSIT_BAD_HEX'
  | 'DEPOSIT_BAD_LENGTH'
  | 'DEPOSIT_BAD_AMOUNT'
  | 'DEPOSIT_BAD_CREDENTIALS'
  | 'DEPOSIT_BAD_PUBKEY'
  | 'DEPOSIT_MESSAGE_ROOT_MISMATCH'
  | 'DEPOSIT_DATA_ROOT_MISMATCH'
  | 'DEPOSIT_BAD_SIGNATURE'
  | 'DEPOSIT_WRONG_NETWORK'
  | 'DEPOSIT_NETWORK_NAME_MISMATCH'
  | 'DEPOSIT_UNKNOWN_NETWORK'
  | 'DEPOSIT_DUPLICATE_PUBKEY'
  | 'DEPOSIT_MIXED_NETWORKS'
  | 'DEPOSIT_EMPTY_FILE';

/** One problem, with a stable code and a sentence for people. */
export interface DepositReason {
  code: DepositReasonCode;
  message: string;
}

/** The fields of an entry that could be read; a missing field had a reason recorded. */
export interface ParsedDepositEntry {
  pubkey?: Uint8Array;
  withdrawalCredentials?: Uint8Array;
  amount?: bigint;
  signature?: Uint8Array;
  depositMessageRoot?: Uint8Array;
  depositDataRoot?: Uint8Array;
  forkVersion?: Uint8Array;
  networkName?: string;
}

const HEX_FIELDS = [
  ['pubkey', 'pubkey', 48],
  ['withdrawal_credentials', 'withdrawalCredentials', 32],
  ['signature', 'signature', 96],
  ['deposit_message_root', 'depositMessageRoot', 32],
  ['deposit_data_root', 'depositDataRoot', 32],
  ['fork_version', 'forkVersion', 4],
] as const;

const HEX_RE = /^(0x)?([0-9a-fA-F]*)$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined && obj[key] !== null;
}

/** Decode one hex field of an exact length, or record why not. */
function readHex(value: unknown, field: string, length: number, reasons: DepositReason[]): Uint8Array | undefined {
  if (typeof value !== 'string') {
    reasons.push({ code: 'DEPOSIT_BAD_SHAPE', message: `${field} must be a hex string, got ${describe(value)}` });
    return undefined;
  }
  const m = HEX_RE.exec(value);
  const digits = m?.[2];
  if (digits === undefined || digits.length % 2 !== 0) {
    reasons.push({ code: 'DEPOSIT_BAD_HEX', message: `${field} is not valid hex` });
    return undefined;
  }
  if (digits.length !== 2 * length) {
    reasons.push({ code: 'DEPOSIT_BAD_LENGTH', message: `${field} must be ${length} bytes, got ${digits.length / 2}` });
    return undefined;
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Read the amount in gwei: a non-negative integer (JSON number or decimal string) below 2^64. */
function readAmount(value: unknown, reasons: DepositReason[]): bigint | undefined {
  let amount: bigint | undefined;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) amount = BigInt(value);
  } else if (typeof value === 'string') {
    if (/^[0-9]{1,30}$/.test(value)) amount = BigInt(value);
  } else {
    reasons.push({ code: 'DEPOSIT_BAD_SHAPE', message: `amount must be an integer number of gwei, got ${describe(value)}` });
    return undefined;
  }
  if (amount === undefined || amount >= UINT64_LIMIT) {
    reasons.push({ code: 'DEPOSIT_BAD_AMOUNT', message: `amount ${String(value).slice(0, 40)} is not a whole number of gwei that fits in 64 bits` });
    return undefined;
  }
  return amount;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Read an entry: every field that is present and well-formed, and a reason for each one that is not. */
export function parseDepositFileEntry(raw: unknown): { parsed: ParsedDepositEntry; reasons: DepositReason[] } {
  const reasons: DepositReason[] = [];
  const parsed: ParsedDepositEntry = {};
  if (!isRecord(raw)) {
    reasons.push({ code: 'DEPOSIT_BAD_SHAPE', message: `entry must be a JSON object, got ${describe(raw)}` });
    return { parsed, reasons };
  }
  for (const [field, key, length] of HEX_FIELDS) {
    if (!has(raw, field)) reasons.push({ code: 'DEPOSIT_MISSING_FIELD', message: `missing field ${field}` });
    else parsed[key] = readHex(raw[field], field, length, reasons);
  }
  if (!has(raw, 'amount')) reasons.push({ code: 'DEPOSIT_MISSING_FIELD', message: 'missing field amount' });
  else parsed.amount = readAmount(raw.amount, reasons);
  // Older deposit-cli versions wrote eth2_network_name; both are optional for files from other tools.
  const nameField = has(raw, 'network_name') ? 'network_name' : has(raw, 'eth2_network_name') ? 'eth2_network_name' : undefined;
  if (nameField !== undefined) {
    const name = raw[nameField];
    if (typeof name === 'string') parsed.networkName = name;
    else reasons.push({ code: 'DEPOSIT_BAD_SHAPE', message: `${nameField} must be a string, got ${describe(name)}` });
  }
  if (has(raw, 'deposit_cli_version') && typeof raw.deposit_cli_version !== 'string') {
    reasons.push({ code: 'DEPOSIT_BAD_SHAPE', message: `deposit_cli_version must be a string, got ${describe(raw.deposit_cli_version)}` });
  }
  return { parsed, reasons };
}

/** The pubkey of a raw entry as lower-case hex (no 0x) when it can be read, else null. */
export function entryPubkeyHex(parsed: ParsedDepositEntry): string | null {
  return parsed.pubkey ? bytesToHex(parsed.pubkey) : null;
}
