/**
 * The deposit check on the ceremony's relay board (`sv-deposit-check/1`, docs/formats.md): each operator publishes
 * its EIP-712 DepositCheck signature (src/core/eth/depositCheck.ts) so that anyone can collect all n and call the
 * vault's `deposit`. The checks travel on a board session of their own, `sv-deposit-check/<configHash>`, never on
 * the ceremony's session: the DKG engine never sees them. This module is the wire form only (decode = validate);
 * whether a check is the right one for a vault, and whose it is, is judged in src/app/vaultDeposit.ts.
 */
import { bytesToHex } from '../bytes.js';
import { canonicalJson, parseCanonicalJson } from '../wire/canonicalJson.js';
import { bad, readHex, readInt, readObject, readString, toHex0x } from '../wire/fields.js';

export const DEPOSIT_CHECK_MESSAGE_TYPE = 'sv-deposit-check/1';
/** The session prefix; the rest is the ceremony's configHash, 64 lower-case hex characters. */
export const DEPOSIT_CHECK_SESSION_PREFIX = 'sv-deposit-check/';
/** ECDSA checks are 65 bytes; a contract wallet's (ERC-1271) may be longer, up to this. */
export const MAX_DEPOSIT_CHECK_SIGNATURE_BYTES = 2048;
/** A message is small; anything longer is refused before it is parsed. */
const MAX_MESSAGE_CHARS = 8192;

const SESSION_RE = /^sv-deposit-check\/([0-9a-f]{64})$/;
const FIELDS = ['block', 'chainId', 'configHash', 'depositDataRoot', 'depositRoot', 'operator', 'pubkey', 'signature', 'type', 'vault'] as const;

/** One operator's deposit check as published. Hex is lower-case with 0x. */
export interface DepositCheckMessage {
  /** The ceremony (its configHash), which also names the session. */
  configHash: string;
  chainId: number;
  vault: string;
  /** The operator's address, as the check claims. */
  operator: string;
  pubkey: string;
  depositDataRoot: string;
  /** The deposit contract's `get_deposit_root()` the operator saw and signed. */
  depositRoot: string;
  /** The block the root was read at (for people: the signature does not cover it). */
  block: number;
  /** The EIP-712 signature of DepositCheck{pubkey, depositDataRoot, depositRoot}. */
  signature: string;
}

/** The board session of a ceremony's deposit checks (`configHashHex`: 64 hex characters, no 0x). */
export function depositCheckSession(configHashHex: string): string {
  const hex = configHashHex.replace(/^0x/, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('a configHash is 32 bytes of hex');
  return `${DEPOSIT_CHECK_SESSION_PREFIX}${hex}`;
}

/** The configHash (hex, no 0x) a deposit-check session is named by, or undefined when it is no such session. */
export function depositCheckSessionHash(session: string): string | undefined {
  return SESSION_RE.exec(session)?.[1];
}

/** The message's text: canonical JSON with every hex lower-cased. Throws `WIRE_BAD_FIELD` on a malformed field. */
export function encodeDepositCheck(m: DepositCheckMessage): string {
  const lower = (s: string) => s.toLowerCase();
  const value = {
    block: m.block,
    chainId: m.chainId,
    configHash: lower(m.configHash),
    depositDataRoot: lower(m.depositDataRoot),
    depositRoot: lower(m.depositRoot),
    operator: lower(m.operator),
    pubkey: lower(m.pubkey),
    signature: lower(m.signature),
    type: DEPOSIT_CHECK_MESSAGE_TYPE,
    vault: lower(m.vault),
  };
  const text = canonicalJson(value);
  decodeDepositCheck(text);
  return text;
}

/**
 * Read a board message as a deposit check: canonical JSON, exactly the fields above, each of its form. Throws a
 * coded SvError (`WIRE_*`) naming what is wrong. When `session` is given, the message must belong to it.
 */
export function decodeDepositCheck(text: string, session?: string): DepositCheckMessage {
  const obj = readObject(parseCanonicalJson(text, MAX_MESSAGE_CHARS), 'check', FIELDS);
  readString(obj.type, 'check.type', 64, /^sv-deposit-check\/1$/);
  const configHash = readHex(obj.configHash, 'check.configHash', 32);
  if (session !== undefined && depositCheckSessionHash(session) !== bytesToHex(configHash)) {
    bad('check.configHash', 'is another ceremony than the one this session is for');
  }
  return {
    configHash: toHex0x(configHash),
    chainId: readInt(obj.chainId, 'check.chainId', 1, Number.MAX_SAFE_INTEGER),
    vault: toHex0x(readHex(obj.vault, 'check.vault', 20)),
    operator: toHex0x(readHex(obj.operator, 'check.operator', 20)),
    pubkey: toHex0x(readHex(obj.pubkey, 'check.pubkey', 48)),
    depositDataRoot: toHex0x(readHex(obj.depositDataRoot, 'check.depositDataRoot', 32)),
    depositRoot: toHex0x(readHex(obj.depositRoot, 'check.depositRoot', 32)),
    block: readInt(obj.block, 'check.block', 0, Number.MAX_SAFE_INTEGER),
    signature: toHex0x(readHex(obj.signature, 'check.signature', 1, MAX_DEPOSIT_CHECK_SIGNATURE_BYTES)),
  };
}
