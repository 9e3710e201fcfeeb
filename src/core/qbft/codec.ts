/**
 * The wire form of a signed QBFT message: binary, canonical (one encoding per message) and strict (decoding
 * validates every field; anything else throws `QBFT_BAD_MESSAGE`). Layout, big-endian:
 *
 *   version u8 (= 1) · message · signature (u16 length, bytes) · justifications (u16 count, each: message ·
 *   signature, with a zero justification count)
 *   message = type u8 · cluster (32 bytes) · slot u64 · duty u8 · round u32 · sender u16 · flags u8
 *             (bit 0: value, bit 1: prepared round) · [hash (32) · data (u32 length, bytes)] · [preparedRound u32]
 *
 * Bounds: at most `2·members` justifications, value data at most `maxValueBytes` (default 1 MiB), signatures at
 * most 256 bytes.
 */
import { SvError } from '../errors.js';
import { DUTY_KINDS, MAX_SLOT, MESSAGE_TYPES } from './digest.js';
import { MAX_MEMBERS } from './quorum.js';
import type { QbftMessage, SignedQbftMessage } from './types.js';

/** The codec's version byte. */
export const QBFT_CODEC_VERSION = 1;
/** Default bound on a value's data (bytes). */
export const DEFAULT_MAX_VALUE_BYTES = 1 << 20;
/** Largest signature accepted (bytes). */
export const MAX_SIGNATURE_BYTES = 256;

/** Decoding bounds. */
export interface CodecLimits {
  /** The cluster size: at most 2·members justifications (default 64). */
  members?: number;
  /** Largest value data (default 1 MiB). */
  maxValueBytes?: number;
}

const bad = (reason: string): SvError<'QBFT_BAD_MESSAGE'> => new SvError('QBFT_BAD_MESSAGE', `malformed QBFT message: ${reason}`);

class Writer {
  private parts: Uint8Array[] = [];
  private size = 0;
  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.size += b.length;
  }
  uint(value: number | bigint, width: number): void {
    const b = new Uint8Array(width);
    let v = BigInt(value);
    for (let i = width - 1; i >= 0; i--, v >>= 8n) b[i] = Number(v & 0xffn);
    this.bytes(b);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) out.set(p, (at += p.length) - p.length);
    return out;
  }
}

function checkUint(value: unknown, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw bad(`${what} out of range`);
  return value;
}

function writeMessage(w: Writer, m: QbftMessage, maxValueBytes: number): void {
  const type = MESSAGE_TYPES.indexOf(m.type);
  const duty = DUTY_KINDS.indexOf(m.instance.duty);
  if (type < 0 || duty < 0) throw bad('unknown type or duty');
  if (!(m.instance.cluster instanceof Uint8Array) || m.instance.cluster.length !== 32) throw bad('the cluster hash is 32 bytes');
  if (typeof m.instance.slot !== 'bigint' || m.instance.slot < 0n || m.instance.slot > MAX_SLOT) throw bad('slot out of range');
  w.uint(type, 1);
  w.bytes(m.instance.cluster);
  w.uint(m.instance.slot, 8);
  w.uint(duty, 1);
  w.uint(checkUint(m.round, 0xffffffff, 'round'), 4);
  w.uint(checkUint(m.sender, 0xffff, 'sender'), 2);
  w.uint((m.value ? 1 : 0) | (m.preparedRound !== undefined ? 2 : 0), 1);
  if (m.value) {
    if (m.value.hash.length !== 32) throw bad('a value hash is 32 bytes');
    if (m.value.data.length > maxValueBytes) throw bad('value data too large');
    w.bytes(m.value.hash);
    w.uint(m.value.data.length, 4);
    w.bytes(m.value.data);
  }
  if (m.preparedRound !== undefined) w.uint(checkUint(m.preparedRound, 0xffffffff, 'prepared round'), 4);
}

function writeSignature(w: Writer, sig: Uint8Array): void {
  if (!(sig instanceof Uint8Array) || sig.length > MAX_SIGNATURE_BYTES) throw bad('signature too long');
  w.uint(sig.length, 2);
  w.bytes(sig);
}

/** The bytes of a signed message (throws `QBFT_BAD_MESSAGE` for one that cannot be encoded). */
export function encodeQbftMessage(signed: SignedQbftMessage, limits: CodecLimits = {}): Uint8Array {
  const max = limits.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  const w = new Writer();
  w.uint(QBFT_CODEC_VERSION, 1);
  writeMessage(w, signed.message, max);
  writeSignature(w, signed.signature);
  const js = signed.message.justification;
  if (js.length > 2 * (limits.members ?? MAX_MEMBERS)) throw bad('too many justifications');
  w.uint(js.length, 2);
  for (const j of js) {
    if (j.message.justification.length !== 0) throw bad('justifications are one level deep');
    writeMessage(w, j.message, max);
    writeSignature(w, j.signature);
  }
  return w.done();
}

class Reader {
  at = 0;
  constructor(private readonly b: Uint8Array) {}
  take(n: number): Uint8Array {
    if (n > this.b.length - this.at) throw bad('truncated');
    const out = this.b.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  uint(width: number): number {
    return Number(this.big(width));
  }
  big(width: number): bigint {
    let v = 0n;
    for (const x of this.take(width)) v = (v << 8n) | BigInt(x);
    return v;
  }
  end(): void {
    if (this.at !== this.b.length) throw bad('trailing bytes');
  }
}

function readMessage(r: Reader, maxValueBytes: number): Omit<QbftMessage, 'justification'> {
  const type = MESSAGE_TYPES[r.uint(1)];
  const cluster = r.take(32);
  const slot = r.big(8);
  const duty = DUTY_KINDS[r.uint(1)];
  const round = r.uint(4);
  const sender = r.uint(2);
  const flags = r.uint(1);
  if (!type || !duty) throw bad('unknown type or duty');
  if (flags > 3) throw bad('unknown flags');
  const m: Omit<QbftMessage, 'justification'> = { type, instance: { cluster, slot, duty }, round, sender };
  if (flags & 1) {
    const hash = r.take(32);
    const length = r.uint(4);
    if (length > maxValueBytes) throw bad('value data too large');
    m.value = { hash, data: r.take(length) };
  }
  if (flags & 2) m.preparedRound = r.uint(4);
  return m;
}

function readSignature(r: Reader): Uint8Array {
  const length = r.uint(2);
  if (length > MAX_SIGNATURE_BYTES) throw bad('signature too long');
  return r.take(length);
}

/** The signed message in `bytes`; throws `QBFT_BAD_MESSAGE` for anything but a canonical encoding within bounds. */
export function decodeQbftMessage(bytes: Uint8Array, limits: CodecLimits = {}): SignedQbftMessage {
  if (!(bytes instanceof Uint8Array)) throw bad('not bytes');
  const max = limits.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  const r = new Reader(bytes);
  const version = r.uint(1);
  if (version !== QBFT_CODEC_VERSION) throw bad(`unknown version ${version}`);
  const head = readMessage(r, max);
  const signature = readSignature(r);
  const count = r.uint(2);
  if (count > 2 * (limits.members ?? MAX_MEMBERS)) throw bad('too many justifications');
  const justification: SignedQbftMessage[] = [];
  for (let i = 0; i < count; i++) {
    const m = readMessage(r, max);
    justification.push({ message: { ...m, justification: [] }, signature: readSignature(r) });
  }
  r.end();
  return { message: { ...head, justification }, signature };
}
