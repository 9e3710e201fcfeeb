/**
 * A real relay process under attack (junk, oversize frames, invalid JSON, unknown ops, invalid fields, refused
 * publications, a frame flood, full sessions, too many sessions, a per-IP publication rate) while honest
 * participants (createLibp2pBoard) use the same relay. Every attack gets an `err` frame or a closed stream, the
 * relay stays up with bounded memory, the honest round trip keeps working, and the relay logs warnings (JSON
 * lines, no stack traces) for what it refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { createLibp2p } from 'libp2p';
import { noise } from '@libp2p/noise';
import { yamux } from '@libp2p/yamux';
import type { Libp2p, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2pBoard, type Libp2pBoard } from '../../src/adapters/libp2p/libp2pBoard.js';
import { nodeTransports } from '../../src/adapters/libp2p/nodeTransports.js';
import { BOARD_PROTOCOL, MAX_FRAME_BYTES } from '../../src/core/wire/frames.js';
import { encodeFrame, FrameDecoder, type Frame } from '../../src/adapters/libp2p/frameChannel.js';
import type { BoardMessage } from '../../src/ports/board.js';
import { isBoardError } from '../../src/ports/boardError.js';
import { canonicalJson } from '../../src/core/wire/canonicalJson.js';
import { toHex0x } from '../../src/core/wire/fields.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { within } from '../helpers.js';

const MAX_BAD_FRAMES = 4;
const MAX_QUEUED_FRAMES = 300;

/** A relay accepting sv-dkg envelopes only (the default), with small per-connection limits. */
let relay: RelayProcess;
/** A relay accepting any text, with small store limits and a small per-IP publication rate. */
let small: RelayProcess;
let alice: Libp2pBoard;
let bob: Libp2pBoard;

const SESSION = randomBytes(32).toString('hex');
let serial = 0;
/** A well-formed sv-dkg/1 envelope of round 1 (the relay does not check signatures). */
const envelope = (label: string) =>
  canonicalJson({ v: 1, sid: toHex0x(Uint8Array.from(Buffer.from(SESSION, 'hex'))), round: 1, sender: 1 + (serial++ % 4), body: { label }, sig: toHex0x(Uint8Array.from(randomBytes(64))) });

beforeAll(async () => {
  [relay, small] = await Promise.all([
    startRelayProcess({ limits: { maxBadFrames: MAX_BAD_FRAMES, framesPerSecond: 100, frameBurst: 200, maxQueuedFrames: MAX_QUEUED_FRAMES } }),
    startRelayProcess({ accept: 'any', limits: { maxSessions: 2, maxSessionMessages: 3, maxMessageBytes: 2000, publishesPerSecondPerIp: 2, publishBurstPerIp: 30 } }),
  ]);
  const honest = () => createLibp2pBoard({ relays: [relay.tcp], transports: nodeTransports() });
  [alice, bob] = await Promise.all([honest(), honest()]);
  await Promise.all([alice.ready(), bob.ready()]);
});

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await Promise.all([relay?.stop(), small?.stop()]);
});

/** Alice publishes, Bob (subscribed) receives it live, and both see it in history: the honest path works. */
async function roundTrip(label: string, timeout = 10_000): Promise<void> {
  const text = envelope(label);
  const received: BoardMessage[] = [];
  const unsubscribe = bob.subscribe(SESSION, (m) => received.push(m));
  try {
    await alice.publish(SESSION, text);
    await vi.waitFor(() => expect(received.map((m) => m.data)).toContain(text), { timeout, interval: 20 });
    expect((await alice.history(SESSION)).map((m) => m.data)).toContain(text);
  } finally {
    unsubscribe();
  }
}

async function health(r: RelayProcess): Promise<Record<string, unknown>> {
  const res = await fetch(`${r.httpUrl}/health`, { signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function metrics(r: RelayProcess): Promise<Map<string, number>> {
  const res = await fetch(`${r.httpUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  const out = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const stillUp = async (r: RelayProcess) => {
  expect(r.child.exitCode).toBeNull();
  expect(r.child.signalCode).toBeNull();
  expect((await health(r)).ok).toBe(true);
};

/** A raw board stream from an attacker's own libp2p node: writes whatever it likes, records what comes back. */
interface RawStream {
  stream: Stream;
  frames: Frame[];
  readonly closed: boolean;
  /** Resolves when the stream has closed (rejects after `timeout`). */
  whenClosed(timeout?: number): Promise<void>;
  write(bytes: Uint8Array): boolean;
  /** Write a frame and wait for the reply with its id. */
  request(frame: Frame & { id: number }, timeout?: number): Promise<Frame>;
}

/** `smallWindow`: never let the relay send more than 256 KiB ahead on a stream (yamux's minimum window). */
async function attackerNode(smallWindow = false): Promise<Libp2p> {
  const muxer = smallWindow ? yamux({ streamOptions: { maxStreamWindowSize: 256 * 1024 } }) : yamux();
  return createLibp2p({ addresses: { listen: [] }, transports: nodeTransports(), connectionEncrypters: [noise()], streamMuxers: [muxer] });
}

async function openRaw(node: Libp2p, address: string): Promise<RawStream> {
  const stream = await node.dialProtocol(multiaddr(address), BOARD_PROTOCOL);
  const decoder = new FrameDecoder(MAX_FRAME_BYTES);
  const frames: Frame[] = [];
  let closed = false;
  const closedPromise = new Promise<void>((resolve) =>
    stream.addEventListener('close', () => {
      closed = true;
      resolve();
    }),
  );
  stream.addEventListener('message', (evt) => {
    frames.push(...decoder.push(evt.data instanceof Uint8Array ? evt.data : evt.data.subarray()));
  });
  const raw: RawStream = {
    stream,
    frames,
    get closed() {
      return closed;
    },
    whenClosed: (timeout = 10_000) => within(closedPromise, timeout, 'the relay closing the stream'),
    write: (bytes) => stream.send(bytes),
    async request(frame, timeout = 10_000) {
      stream.send(encodeFrame(frame));
      let reply: Frame | undefined;
      await vi.waitFor(
        () => {
          reply = frames.find((f) => f.id === frame.id && f.op !== 'welcome');
          if (!reply) throw new Error(`no reply to ${JSON.stringify(frame).slice(0, 100)}`);
        },
        { timeout, interval: 10 },
      );
      return reply!;
    },
  };
  // The relay greets every stream first.
  await vi.waitFor(() => expect(frames[0]?.op).toBe('welcome'), { timeout: 10_000, interval: 10 });
  return raw;
}

/** Run `fn` with a fresh attacker node, stopped afterwards. */
async function asAttacker<T>(fn: (node: Libp2p) => Promise<T>, smallWindow = false): Promise<T> {
  const node = await attackerNode(smallWindow);
  try {
    return await fn(node);
  } finally {
    await node.stop();
  }
}

const header = (length: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, length);
  return out;
};
const rawFrame = (body: string) => {
  const b = new TextEncoder().encode(body);
  const out = new Uint8Array(4 + b.length);
  out.set(header(b.length));
  out.set(b, 4);
  return out;
};

describe('a relay under attack', () => {
  it('honest participants work before any attack', async () => {
    await roundTrip('before');
  });

  it('junk on a raw TCP connection (no libp2p at all): the relay drops the socket', async () => {
    const port = Number(multiaddr(relay.tcp).getComponents().find((c) => c.name === 'tcp')!.value);
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nHost: relay\r\n\r\n');
    socket.write(randomBytes(4096));
    await within(closed, 15_000, 'the relay closing the junk socket');
    await stillUp(relay);
  });

  it('junk bytes on a board stream (not frames): the stream is closed', async () => {
    await asAttacker(async (node) => {
      const raw = await openRaw(node, relay.tcp);
      raw.write(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: relay\r\n\r\n'));
      await raw.whenClosed();
      expect(raw.frames.map((f) => f.op)).toEqual(['welcome']);

      const random = await openRaw(node, relay.tcp);
      random.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff, ...randomBytes(1000)));
      await random.whenClosed();
    });
    await stillUp(relay);
  });

  it('an oversize frame length is refused from the header alone: the stream is closed without waiting for the body', async () => {
    await asAttacker(async (node) => {
      const raw = await openRaw(node, relay.tcp);
      raw.write(header(MAX_FRAME_BYTES + 1));
      await raw.whenClosed(5000);
      expect(raw.frames.map((f) => f.op)).toEqual(['welcome']);
    });
    await stillUp(relay);
  });

  it('invalid JSON, invalid UTF-8 and non-object frames close the stream', async () => {
    await asAttacker(async (node) => {
      for (const body of ['{"op":"pub",', '[1,2,3]', 'null', '"pub"']) {
        const raw = await openRaw(node, relay.tcp);
        raw.write(rawFrame(body));
        await raw.whenClosed();
      }
      const raw = await openRaw(node, relay.tcp);
      raw.write(Uint8Array.of(0, 0, 0, 4, 0x22, 0xff, 0xfe, 0x22));
      await raw.whenClosed();
    });
    await stillUp(relay);
  });

  it(`unknown ops and invalid fields get BOARD_BAD_INPUT errors; the ${MAX_BAD_FRAMES}th closes the stream`, async () => {
    await asAttacker(async (node) => {
      const raw = await openRaw(node, relay.tcp);
      const bad: Frame[] = [
        { op: 'nope', id: 101 },
        { op: 'pub', id: 102, s: SESSION }, // no data
        { op: 'sub', id: 103, s: '' }, // empty session
      ];
      for (const frame of bad) {
        const reply = await raw.request(frame as Frame & { id: number });
        expect(reply).toMatchObject({ op: 'err', id: frame.id, code: 'BOARD_BAD_INPUT' });
        expect(typeof reply.message).toBe('string');
      }
      // Still open and served: a valid request works between bad ones.
      expect(await raw.request({ op: 'hist', id: 104, s: SESSION, since: 0 })).toMatchObject({ op: 'msgs', id: 104, s: SESSION });
      expect(raw.closed).toBe(false);
      // A frame without a usable id is answered too (without an id).
      raw.write(encodeFrame({ op: 'pub', id: -1, s: SESSION, d: 'x' }));
      await raw.whenClosed();
      const errors = raw.frames.filter((f) => f.op === 'err');
      expect(errors.length).toBeGreaterThanOrEqual(3);
      expect(errors.every((f) => f.code === 'BOARD_BAD_INPUT')).toBe(true);

      // Another stream on the same connection is a fresh start.
      const again = await openRaw(node, relay.tcp);
      expect(await again.request({ op: 'bogus', id: 1 })).toMatchObject({ op: 'err', id: 1, code: 'BOARD_BAD_INPUT' });
      expect(await again.request({ op: 'hist', id: 2, s: SESSION, since: 0 })).toMatchObject({ op: 'msgs' });
    });
    await stillUp(relay);
    await roundTrip('after bad frames');
  });

  it('publications that are not sv-dkg envelopes are refused with BOARD_REJECTED; the stream stays usable', async () => {
    await asAttacker(async (node) => {
      const raw = await openRaw(node, relay.tcp);
      const attempts: [string, string][] = [
        [SESSION, 'hello relay'],
        [SESSION, '{"v":1}'],
        [SESSION, JSON.stringify(JSON.parse(envelope('pretty')), null, 2)], // not canonical
        ['not-a-config-hash', envelope('bad session')],
        // An approval (round 0) for another ceremony than its session.
        [SESSION, canonicalJson({ v: 1, sid: toHex0x(Uint8Array.from(randomBytes(32))), round: 0, sender: 1, body: {}, sig: toHex0x(Uint8Array.from(randomBytes(64))) })],
      ];
      let id = 200;
      for (const [s, d] of attempts) {
        const reply = await raw.request({ op: 'pub', id: ++id, s, d });
        expect(reply).toMatchObject({ op: 'err', id, code: 'BOARD_REJECTED' });
      }
      // More refusals than maxBadFrames, yet the stream is open: a refused publication is not a bad frame.
      expect(attempts.length).toBeGreaterThan(MAX_BAD_FRAMES);
      expect(raw.closed).toBe(false);
      const valid = envelope('raw but valid');
      const ok = await raw.request({ op: 'pub', id: ++id, s: SESSION, d: valid });
      expect(ok).toMatchObject({ op: 'ok', id });
      expect(await raw.request({ op: 'pub', id: ++id, s: SESSION, d: valid })).toMatchObject({ op: 'ok', id, c: ok.c, dup: true });
    });
    // The honest adapter sees the same refusal as a permanent BoardError.
    await expect(alice.publish(SESSION, 'not an envelope')).rejects.toSatisfy((e) => isBoardError(e, 'BOARD_REJECTED'));
    await stillUp(relay);
    await roundTrip('after refused publications');
  });

  it('a flood of thousands of frames: the flooder is cut off or throttled, memory stays bounded, honest clients keep working', async () => {
    await roundTrip('warm-up');
    const before = await metrics(relay);
    const rssBefore = before.get('sv_relay_resident_bytes')!;
    expect(rssBefore).toBeGreaterThan(0);

    await asAttacker(async (node) => {
      // Small frames as fast as possible, ignoring back-pressure: thousands arrive in one read.
      const tiny = await openRaw(node, relay.tcp);
      let sent = 0;
      try {
        for (; sent < 5000; sent++) tiny.write(encodeFrame({ op: 'pub', id: sent + 1, s: SESSION, d: `flood ${sent}` }));
      } catch {
        // the relay closed the stream mid-flood
      }
      // Large frames: 64 MiB offered on two more streams (each 16 KiB, policy-refused).
      const big = await Promise.all([openRaw(node, relay.tcp), openRaw(node, relay.tcp)]);
      const payload = 'x'.repeat(16 * 1024);
      const flood = (raw: RawStream) =>
        (async () => {
          try {
            for (let i = 0; i < 2048 && !raw.closed; i++) if (!raw.write(encodeFrame({ op: 'pub', id: i + 1, s: SESSION, d: payload }))) await raw.stream.onDrain();
          } catch {
            // closed by the relay
          }
        })();
      const flooding = big.map(flood);

      // While the flood is on: the honest round trip still works, the relay still answers.
      await roundTrip('during the flood', 20_000);
      await stillUp(relay);

      // The tiny flooder was cut off as a flood, or is being read slowly (far fewer replies than frames).
      await vi.waitFor(async () => {
        const m = await metrics(relay);
        const floods = (m.get('sv_relay_floods_total') ?? 0) - (before.get('sv_relay_floods_total') ?? 0);
        const throttled = (m.get('sv_relay_throttled_total') ?? 0) - (before.get('sv_relay_throttled_total') ?? 0);
        expect(floods + throttled).toBeGreaterThan(0);
      }, { timeout: 10_000, interval: 100 });
      expect(tiny.closed || tiny.frames.length < sent / 2).toBe(true);
      // The big flooders are held back: the relay cannot have answered more than its frame rate allows.
      for (const raw of big) expect(raw.frames.length).toBeLessThan(2048);

      const during = await metrics(relay);
      const growth = during.get('sv_relay_resident_bytes')! - rssBefore;
      expect(growth).toBeLessThan(200 * 1024 * 1024);
      // The attacker gives up: its big streams are reset, which ends both flood loops.
      for (const raw of big) raw.stream.abort(new Error('the attacker gives up'));
      await within(Promise.all(flooding), 10_000, 'the big flooders ending once their streams are reset');
    });

    // The attacker is gone: the relay recovers, honest clients carry on.
    await roundTrip('after the flood');
    const after = await metrics(relay);
    expect(after.get('sv_relay_resident_bytes')! - rssBefore).toBeLessThan(200 * 1024 * 1024);
    // Nothing of the flood was stored: it was all refused or never read.
    expect(after.get('sv_relay_sessions')).toBe(1);
    await stillUp(relay);
  });

  it('a stream half-closed with frames still queued and replies blocked (a reader that never reads) does not bring the relay down', async () => {
    const other = randomBytes(32).toString('hex');
    const big = (k: number) => canonicalJson({ v: 1, sid: toHex0x(Uint8Array.from(randomBytes(32))), round: 1, sender: 1, body: `${k}`.repeat(200_000), sig: toHex0x(Uint8Array.from(randomBytes(64))) });
    const throttledBefore = (await metrics(relay)).get('sv_relay_throttled_total') ?? 0;
    await asAttacker(async (node) => {
      // A subscriber that stops reading: pushes pile up on the relay's side of its stream.
      const reader = await openRaw(node, relay.tcp);
      expect(await reader.request({ op: 'sub', id: 1, s: other })).toMatchObject({ op: 'subbed' });
      reader.stream.pause();
      const publisher = await openRaw(node, relay.tcp);
      for (let k = 0; k < 3; k++) expect(await publisher.request({ op: 'pub', id: k + 1, s: other, d: big(k) })).toMatchObject({ op: 'ok' });
      // More frames than the burst (the relay pauses reading and works through them slowly), then end of writing.
      // Last, a publication: once it is in the store, the relay has worked through the whole queue.
      const marker = canonicalJson({ v: 1, sid: toHex0x(Uint8Array.from(randomBytes(32))), round: 1, sender: 2, body: 'queue worked through', sig: toHex0x(Uint8Array.from(randomBytes(64))) });
      const frames = [...Array.from({ length: 250 }, () => encodeFrame({ op: 'unsub', s: other })), encodeFrame({ op: 'pub', id: 99, s: other, d: marker })];
      const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
      frames.reduce((at, f) => (all.set(f, at), at + f.length), 0);
      reader.write(all);
      void reader.stream.close().catch(() => undefined);
      // Until the relay has worked through the queue (past its burst, at its frame rate) and resumed reading.
      await vi.waitFor(async () => expect((await metrics(relay)).get('sv_relay_throttled_total')).toBeGreaterThan(throttledBefore), { timeout: 5000, interval: 50 });
      await vi.waitFor(async () => expect((await alice.history(other)).map((m) => m.data), 'the relay working through the queue to its last frame').toContain(marker), { timeout: 15_000, interval: 50 });
      await stillUp(relay);
    }, true);
    await stillUp(relay);
    await roundTrip('after a half-closed stream');
  });

  it('the relay logged warnings for the bad input, as JSON lines, with no crash and no stack trace', () => {
    const lines = relay
      .logs()
      .split('\n')
      .filter((l) => l.trim() !== '');
    const entries = lines.map((l) => JSON.parse(l) as { level: string; event: string; reason?: string; error?: string });
    const warned = (event: string) => entries.filter((e) => e.level === 'warn' && e.event === event);
    expect(warned('bad-frame').length).toBeGreaterThanOrEqual(3);
    expect(warned('bad-frame').some((e) => e.error === 'unknown op')).toBe(true);
    expect(warned('publication-refused').length).toBeGreaterThanOrEqual(5);
    expect(warned('link-closed').some((e) => e.reason === 'too many invalid frames')).toBe(true);
    expect(entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(lines.filter((l) => /\n\s+at |\s{4}at .+:\d+:\d+/.test(l))).toEqual([]);
  });
});

describe('store limits reach the client as BoardError codes', () => {
  let board: Libp2pBoard;
  beforeAll(async () => {
    board = await createLibp2pBoard({ relays: [small.tcp], transports: nodeTransports(), rateLimitRetryMs: 200 });
    await board.ready();
  });
  afterAll(() => board?.close());

  it('a full session refuses with BOARD_SESSION_FULL, a new session past the limit with BOARD_TOO_MANY_SESSIONS', async () => {
    for (const m of ['one', 'two', 'three']) await board.publish('s1', m);
    await expect(board.publish('s1', 'four')).rejects.toSatisfy((e) => isBoardError(e, 'BOARD_SESSION_FULL'));
    // Duplicates of what is there are still fine.
    await board.publish('s1', 'two');
    await board.publish('s2', 'one');
    await expect(board.publish('s3', 'one')).rejects.toSatisfy((e) => isBoardError(e, 'BOARD_TOO_MANY_SESSIONS'));
    expect((await board.history('s1')).map((m) => m.data)).toEqual(['one', 'two', 'three']);
    expect(await board.history('s3')).toEqual([]);
    await stillUp(small);
  });

  it('a message over maxMessageBytes: refused by the adapter (it learned the limit) and by the relay (raw)', async () => {
    await expect(board.publish('s2', 'x'.repeat(2001))).rejects.toSatisfy((e) => isBoardError(e, 'BOARD_MESSAGE_TOO_LARGE'));
    await asAttacker(async (node) => {
      const raw = await openRaw(node, small.tcp);
      expect(raw.frames[0]).toMatchObject({ op: 'welcome', maxMessageBytes: 2000 });
      expect(await raw.request({ op: 'pub', id: 1, s: 's2', d: 'x'.repeat(2001) })).toMatchObject({ op: 'err', id: 1, code: 'BOARD_MESSAGE_TOO_LARGE' });
      expect(await raw.request({ op: 'pub', id: 2, s: 's9', d: 'y' })).toMatchObject({ op: 'err', id: 2, code: 'BOARD_TOO_MANY_SESSIONS' });
      expect(await raw.request({ op: 'pub', id: 3, s: 's1', d: 'z' })).toMatchObject({ op: 'err', id: 3, code: 'BOARD_SESSION_FULL' });
    });
    await stillUp(small);
  });

  it('publications past the per-IP rate get BOARD_RATE_LIMITED; the adapter retries and gets through', async () => {
    await asAttacker(async (node) => {
      const raw = await openRaw(node, small.tcp);
      const replies: Frame[] = [];
      for (let id = 1; id <= 40; id++) replies.push(await raw.request({ op: 'pub', id, s: 's2', d: 'one' }));
      const codes = replies.map((r) => (r.op === 'ok' ? 'ok' : r.code));
      expect(codes).toContain('BOARD_RATE_LIMITED');
      expect(codes.filter((c) => c !== 'ok' && c !== 'BOARD_RATE_LIMITED')).toEqual([]);
      expect(raw.closed).toBe(false);
    });
    // The bucket is empty now (the adapter shares the IP): its publication is retried until a token is back.
    const started = Date.now();
    await board.publish('s2', 'two');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await board.history('s2')).map((m) => m.data)).toEqual(['one', 'two']);
    await stillUp(small);
    const warn = small
      .logs()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; event: string });
    expect(warn.some((e) => e.level === 'warn' && e.event === 'publication-refused')).toBe(true);
    expect(warn.filter((e) => e.level === 'error')).toEqual([]);
  });
});
