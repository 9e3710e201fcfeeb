/**
 * The slashing-protection journal's text format (sv-slashing-journal/1), pure apart from SHA-256: one record per
 * line, `<check> <json>\n`, where `<check>` is the first 8 bytes (16 lower-case hex digits) of SHA-256 over the
 * JSON's UTF-8 bytes. Line 1 is the header (format and chain); every later line is a record of watermarks to merge
 * by maximum: a signed block, a signed attestation, or an imported/compacted validator's watermarks. A signing root
 * is 64 hex digits, or "" for a message that is unknown (slashingInterchange.ts UNKNOWN_ROOT).
 *
 * Reading: every complete line (ending in "\n") must check, else the file is refused (SLASHING_STORE_CORRUPT).
 * Only an unterminated tail — the bytes after the last "\n", left by a write cut short — is dropped: a record is
 * acknowledged only after its whole line (newline last) is written and fsync'd, so an unterminated line was never
 * acknowledged and no signature was made on it.
 */
import { createHash } from 'node:crypto';
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.js';
import type { Watermarks } from '../../core/slashing/index.js';
import { SlashingStoreError } from '../../ports/slashingStore.js';

/** The format name in the header line. */
export const JOURNAL_FORMAT = 'sv-slashing-journal/1';

/** One journal record (line 2 on): watermarks for one validator, merged by maximum on replay. */
export interface JournalRecord {
  pubkey: Uint8Array;
  watermarks: Watermarks;
}

/** What a journal's bytes hold: the records, and how many bytes are whole lines (the rest is a torn tail). */
export interface ParsedJournal {
  records: JournalRecord[];
  /** Bytes up to and including the last "\n"; anything after it is a torn tail to cut off. */
  goodLength: number;
  /** Bytes after the last "\n" (0 when the file ends cleanly). */
  tornBytes: number;
}

const corrupt = (message: string, details?: Record<string, unknown>) => new SlashingStoreError('SLASHING_STORE_CORRUPT', message, details);

function checkOf(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 16);
}

function line(value: unknown): string {
  const json = JSON.stringify(value);
  return `${checkOf(json)} ${json}\n`;
}

/** The header line for the chain `genesisValidatorsRoot`. */
export function headerLine(genesisValidatorsRoot: Uint8Array): string {
  return line({ format: JOURNAL_FORMAT, genesisValidatorsRoot: bytesToHex(genesisValidatorsRoot) });
}

/** The line of one record (a signature's new watermark, or a validator's imported / compacted watermarks). */
export function recordLine(r: JournalRecord): string {
  const { block, attestation } = r.watermarks;
  return line({
    pubkey: bytesToHex(r.pubkey),
    ...(block ? { block: { slot: block.slot.toString(), signingRoot: bytesToHex(block.signingRoot) } } : {}),
    ...(attestation
      ? { attestation: { sourceEpoch: attestation.sourceEpoch.toString(), targetEpoch: attestation.targetEpoch.toString(), signingRoot: bytesToHex(attestation.signingRoot) } }
      : {}),
  });
}

/**
 * Parse a journal's bytes for the chain `genesisValidatorsRoot`. Refuses (SLASHING_STORE_CORRUPT) a bad line
 * anywhere but the unterminated tail, a missing or foreign-format header; SLASHING_STORE_FOREIGN_CHAIN a journal
 * of another chain.
 */
export function parseJournal(bytes: Uint8Array, genesisValidatorsRoot: Uint8Array, file: string): ParsedJournal {
  const lastNewline = bytes.lastIndexOf(0x0a);
  const goodLength = lastNewline + 1;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, goodLength));
  const lines = goodLength === 0 ? [] : text.slice(0, -1).split('\n');
  if (lines.length === 0) throw corrupt(`${file} has no complete header line: it is not a slashing-protection journal (refusing to start from nothing)`, { file });
  const header = readLine(lines[0]!, 1, file);
  if (!isObject(header) || header.format !== JOURNAL_FORMAT) {
    throw corrupt(`${file} is not a ${JOURNAL_FORMAT} file (its header names another format); refusing to overwrite it`, { file });
  }
  const gvr = hexField(header.genesisValidatorsRoot, 32, 1, 'genesisValidatorsRoot', file);
  if (!equalBytes(gvr, genesisValidatorsRoot)) {
    throw new SlashingStoreError('SLASHING_STORE_FOREIGN_CHAIN', `${file} protects another chain (genesis validators root ${bytesToHex(gvr)}, expected ${bytesToHex(genesisValidatorsRoot)})`, { file });
  }
  const records = lines.slice(1).map((l, k) => decodeRecord(readLine(l, k + 2, file), k + 2, file));
  return { records, goodLength, tornBytes: bytes.length - goodLength };
}

function readLine(l: string, n: number, file: string): unknown {
  const space = l.indexOf(' ');
  const json = space === 16 ? l.slice(17) : '';
  if (space !== 16 || checkOf(json) !== l.slice(0, 16)) throw corrupt(`${file} line ${n} does not check (its SHA-256 prefix does not match): the journal is damaged; refusing to guess what was signed`, { file, line: n });
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw corrupt(`${file} line ${n} checks but is not JSON`, { file, line: n });
  }
}

function decodeRecord(v: unknown, n: number, file: string): JournalRecord {
  if (!isObject(v)) throw corrupt(`${file} line ${n} is not a record`, { file, line: n });
  const pubkey = hexField(v.pubkey, 48, n, 'pubkey', file);
  const watermarks: Watermarks = {};
  if (v.block !== undefined) {
    const b = objectField(v.block, n, 'block', file);
    watermarks.block = { slot: decimalField(b.slot, n, 'block.slot', file), signingRoot: hexField(b.signingRoot, 32, n, 'block.signingRoot', file, true) };
  }
  if (v.attestation !== undefined) {
    const a = objectField(v.attestation, n, 'attestation', file);
    watermarks.attestation = {
      sourceEpoch: decimalField(a.sourceEpoch, n, 'attestation.sourceEpoch', file),
      targetEpoch: decimalField(a.targetEpoch, n, 'attestation.targetEpoch', file),
      signingRoot: hexField(a.signingRoot, 32, n, 'attestation.signingRoot', file, true),
    };
  }
  return { pubkey, watermarks };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function objectField(v: unknown, n: number, what: string, file: string): Record<string, unknown> {
  if (!isObject(v)) throw corrupt(`${file} line ${n}: ${what} is not an object`, { file, line: n });
  return v;
}

function hexField(v: unknown, length: number, n: number, what: string, file: string, orEmpty = false): Uint8Array {
  if (orEmpty && v === '') return new Uint8Array(0);
  if (typeof v !== 'string' || !new RegExp(`^[0-9a-f]{${length * 2}}$`).test(v)) throw corrupt(`${file} line ${n}: ${what} is not ${length} bytes of hex`, { file, line: n });
  return hexToBytes(v);
}

function decimalField(v: unknown, n: number, what: string, file: string): bigint {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(v) || BigInt(v) >= 2n ** 64n) throw corrupt(`${file} line ${n}: ${what} is not a uint64 decimal`, { file, line: n });
  return BigInt(v);
}
