/**
 * The ceremony definition D and its hash (PROTOCOL.md §2): what every operator approves. It travels in join
 * links and is hashed canonically, so every field is validated here, once, at the boundary.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, equalBytes, hexToBytes, utf8ToBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { getNetwork, isNetworkName, type Network } from '../eth/networks.js';
import { parseAddress, toChecksumAddress } from '../eth/address.js';
import { parseWithdrawalCredentials } from '../eth/withdrawalCredentials.js';
import { depositAmountProblem } from '../eth/amounts.js';
import { canonicalJson, parseCanonicalJson, type CanonicalValue } from '../wire/canonicalJson.js';
import { readArray, readInt, readObject, readString } from '../wire/fields.js';

export const PROTOCOL_VERSION = 'sv-dkg/1';
/** Bounds that keep every message and computation finite (PROTOCOL.md §7: n <= 16-32 per key). */
export const MAX_OPERATORS = 64;
export const MIN_OPERATORS = 3;
export const MAX_VALIDATORS = 64;

/** One validator the ceremony creates a key for. */
export interface ValidatorSpec {
  /** 0x + 32 bytes hex: 0x01 or 0x02 credentials of an execution address (the vault). */
  withdrawalCredentials: string;
  /** 0x address receiving execution-layer fees. */
  feeRecipient: string;
  /** Deposit amount in gwei, as a decimal string. */
  amountGwei: string;
}

/** The definition, exactly as hashed. Times are unix seconds. */
export interface CeremonyDefinition {
  version: typeof PROTOCOL_VERSION;
  name: string;
  uuid: string;
  network: { name: string; chainId: number; genesisForkVersion: string };
  operators: { address: string }[];
  threshold: number;
  validators: ValidatorSpec[];
  relays: string[];
  deadlines: { approve: number; deal: number; ack: number; confirm: number };
  creator: string;
  createdAt: number;
}

/** Default threshold: ceil(2n/3) (PROTOCOL.md §1). */
export function defaultThreshold(n: number): number {
  return Math.ceil((2 * n) / 3);
}

/** The smallest threshold allowed for n operators: ceil(2n/3) (PROTOCOL.md §1), also the default. */
export function minimumThreshold(n: number): number {
  return defaultThreshold(n);
}

/**
 * Why a (t, n) pair is not allowed, or undefined when it is: n >= 3 and ceil(2n/3) <= t <= n. Two groups of t
 * operators then overlap in 2t - n >= n/3 operators, more than the floor((n-1)/3) faulty ones n tolerates, so any
 * two groups that can sign share an honest operator (the ClusterFactory enforces the same rule on chain).
 */
export function thresholdProblem(t: number, n: number): string | undefined {
  if (!Number.isInteger(n) || n < MIN_OPERATORS) return `at least ${MIN_OPERATORS} operators are needed`;
  if (n > MAX_OPERATORS) return `at most ${MAX_OPERATORS} operators are supported`;
  const min = minimumThreshold(n);
  if (!Number.isInteger(t) || t > n) return `the threshold must be between ${min} and ${n}`;
  if (t < min) {
    const f = Math.floor((n - 1) / 3);
    const faulty = f === 0 ? 'always share an operator' : `always share an honest one when up to ${f} ${f === 1 ? 'is' : 'are'} faulty`;
    return `the threshold must be at least ${min} of ${n}: two groups of ${min} operators must ${faulty}`;
  }
  return undefined;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GWEI_RE = /^(0|[1-9][0-9]{0,19})$/;
const HEX4_RE = /^0x[0-9a-f]{8}$/;
const HEX32_RE = /^0x[0-9a-f]{64}$/;
const MAX_TIME = 2 ** 40;

function fail(message: string, field?: string): never {
  throw new SvError('DKG_BAD_DEFINITION', message, field ? { field } : undefined);
}

function checksummed(value: unknown, path: string): string {
  const s = readString(value, path, 42);
  let bytes: Uint8Array;
  try {
    bytes = parseAddress(s);
  } catch {
    fail(`${path} is not a valid address`, path);
  }
  const sum = toChecksumAddress(bytes);
  if (sum !== s) fail(`${path} must be written with its EIP-55 checksum (${sum})`, path);
  return s;
}

function validator(value: unknown, path: string): ValidatorSpec {
  const o = readObject(value, path, ['withdrawalCredentials', 'feeRecipient', 'amountGwei']);
  const wc = readString(o.withdrawalCredentials, `${path}.withdrawalCredentials`, 66, HEX32_RE);
  let type;
  try {
    type = parseWithdrawalCredentials(hexToBytes(wc)).type;
  } catch (e) {
    fail(`${path}.withdrawalCredentials: ${(e as Error).message}`, path);
  }
  if (type !== '0x01' && type !== '0x02') fail(`${path}.withdrawalCredentials must be 0x01 or 0x02 credentials of an execution address`, path);
  const amountGwei = readString(o.amountGwei, `${path}.amountGwei`, 20, GWEI_RE);
  const problem = depositAmountProblem(BigInt(amountGwei), type);
  if (problem) fail(`${path}.amountGwei: ${problem}`, path);
  return { withdrawalCredentials: wc, feeRecipient: checksummed(o.feeRecipient, `${path}.feeRecipient`), amountGwei };
}

/**
 * Validate an untrusted definition (from a link, a file, the board). Returns a clean copy with exactly the
 * defined fields; throws `DKG_BAD_DEFINITION` (or `WIRE_BAD_FIELD`) naming the first problem.
 */
export function parseDefinition(value: unknown): CeremonyDefinition {
  const o = readObject(value, 'definition', ['version', 'name', 'uuid', 'network', 'operators', 'threshold', 'validators', 'relays', 'deadlines', 'creator', 'createdAt']);
  if (o.version !== PROTOCOL_VERSION) fail(`unsupported definition version ${JSON.stringify(o.version)}: this app speaks ${PROTOCOL_VERSION}`, 'version');
  const name = readString(o.name, 'name', 100);
  const uuid = readString(o.uuid, 'uuid', 36, UUID_RE);
  const net = readObject(o.network, 'network', ['name', 'chainId', 'genesisForkVersion']);
  const networkName = readString(net.name, 'network.name', 32);
  if (!isNetworkName(networkName)) fail(`unknown network ${JSON.stringify(networkName)}`, 'network.name');
  const known = getNetwork(networkName);
  const chainId = readInt(net.chainId, 'network.chainId', 1, Number.MAX_SAFE_INTEGER);
  const genesisForkVersion = readString(net.genesisForkVersion, 'network.genesisForkVersion', 10, HEX4_RE);
  if (chainId !== known.chainId || !equalBytes(hexToBytes(genesisForkVersion), known.genesisForkVersion)) {
    fail(`network ${networkName} has chain id ${known.chainId} and another genesis fork version than the definition says`, 'network');
  }
  const operators = readArray(o.operators, 'operators', MIN_OPERATORS, MAX_OPERATORS).map((op, i) => ({
    address: checksummed(readObject(op, `operators[${i}]`, ['address']).address, `operators[${i}].address`),
  }));
  const seen = new Set<string>();
  for (const op of operators) {
    const key = op.address.toLowerCase();
    if (seen.has(key)) fail(`operator ${op.address} appears twice`, 'operators');
    seen.add(key);
  }
  const threshold = readInt(o.threshold, 'threshold', 0, MAX_OPERATORS);
  const tp = thresholdProblem(threshold, operators.length);
  if (tp) fail(tp, 'threshold');
  const validators = readArray(o.validators, 'validators', 1, MAX_VALIDATORS).map((v, i) => validator(v, `validators[${i}]`));
  const relays = readArray(o.relays, 'relays', 0, 16).map((r, i) => readString(r, `relays[${i}]`, 300));
  const d = readObject(o.deadlines, 'deadlines', ['approve', 'deal', 'ack', 'confirm']);
  const deadlines = {
    approve: readInt(d.approve, 'deadlines.approve', 0, MAX_TIME),
    deal: readInt(d.deal, 'deadlines.deal', 0, MAX_TIME),
    ack: readInt(d.ack, 'deadlines.ack', 0, MAX_TIME),
    confirm: readInt(d.confirm, 'deadlines.confirm', 0, MAX_TIME),
  };
  if (!(deadlines.approve <= deadlines.deal && deadlines.deal <= deadlines.ack && deadlines.ack <= deadlines.confirm)) {
    fail('deadlines must not go backwards (approve <= deal <= ack <= confirm)', 'deadlines');
  }
  const creator = checksummed(o.creator, 'creator');
  const createdAt = readInt(o.createdAt, 'createdAt', 0, MAX_TIME);
  if (createdAt > deadlines.approve) fail('the approval deadline is before the creation time', 'deadlines');
  return {
    version: PROTOCOL_VERSION,
    name,
    uuid,
    network: { name: networkName, chainId, genesisForkVersion },
    operators,
    threshold,
    validators,
    relays,
    deadlines,
    creator,
    createdAt,
  };
}

/** configHash = SHA-256(canonical JSON of D) (PROTOCOL.md §2). */
export function configHash(definition: CeremonyDefinition): Uint8Array {
  return sha256(utf8ToBytes(canonicalJson(definition)));
}

/**
 * A ceremony definition checked once, at the boundary where it enters (a join link, a file, a relay's board, the
 * builder of the Create screen), and carried typed from there on with its configHash (PROTOCOL.md §2), so no layer
 * below (the use-cases, the engine) parses or hashes it again. A ceremony's id is its configHash;
 * `configHashHex` is also its board session. Plain data: it crosses postMessage and IndexedDB unchanged.
 */
export interface CheckedDefinition {
  readonly definition: CeremonyDefinition;
  /** SHA-256 of the definition's canonical JSON. */
  readonly configHash: Uint8Array;
  /** `configHash` in lower-case hex without 0x: the ceremony's board session and its id in storage names. */
  readonly configHashHex: string;
}

/**
 * Check an untrusted definition (any JSON value) and hash it, once. Throws SvError(DKG_BAD_DEFINITION) (or
 * WIRE_BAD_FIELD) naming the first problem.
 */
export function checkDefinition(value: unknown): CheckedDefinition {
  return withHash(parseDefinition(value));
}

/**
 * The checked value of a definition that is already a validated `CeremonyDefinition` (from parseDefinition or
 * the builder): hashed here, not parsed again.
 */
export function withHash(definition: CeremonyDefinition): CheckedDefinition {
  const hash = configHash(definition);
  return { definition, configHash: hash, configHashHex: bytesToHex(hash) };
}

/** The network object of a definition. */
export function definitionNetwork(definition: CeremonyDefinition): Network {
  return getNetwork(definition.network.name);
}

/**
 * The definition as a board message (for join links too long to carry it: they carry its hash and a relay, and
 * the joiner fetches this from the board): its canonical JSON, published to the session named by its configHash.
 */
export function definitionDocument(definition: CeremonyDefinition): string {
  return canonicalJson(definition as unknown as CanonicalValue);
}

/**
 * Whether a board message is meant as a definition document (its canonical JSON starts with its first key,
 * `createdAt`) rather than an envelope; whether it is a valid one is readDefinitionDocument's question.
 */
export function isDefinitionDocument(text: string): boolean {
  return text.startsWith('{"createdAt":');
}

/**
 * The definition in a board message, if the message is one and hashes to `configHashHex` (lowercase hex, no 0x);
 * undefined for anything else (envelopes, junk, another ceremony's definition).
 */
export function readDefinitionDocument(text: string, configHashHex: string): CeremonyDefinition | undefined {
  if (!isDefinitionDocument(text)) return undefined;
  try {
    const definition = parseDefinition(parseCanonicalJson(text, 256 * 1024));
    return bytesToHex(configHash(definition)) === configHashHex ? definition : undefined;
  } catch {
    return undefined;
  }
}
