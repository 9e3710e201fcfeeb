/**
 * One board stream on the relay (a participant, or a peer relay exchanging a feed): its frames read at the frame
 * rate and dispatched to the BoardService, its subscriptions (each buffered while its catch-up is sent), and its
 * side of a feed. Nothing here throws into libp2p.
 */
import type { Connection, Stream } from '@libp2p/interface';
import { FrameError, MAX_FRAME_BYTES, PAGE_BYTES, readClientFrame, readRelayFrame, type ClientFrame, type Frame } from '../src/core/wire/frames.js';
import { openFrameChannel, type FrameChannel } from '../src/adapters/libp2p/index.js';
import type { Appended } from './boardStore.js';
import type { BoardService } from './boardService.js';
import { TokenBucket } from './rateLimit.js';

/** The remote IP of a connection, for limits and logs ('' when it has none, e.g. a relayed connection). */
export function remoteIp(connection: Connection): string {
  for (const c of connection.remoteAddr.getComponents()) if (c.name === 'ip4' || c.name === 'ip6') return c.value ?? '';
  return '';
}

/** A subscription of one link: live pushes wait (buffered) until its catch-up has been sent. */
interface Subscription {
  ready: boolean;
  buffered: Appended[];
}

/** One stream's state. */
export class BoardLink {
  readonly id: string;
  readonly ip: string;
  readonly subs = new Map<string, Subscription>();
  readonly senders = new Set<number>();
  feed = false;
  private readonly channel: FrameChannel;
  private readonly inbox: Frame[] = [];
  private pumping = false;
  private badFrames = 0;
  private nextId = 1;
  private readonly acks = new Map<number, () => void>();
  private readonly bucket: TokenBucket | undefined;

  constructor(
    private readonly service: BoardService,
    stream: Stream,
    readonly connection: Connection,
    /** A configured peer relay: exempt from the per-connection frame rate. */
    readonly trusted: boolean,
    /** Called once when the stream has closed. */
    readonly onClosed?: () => void,
  ) {
    this.id = `${connection.id}/${stream.id}`;
    this.ip = remoteIp(connection);
    const { limits } = service.config;
    this.bucket = trusted ? undefined : new TokenBucket(limits.framesPerSecond, limits.frameBurst);
    this.channel = openFrameChannel(stream, MAX_FRAME_BYTES, {
      onFrame: (frame) => this.enqueue(frame, stream),
      onClose: (error) => service.detach(this, error),
    });
  }

  get closed(): boolean {
    return this.channel.closed;
  }

  /** Send a frame; a peer that lets too much pile up is closed (it will reconnect and catch up). */
  send(frame: Frame): Promise<void> {
    if (this.channel.closed) return Promise.resolve();
    if (this.channel.pendingBytes > this.service.config.limits.maxPendingBytes) {
      this.close('reads too slowly');
      return Promise.resolve();
    }
    return this.channel.send(frame).catch(() => undefined);
  }

  close(reason: string): void {
    if (this.channel.closed) return;
    this.service.log('warn', 'link-closed', { link: this.id, ip: this.ip, reason });
    this.channel.abort(reason);
  }

  private enqueue(frame: Frame, stream: Stream): void {
    const { limits } = this.service.config;
    if (this.inbox.length >= limits.maxQueuedFrames) {
      this.service.metric.flood();
      this.close('flood: too many queued frames');
      return;
    }
    this.inbox.push(frame);
    if (this.inbox.length > 64 && stream.readStatus === 'readable') stream.pause();
    if (!this.pumping) void this.pump(stream);
  }

  /** Process frames one at a time, slowed to the frame rate (reading slower is the back-pressure). */
  private async pump(stream: Stream): Promise<void> {
    this.pumping = true;
    try {
      while (this.inbox.length && !this.channel.closed) {
        if (this.bucket && !this.bucket.take()) {
          this.service.metric.throttled();
          await new Promise((r) => setTimeout(r, Math.ceil(1000 / this.service.config.limits.framesPerSecond)));
          continue;
        }
        const frame = this.inbox.shift()!;
        // Not once the remote has finished writing: resuming a closed readable end throws.
        if (this.inbox.length <= 16 && stream.readStatus === 'paused') stream.resume();
        await this.handle(frame);
      }
    } catch (e) {
      // Never into the process (an unhandled rejection would end the relay): an unexpected failure closes this link.
      this.service.log('error', 'link-failed', { link: this.id, ip: this.ip, error: (e as Error).message });
      this.close('internal error');
    } finally {
      this.pumping = false;
    }
  }

  private async handle(raw: Frame): Promise<void> {
    const rid = typeof raw.id === 'number' ? raw.id : undefined;
    try {
      if (raw.op === 'fmsg') {
        const f = readRelayFrame(raw);
        if (f.op !== 'fmsg' || !this.feed) return;
        this.service.ingest(this, f.s, f.d);
        if (f.id !== undefined) await this.send({ op: 'ok', id: f.id, c: this.service.store.head(f.s) });
        return;
      }
      if (raw.op === 'ok' && rid !== undefined) {
        this.acks.get(rid)?.();
        return;
      }
      if (raw.op === 'welcome' || raw.op === 'ok' || raw.op === 'err') return; // the peer relay's replies to our feed request
      await this.dispatch(readClientFrame(raw));
    } catch (e) {
      if (!(e instanceof FrameError)) throw e;
      this.badFrames++;
      this.service.metric.rejected({ reason: 'bad-frame' });
      this.service.log('warn', 'bad-frame', { link: this.id, ip: this.ip, error: e.message });
      await this.send({ op: 'err', ...(rid === undefined ? {} : { id: rid }), code: 'BOARD_BAD_INPUT', message: e.message });
      if (this.badFrames >= this.service.config.limits.maxBadFrames) this.close('too many invalid frames');
    }
  }

  private async dispatch(f: ClientFrame): Promise<void> {
    const { service } = this;
    switch (f.op) {
      case 'pub': {
        const result = await service.publish(this, f.s, f.d);
        await this.send(result.ok ? { op: 'ok', id: f.id, c: result.cursor, ...(result.duplicate ? { dup: true } : {}) } : { op: 'err', id: f.id, code: result.code, message: result.message });
        return;
      }
      case 'sub': {
        const sub: Subscription = { ready: f.since === undefined, buffered: [] };
        this.subs.set(f.s, sub);
        service.subscribe(this, f.s);
        if (f.since !== undefined && !service.withheld(this, 'all')) await this.sendHistory(f.id, f.s, f.since, true);
        sub.ready = true;
        for (const a of sub.buffered.splice(0)) await this.push(a);
        await this.send({ op: 'subbed', id: f.id, s: f.s, head: service.store.head(f.s) });
        return;
      }
      case 'unsub':
        this.subs.delete(f.s);
        service.unsubscribe(this, f.s);
        return;
      case 'hist':
        if (service.withheld(this, 'all')) await this.send({ op: 'msgs', id: f.id, s: f.s, items: [], more: false, head: 0 });
        else await this.sendHistory(f.id, f.s, f.since, false);
        return;
      case 'feed':
        if (this.feed) return;
        if (!service.startFeed(this)) {
          await this.send({ op: 'err', id: f.id, code: 'BOARD_REJECTED', message: 'this relay serves no more feeds' });
          return;
        }
        await this.sendFeed();
        return;
    }
  }

  /** History after `since`: all pages when catching up a subscription, one page (with `more`) for `hist`. */
  private async sendHistory(id: number, session: string, since: number, allPages: boolean): Promise<void> {
    let from = since;
    for (;;) {
      const page = this.service.store.since(session, from, PAGE_BYTES);
      const items = this.service.config.split ? page.items.filter(([, data]) => !this.service.splitHidden(this, data)) : page.items;
      await this.send({ op: 'msgs', id, s: session, items, more: page.more, head: page.head });
      if (!allPages || !page.more || this.channel.closed) return;
      from = page.items[page.items.length - 1]![0];
    }
  }

  /** Everything we hold, then live appends (they arrive through `pushFeed`), as `fmsg` frames. */
  async sendFeed(): Promise<void> {
    this.feed = true;
    for (const { session, data } of this.service.store.all()) {
      if (this.channel.closed) return;
      await this.send({ op: 'fmsg', s: session, d: data });
    }
  }

  /** Deliver a live append to this subscriber (buffered while its catch-up is still being sent). */
  async push(a: Appended): Promise<void> {
    const sub = this.subs.get(a.session);
    if (!sub) return;
    if (!sub.ready) {
      sub.buffered.push(a);
      return;
    }
    if (this.service.withheld(this, 'push') || this.service.splitHidden(this, a.data)) return;
    this.service.metric.pushed();
    await this.send({ op: 'msg', s: a.session, c: a.cursor, d: a.data });
  }

  /** Forward a new message to this peer relay and wait (at most `timeoutMs`) until it has stored it. */
  forward(a: Appended, timeoutMs: number): Promise<void> {
    if (this.channel.closed) return Promise.resolve();
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.acks.delete(id);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.acks.set(id, done);
      void this.send({ op: 'fmsg', id, s: a.session, d: a.data }).then(() => {
        if (this.channel.closed) done();
      });
    });
  }

  /** Open a feed on an outbound stream to a peer relay: ask for theirs, send ours. */
  async requestFeed(): Promise<void> {
    this.service.startFeed(this);
    await this.send({ op: 'feed', id: 0 });
    await this.sendFeed();
  }
}

