/**
 * What the deposit contract's `DepositEvent` logs say about validator keys, checked the way the beacon chain will
 * apply them. Pure: the events come in already fetched (through the Chain port, src/ports/chain.ts; the viem adapter is
 * src/adapters/chain/depositEvents.ts).
 *
 * The beacon chain applies deposits in order. For a public key it does not know yet, a deposit whose signature
 * does not verify is ignored (its ether is lost) and the first one that verifies creates the validator with that
 * deposit's withdrawal credentials; every later deposit only tops it up, whatever credentials it names. So an
 * earlier deposit with other credentials (a front-run) takes the validator's funds.
 * // consensus-specs phase0 beacon-chain.md#deposits, electra beacon-chain.md#new-apply_pending_deposit
 */
import { verify } from '../bls/index.js';
import { equalBytes, hexToBytes } from '../bytes.js';
import { formatGwei, MAX_EFFECTIVE_BALANCE } from './amounts.js';
import { depositSigningRoot } from './depositData.js';
import type { Network } from './networks.js';
import { parseWithdrawalCredentials } from './withdrawalCredentials.js';
import { toChecksumAddress } from './address.js';
import { toHex0x } from '../wire/fields.js';

/** A DepositEvent log as the chain gave it: its byte fields as 0x-hex (parsed once, by decodeDepositEvent), and where it was found. */
export interface RawDepositEvent {
  /** The five fields; a field is undefined when the log could not be ABI-decoded (see `undecodable`). */
  pubkey?: string;
  withdrawalCredentials?: string;
  amount?: string;
  signature?: string;
  index?: string;
  /** Why the log data could not be ABI-decoded as a DepositEvent, when it could not. */
  undecodable?: string;
  blockNumber: bigint;
  transactionHash: string;
  logIndex: number;
}

/** Where an event was found. */
export interface EventLocation {
  blockNumber: bigint;
  transactionHash: string;
  logIndex: number;
}

/** A well-formed deposit read from the chain, its byte fields as bytes (text is made where they are shown). */
export interface OnchainDeposit extends EventLocation {
  /** 48 bytes. */
  pubkey: Uint8Array;
  /** 32 bytes. */
  withdrawalCredentials: Uint8Array;
  /** Gwei (the event's 8-byte little-endian amount). */
  amount: bigint;
  /** 96 bytes. */
  signature: Uint8Array;
  /** The deposit's index in the contract (8-byte little-endian). */
  index: bigint;
}

/** An event that could not be read, with every reason. `pubkey` (48 bytes) is set when that field was readable. */
export interface MalformedDepositEvent extends EventLocation {
  pubkey: Uint8Array | null;
  problems: string[];
}

/** Stable codes of the problems the on-chain check reports. */
export type OnchainProblemCode =
  | 'ONCHAIN_BAD_PUBKEY'
  | 'ONCHAIN_FRONT_RUN'
  | 'ONCHAIN_WRONG_CREDENTIALS'
  | 'ONCHAIN_CREDENTIALS_DISAGREE'
  | 'ONCHAIN_BAD_SIGNATURE'
  | 'ONCHAIN_NO_VALID_DEPOSIT'
  | 'ONCHAIN_MALFORMED_EVENT';

/** One problem: a stable code and a sentence for people. */
export interface OnchainProblem {
  code: OnchainProblemCode;
  message: string;
}

/**
 * What a deposit does on the beacon chain: `creates` the validator (the first with a valid signature), `top-up`
 * (any later one), or `ignored` (an invalid signature before the validator exists: the ether is lost).
 */
export type DepositRole = 'creates' | 'top-up' | 'ignored';

/** A deposit with the check's findings. */
export interface CheckedDeposit extends OnchainDeposit {
  /** `not-checked` for top-ups: the beacon chain does not check their signature either. */
  signatureCheck: 'valid' | 'invalid' | 'not-checked';
  role: DepositRole;
  /** Whether the credentials are the expected ones; null when nothing was expected. */
  credentialsExpected: boolean | null;
}

/** `ok`: deposited and nothing wrong; `fail`: a problem; `none`: no deposit found. */
export type OnchainState = 'ok' | 'fail' | 'none';

/** The verdict on one public key. */
export interface PubkeyOnchainVerdict {
  /** As asked (0x + 96 lower-case hex when readable). */
  pubkey: string;
  state: OnchainState;
  /** Every readable deposit for this key, in chain order. */
  deposits: CheckedDeposit[];
  /** Sum of the deposits' amounts, in gwei. */
  totalAmount: bigint;
  /** The credentials the validator gets (those of the deposit that creates it, 32 bytes), or null. */
  effectiveCredentials: Uint8Array | null;
  /** The expected credentials (32 bytes) or address (20 bytes), or null when none were given. */
  expected: Uint8Array | null;
  problems: OnchainProblem[];
  /** Facts worth knowing that are not problems (amounts, harmless top-ups). */
  notes: string[];
}

/** The verdict on all the keys asked about. */
export interface OnchainDepositsReport {
  /** `fail` if any key (or an unattributable event) fails; `none` if no key has a deposit; else `ok`. */
  state: OnchainState;
  verdicts: PubkeyOnchainVerdict[];
  /** Events whose public key could not be read, so that they belong to no key. */
  unreadable: MalformedDepositEvent[];
  problems: OnchainProblem[];
  counts: Record<OnchainState, number>;
}

/** A key to check and, optionally, the credentials its deposits must carry. */
export interface OnchainTarget {
  /** 0x + 96 hex. */
  pubkey: string;
  /** 0x + 64 hex (exact credentials) or 0x + 40 hex (an address: 0x01 or 0x02 credentials of it). */
  expectedCredentials?: string;
}

export interface CheckOnchainDepositsInput {
  targets: readonly OnchainTarget[];
  /** DepositEvent logs of the deposit contract (others' keys are ignored), in any order. */
  events: readonly RawDepositEvent[];
  /** The network whose genesis fork version signs deposits. */
  network: Network;
}

const FIELDS = [
  ['pubkey', 48],
  ['withdrawal_credentials', 32],
  ['amount', 8],
  ['signature', 96],
  ['index', 8],
] as const;

/** An 8-byte little-endian count as the deposit contract writes it (`get_deposit_count`, an event's index), or undefined when it is not 0x + 16 hex. */
export function littleEndianCount(hex: string | undefined): bigint | undefined {
  if (hex === undefined || !/^0x[0-9a-fA-F]{16}$/.test(hex)) return undefined;
  return fromLittleEndian(hexToBytes(hex));
}

/** Little-endian unsigned integer (the deposit contract's `to_little_endian_64`). */
function fromLittleEndian(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
  return v;
}

function readField(value: string | undefined, name: string, length: number, problems: string[]): Uint8Array | undefined {
  if (value === undefined) {
    problems.push(`${name} is missing`);
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(value);
  } catch {
    problems.push(`${name} is not hex`);
    return undefined;
  }
  if (bytes.length !== length) {
    problems.push(`${name} is ${bytes.length} bytes, expected ${length}`);
    return undefined;
  }
  return bytes;
}

/** Decode one event: lengths are checked (pubkey 48, credentials 32, amount 8, signature 96, index 8). */
export function decodeDepositEvent(raw: RawDepositEvent): { deposit: OnchainDeposit } | { malformed: MalformedDepositEvent } {
  const at: EventLocation = { blockNumber: raw.blockNumber, transactionHash: raw.transactionHash, logIndex: raw.logIndex };
  if (raw.undecodable !== undefined) {
    return { malformed: { ...at, pubkey: null, problems: [`the log is not a DepositEvent: ${raw.undecodable}`] } };
  }
  const problems: string[] = [];
  const values = [raw.pubkey, raw.withdrawalCredentials, raw.amount, raw.signature, raw.index];
  const [pubkey, credentials, amount, signature, index] = FIELDS.map(([name, length], i) => readField(values[i], name, length, problems));
  if (!pubkey || !credentials || !amount || !signature || !index) {
    return { malformed: { ...at, pubkey: pubkey ?? null, problems } };
  }
  return {
    deposit: {
      ...at,
      pubkey,
      withdrawalCredentials: credentials,
      amount: fromLittleEndian(amount),
      signature,
      index: fromLittleEndian(index),
    },
  };
}

/** Decode many events: the well-formed deposits in chain order, and the malformed events. */
export function decodeDepositEvents(raws: readonly RawDepositEvent[]): { deposits: OnchainDeposit[]; malformed: MalformedDepositEvent[] } {
  const deposits: OnchainDeposit[] = [];
  const malformed: MalformedDepositEvent[] = [];
  for (const raw of raws) {
    const d = decodeDepositEvent(raw);
    if ('deposit' in d) deposits.push(d.deposit);
    else malformed.push(d.malformed);
  }
  deposits.sort(chainOrder);
  malformed.sort(chainOrder);
  return { deposits, malformed };
}

function chainOrder(a: EventLocation, b: EventLocation): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

/** A public key typed by a person: 0x + 96 hex (the 0x may be left out). Returns it normalised, or why not. */
export function parsePubkeyInput(text: string): { pubkey: string } | { error: string } {
  const s = text.trim();
  const digits = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (digits.length === 0) return { error: 'Enter a validator public key: 0x followed by 96 hex digits.' };
  if (!/^[0-9a-fA-F]*$/.test(digits)) return { error: 'A public key is hex: only 0-9 and a-f after the 0x.' };
  if (digits.length !== 96) return { error: `A public key is 48 bytes (96 hex digits); this has ${digits.length} digits.` };
  return { pubkey: `0x${digits.toLowerCase()}` };
}

/**
 * Expected credentials typed by a person: 32-byte credentials (0x + 64 hex) or an execution address (0x + 40 hex,
 * matching its 0x01 or 0x02 credentials). Returns them normalised, or why not.
 */
export function parseExpectedCredentialsInput(text: string): { expected: string } | { error: string } {
  const s = text.trim();
  const digits = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (!/^[0-9a-fA-F]*$/.test(digits) || (digits.length !== 64 && digits.length !== 40)) {
    return { error: 'Expected withdrawal credentials are 0x + 64 hex digits, or an address: 0x + 40 hex digits.' };
  }
  return { expected: `0x${digits.toLowerCase()}` };
}

/** Credentials (32 bytes) or an expected address (20 bytes) in words: `0x01 credentials of address 0xAbC…`, or the hex. */
export function describeCredentials(bytes: Uint8Array): string {
  const hex = toHex0x(bytes);
  try {
    if (bytes.length === 20) return `0x01 or 0x02 credentials of address ${toChecksumAddress(bytes)}`;
    const parsed = parseWithdrawalCredentials(bytes);
    if (parsed.address !== undefined) return `${parsed.type} credentials of address ${parsed.address}`;
    if (parsed.type === '0x00') return `0x00 (BLS key) credentials ${hex}`;
  } catch {
    // fall through: shown as given
  }
  return `credentials ${hex}`;
}

/** Whether credentials match the expectation: equal 32 bytes, or 0x01/0x02 credentials of the expected address. */
function credentialsMatch(actual: Uint8Array, expected: Uint8Array): boolean {
  if (expected.length === 32) return equalBytes(actual, expected);
  const prefixOk = actual[0] === 0x01 || actual[0] === 0x02;
  return prefixOk && actual.subarray(1, 12).every((b) => b === 0) && equalBytes(actual.subarray(12), expected);
}

function signatureValid(d: OnchainDeposit, network: Network): boolean {
  const message = { pubkey: d.pubkey, withdrawalCredentials: d.withdrawalCredentials, amount: d.amount };
  return verify(d.pubkey, depositSigningRoot(message, network), d.signature);
}

/** Where an event is, for people: a deposit by block and deposit index, an unreadable event by block and tx. */
const where = (d: EventLocation | OnchainDeposit): string => ('index' in d ? `block ${d.blockNumber}, deposit index ${d.index}` : `block ${d.blockNumber}, tx ${d.transactionHash}`);

/** Mark each deposit's role, checking signatures only until the validator exists (as the beacon chain does). */
function applyInOrder(deposits: readonly OnchainDeposit[], network: Network, expected: Uint8Array | undefined): CheckedDeposit[] {
  let created = false;
  return deposits.map((d) => {
    const credentialsExpected = expected ? credentialsMatch(d.withdrawalCredentials, expected) : null;
    if (created) return { ...d, signatureCheck: 'not-checked', role: 'top-up', credentialsExpected };
    const valid = signatureValid(d, network);
    created = valid;
    return { ...d, signatureCheck: valid ? 'valid' : 'invalid', role: valid ? 'creates' : 'ignored', credentialsExpected };
  });
}

function credentialProblems(checked: readonly CheckedDeposit[], creator: CheckedDeposit, expected: Uint8Array | null, problems: OnchainProblem[], notes: string[]): void {
  const later = checked.filter((d) => d.role === 'top-up' && !equalBytes(d.withdrawalCredentials, creator.withdrawalCredentials));
  const effective = describeCredentials(creator.withdrawalCredentials);
  if (expected !== null && creator.credentialsExpected === false) {
    const honest = later.find((d) => d.credentialsExpected === true);
    if (honest) {
      problems.push({
        code: 'ONCHAIN_FRONT_RUN',
        message: `an earlier deposit (${where(creator)}) set other withdrawal credentials, ${effective}: the validator's funds would go there. The deposit with the expected credentials (${where(honest)}) only tops that validator up.`,
      });
    } else {
      problems.push({
        code: 'ONCHAIN_WRONG_CREDENTIALS',
        message: `the deposit that creates the validator (${where(creator)}) sets ${effective}, not the expected ${describeCredentials(expected)}: the validator's funds would go there.`,
      });
    }
    return;
  }
  for (const d of later) {
    if (expected === null) {
      problems.push({
        code: 'ONCHAIN_CREDENTIALS_DISAGREE',
        message: `the deposits disagree: the first valid one (${where(creator)}) set ${effective}, which is where the validator's funds go; the later deposit (${where(d)}) names ${describeCredentials(d.withdrawalCredentials)} but only tops the validator up.`,
      });
    } else {
      notes.push(`The deposit in block ${d.blockNumber} names other credentials (${describeCredentials(d.withdrawalCredentials)}) but only tops up this validator: its ether goes to the expected credentials.`);
    }
  }
}

function signatureProblems(checked: readonly CheckedDeposit[], network: Network, problems: OnchainProblem[]): void {
  const ignored = checked.filter((d) => d.role === 'ignored');
  if (ignored.length === checked.length) {
    problems.push({
      code: 'ONCHAIN_NO_VALID_DEPOSIT',
      message: `no deposit for this key has a valid signature for ${network.name}: the beacon chain ignores ${ignored.length === 1 ? 'it' : 'them all'} and the ether (${formatGwei(sum(ignored))}) is lost.`,
    });
    return;
  }
  for (const d of ignored) {
    problems.push({
      code: 'ONCHAIN_BAD_SIGNATURE',
      message: `the deposit (${where(d)}) came before any valid one and its signature is invalid: the beacon chain ignores it and its ${formatGwei(d.amount)} are lost.`,
    });
  }
}

const sum = (ds: readonly { amount: bigint }[]): bigint => ds.reduce((a, d) => a + d.amount, 0n);

function checkOne(target: OnchainTarget, deposits: readonly OnchainDeposit[], malformed: readonly MalformedDepositEvent[], network: Network): PubkeyOnchainVerdict {
  const problems: OnchainProblem[] = [];
  const notes: string[] = [];
  const key = parsePubkeyInput(target.pubkey);
  const base = { deposits: [], totalAmount: 0n, effectiveCredentials: null, notes };
  if ('error' in key) {
    return { ...base, pubkey: target.pubkey, state: 'fail', expected: null, problems: [{ code: 'ONCHAIN_BAD_PUBKEY', message: key.error }] };
  }
  let expected: Uint8Array | null = null;
  if (target.expectedCredentials !== undefined) {
    const e = parseExpectedCredentialsInput(target.expectedCredentials);
    if ('error' in e) return { ...base, pubkey: key.pubkey, state: 'fail', expected: null, problems: [{ code: 'ONCHAIN_WRONG_CREDENTIALS', message: e.error }] };
    expected = hexToBytes(e.expected);
  }
  const keyBytes = hexToBytes(key.pubkey);
  const mine = deposits.filter((d) => equalBytes(d.pubkey, keyBytes));
  const badEvents = malformed.filter((m) => m.pubkey !== null && equalBytes(m.pubkey, keyBytes));
  for (const m of badEvents) {
    problems.push({ code: 'ONCHAIN_MALFORMED_EVENT', message: `the deposit event in ${where(m)} could not be read (${m.problems.join('; ')}); it was left out of this check.` });
  }
  const checked = applyInOrder(mine, network, expected ?? undefined);
  const creator = checked.find((d) => d.role === 'creates');
  const totalAmount = sum(checked);
  if (checked.length > 0) signatureProblems(checked, network, problems);
  if (creator) credentialProblems(checked, creator, expected, problems, notes);
  if (creator && totalAmount < MAX_EFFECTIVE_BALANCE) {
    notes.push(`${formatGwei(totalAmount)} deposited so far: a validator needs 32 ETH to be activated.`);
  }
  const state: OnchainState = problems.length > 0 ? 'fail' : checked.length === 0 ? 'none' : 'ok';
  return { pubkey: key.pubkey, state, deposits: checked, totalAmount, effectiveCredentials: creator?.withdrawalCredentials ?? null, expected, problems, notes };
}

/**
 * Check every target against the deposit events: for each key, the deposit that creates the validator must have
 * a valid signature and the expected credentials (when given), no deposit may be lost to a bad signature, and no
 * other credentials may come first. Never throws.
 */
export function checkOnchainDeposits(input: CheckOnchainDepositsInput): OnchainDepositsReport {
  const { deposits, malformed } = decodeDepositEvents(input.events);
  const seen = new Set<string>();
  const verdicts: PubkeyOnchainVerdict[] = [];
  for (const target of input.targets) {
    // The key as checkOne normalises it (unreadable keys as given), so a repeated target costs no signature check.
    const key = parsePubkeyInput(target.pubkey);
    const pubkey = 'error' in key ? target.pubkey : key.pubkey;
    if (seen.has(pubkey)) continue;
    seen.add(pubkey);
    verdicts.push(checkOne(target, deposits, malformed, input.network));
  }
  const unreadable = malformed.filter((m) => m.pubkey === null);
  const problems: OnchainProblem[] = unreadable.map((m) => ({
    code: 'ONCHAIN_MALFORMED_EVENT',
    message: `a deposit event in ${where(m)} could not be read (${m.problems.join('; ')}): the official deposit contract never emits one, so the contract address may be wrong.`,
  }));
  const counts: Record<OnchainState, number> = { ok: 0, fail: 0, none: 0 };
  for (const v of verdicts) counts[v.state] += 1;
  const state: OnchainState = counts.fail > 0 || problems.length > 0 ? 'fail' : counts.ok > 0 ? 'ok' : 'none';
  return { state, verdicts, unreadable, problems, counts };
}
