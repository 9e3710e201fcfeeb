/**
 * The board protocol's frame codec: 4-byte big-endian length + UTF-8 JSON object. The decoder reassembles frames
 * from arbitrary chunks, returns many frames from one chunk, refuses an oversize length from the header alone
 * (before buffering the body), and refuses invalid UTF-8, invalid JSON and JSON that is not an object.
 */
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type Frame } from '../../../src/adapters/libp2p/frameChannel.js';
import { MAX_FRAME_BYTES } from '../../../src/core/wire/frames.js';

/** A frame with an arbitrary body (not necessarily JSON). */
const rawFrame = (body: Uint8Array | string): Uint8Array => {
  const b = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length);
  out.set(b, 4);
  return out;
};
const header = (length: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, length);
  return out;
};
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const FRAMES: Frame[] = [
  { op: 'pub', id: 1, s: 'session', d: 'hello' },
  { op: 'msg', s: 'x', c: 7, d: 'ünïcödé 😀 "quotes" \\ \n' },
  {},
  { op: 'msgs', id: 2, s: 's', items: [[1, 'a'], [2, 'b']], more: false, head: 2 },
];

describe('encodeFrame', () => {
  it('writes the UTF-8 byte length big-endian, then the JSON', () => {
    const bytes = encodeFrame({ d: 'é' });
    const body = '{"d":"é"}';
    expect(new DataView(bytes.buffer).getUint32(0)).toBe(new TextEncoder().encode(body).length);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 0, 10]);
    expect(new TextDecoder().decode(bytes.subarray(4))).toBe(body);
  });
});

describe('FrameDecoder', () => {
  it('decodes one frame pushed whole', () => {
    const d = new FrameDecoder(1024);
    expect(d.push(encodeFrame(FRAMES[0]!))).toEqual([FRAMES[0]]);
    expect(d.push(new Uint8Array(0))).toEqual([]);
  });

  it('decodes many frames from one chunk, in order', () => {
    const d = new FrameDecoder(1024);
    expect(d.push(concat(...FRAMES.map(encodeFrame)))).toEqual(FRAMES);
  });

  it('reassembles frames pushed one byte at a time (the length header split too)', () => {
    const d = new FrameDecoder(1024);
    const all = concat(...FRAMES.map(encodeFrame));
    const out: Frame[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const got = d.push(all.subarray(i, i + 1));
      if (got.length) sizes.push(i);
      out.push(...got);
    }
    expect(out).toEqual(FRAMES);
    // Each frame comes out exactly when its last byte arrives.
    let end = 0;
    expect(sizes).toEqual(FRAMES.map((f) => (end += encodeFrame(f).length) - 1));
  });

  it('reassembles across every split point of a stream of frames', () => {
    const all = concat(...FRAMES.map(encodeFrame));
    for (let cut = 0; cut <= all.length; cut++) {
      for (const second of [cut, Math.min(all.length, cut + 3)]) {
        const d = new FrameDecoder(1024);
        const out = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut, second)), ...d.push(all.subarray(second))];
        expect(out).toEqual(FRAMES);
      }
    }
  });

  it('a chunk ending in a partial frame returns the complete ones and keeps the rest', () => {
    const d = new FrameDecoder(1024);
    const a = encodeFrame(FRAMES[0]!);
    const b = encodeFrame(FRAMES[1]!);
    expect(d.push(concat(a, b.subarray(0, 10)))).toEqual([FRAMES[0]]);
    expect(d.push(b.subarray(10, b.length - 1))).toEqual([]);
    expect(d.push(concat(b.subarray(b.length - 1), a))).toEqual([FRAMES[1], FRAMES[0]]);
  });

  it('accepts a frame of exactly the maximum size', () => {
    const body = JSON.stringify({ d: 'x'.repeat(100 - 8) });
    expect(body.length).toBe(100);
    const d = new FrameDecoder(100);
    expect(d.push(rawFrame(body))).toEqual([{ d: 'x'.repeat(92) }]);
  });

  it('refuses a length over the maximum from the 4-byte header alone, before any body arrives', () => {
    const d = new FrameDecoder(100);
    expect(() => d.push(header(101))).toThrow(/frame of 101 bytes is over the limit of 100/);
    // The same when the header arrives in pieces.
    const e = new FrameDecoder(100);
    const h = header(0xffffffff);
    expect(e.push(h.subarray(0, 3))).toEqual([]);
    expect(() => e.push(h.subarray(3))).toThrow(/over the limit/);
  });

  it('refuses an oversize length that follows valid frames in the same chunk', () => {
    const d = new FrameDecoder(MAX_FRAME_BYTES);
    expect(() => d.push(concat(encodeFrame(FRAMES[0]!), header(MAX_FRAME_BYTES + 1)))).toThrow(/over the limit/);
  });

  it('junk that is not a frame (an HTTP request) reads as an oversize length', () => {
    const d = new FrameDecoder(MAX_FRAME_BYTES);
    expect(() => d.push(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: relay\r\n\r\n'))).toThrow(/over the limit/);
  });

  it.each([
    ['invalid UTF-8', rawFrame(Uint8Array.of(0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d)), /not UTF-8 JSON/],
    ['a lone surrogate in UTF-8 (CESU)', rawFrame(Uint8Array.of(0x22, 0xed, 0xa0, 0x80, 0x22)), /not UTF-8 JSON/],
    ['an overlong UTF-8 encoding', rawFrame(Uint8Array.of(0x22, 0xc0, 0xaf, 0x22)), /not UTF-8 JSON/],
    ['invalid JSON', rawFrame('{"op":"pub",'), /not UTF-8 JSON/],
    ['an empty body', rawFrame(''), /not UTF-8 JSON/],
    ['two JSON values in one frame', rawFrame('{}{}'), /not UTF-8 JSON/],
    ['a JSON array', rawFrame('[{"op":"pub"}]'), /not a JSON object/],
    ['JSON null', rawFrame('null'), /not a JSON object/],
    ['a JSON number', rawFrame('42'), /not a JSON object/],
    ['a JSON string', rawFrame('"op"'), /not a JSON object/],
    ['JSON true', rawFrame('true'), /not a JSON object/],
  ])('refuses %s', (_, bytes, message) => {
    const d = new FrameDecoder(1024);
    expect(() => d.push(bytes)).toThrow(message);
    // Also when it arrives after a good frame, split in two.
    const e = new FrameDecoder(1024);
    const all = concat(encodeFrame({ ok: 1 }), bytes);
    expect(e.push(all.subarray(0, 7))).toEqual([]);
    expect(() => e.push(all.subarray(7))).toThrow(message);
  });
});
