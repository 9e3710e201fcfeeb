/**
 * The board wire protocol `/sv/board/1.0.0` (docs/formats.md "Board protocol"): frames exchanged on one stream
 * between a participant and a relay, and between peered relays. Every frame is validated on arrival; a frame
 * that fails is answered with an `err` frame (or closes the stream when it cannot be answered). Pure: the
 * transport (length-prefixed frames on a libp2p stream) is the libp2p adapter's frameChannel.
 */
import { SvError } from '../errors.js';

/** A frame is any JSON object; the readers below validate its shape (decode = validate). */
export type Frame = Record<string, unknown>;

/** The board protocol's libp2p protocol id. */

export const BOARD_PROTOCOL = '/sv/board/1.0.0';
/** Largest frame either side accepts: one maximal message JSON-escaped, or a page of history. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** A history page carries at most this many bytes of message text, so pages stay well under the frame cap. */
export const PAGE_BYTES = 1024 * 1024;
export const MAX_SESSION_LENGTH = 128;
const SESSION_PATTERN = /^[\x20-\x7e]+$/;

/** What a participant sends to a relay. */
export type ClientFrame =
  | { op: 'pub'; id: number; s: string; d: string }
  | { op: 'sub'; id: number; s: string; since?: number }
  | { op: 'unsub'; s: string }
  | { op: 'hist'; id: number; s: string; since: number }
  | { op: 'feed'; id: number };

/** What a relay sends back. */
export type RelayFrame =
  | { op: 'welcome'; board: string; maxMessageBytes: number }
  | { op: 'ok'; id: number; c: number; dup?: boolean }
  | { op: 'msgs'; id: number; s: string; items: [number, string][]; more: boolean; head: number }
  | { op: 'subbed'; id: number; s: string; head: number }
  | { op: 'msg'; s: string; c: number; d: string }
  | { op: 'fmsg'; s: string; d: string; id?: number }
  | { op: 'err'; id?: number; code: string; message: string };

/** Thrown by the readers below (code WIRE_BAD_FRAME); the message is safe to send back to the peer. */
export class FrameError extends SvError<'WIRE_BAD_FRAME'> {
  constructor(message: string) {
    super('WIRE_BAD_FRAME', message);
    this.name = 'FrameError';
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function id(f: Frame): number {
  if (!isCount(f.id)) throw new FrameError('frame id must be a non-negative integer');
  return f.id;
}

/** A session name: 1..128 printable ASCII characters. */
export function readSession(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_SESSION_LENGTH || !SESSION_PATTERN.test(v)) {
    throw new FrameError(`session must be 1..${MAX_SESSION_LENGTH} printable ASCII characters`);
  }
  return v;
}

function count(v: unknown, name: string): number {
  if (!isCount(v)) throw new FrameError(`${name} must be a non-negative integer`);
  return v;
}

function text(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new FrameError(`${name} must be a string`);
  return v;
}

/** Validate a frame a relay received from a participant (or a peer relay). */
export function readClientFrame(f: Frame): ClientFrame {
  switch (f.op) {
    case 'pub':
      return { op: 'pub', id: id(f), s: readSession(f.s), d: text(f.d, 'd') };
    case 'sub':
      return f.since === undefined ? { op: 'sub', id: id(f), s: readSession(f.s) } : { op: 'sub', id: id(f), s: readSession(f.s), since: count(f.since, 'since') };
    case 'unsub':
      return { op: 'unsub', s: readSession(f.s) };
    case 'hist':
      return { op: 'hist', id: id(f), s: readSession(f.s), since: count(f.since, 'since') };
    case 'feed':
      return { op: 'feed', id: id(f) };
    default:
      throw new FrameError('unknown op');
  }
}

/** Validate a frame a participant (or a relay pulling a feed) received from a relay. */
export function readRelayFrame(f: Frame): RelayFrame {
  switch (f.op) {
    case 'welcome':
      return { op: 'welcome', board: text(f.board, 'board'), maxMessageBytes: count(f.maxMessageBytes, 'maxMessageBytes') };
    case 'ok':
      return { op: 'ok', id: id(f), c: count(f.c, 'c'), ...(f.dup === true ? { dup: true } : {}) };
    case 'msgs': {
      if (!Array.isArray(f.items)) throw new FrameError('items must be an array');
      const items = f.items.map((item): [number, string] => {
        if (!Array.isArray(item) || item.length !== 2) throw new FrameError('an item must be [cursor, text]');
        return [count(item[0], 'cursor'), text(item[1], 'text')];
      });
      return { op: 'msgs', id: id(f), s: readSession(f.s), items, more: f.more === true, head: count(f.head, 'head') };
    }
    case 'subbed':
      return { op: 'subbed', id: id(f), s: readSession(f.s), head: count(f.head, 'head') };
    case 'msg':
      return { op: 'msg', s: readSession(f.s), c: count(f.c, 'c'), d: text(f.d, 'd') };
    case 'fmsg':
      return { op: 'fmsg', s: readSession(f.s), d: text(f.d, 'd'), ...(f.id === undefined ? {} : { id: id(f) }) };
    case 'err':
      return { op: 'err', ...(f.id === undefined ? {} : { id: id(f) }), code: text(f.code, 'code').slice(0, 64), message: text(f.message, 'message').slice(0, 500) };
    default:
      throw new FrameError('unknown op');
  }
}

/** UTF-8 length of a string without allocating it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
