/**
 * One participant's connection to one relay: dial, open the board stream, send requests and match replies,
 * keep per-session cursors on that relay, and redial with backoff whenever the stream ends. The Libp2pBoard
 * owns one RelayLink per configured relay and merges what they deliver.
 */
import type { Libp2p } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { BoardError, type BoardErrorCode } from '../../ports/boardError.js';
import { BOARD_PROTOCOL, MAX_FRAME_BYTES, readRelayFrame, type RelayFrame } from '../../core/wire/frames.js';
import { openFrameChannel, type Frame, type FrameChannel } from './frameChannel.js';

/** What a link reports to its board. */
export interface RelayLinkEvents {
  /** A message from this relay, with its cursor there; `live` when pushed rather than fetched. */
  onMessage(session: string, cursor: number, data: string, live: boolean): void;
  /** The stream is open (after every (re)connect): resubscribe, republish. */
  onOpen(link: RelayLink): void;
  onStatus(link: RelayLink): void;
}

export interface RelayLinkOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
  dialTimeoutMs: number;
}

type Reply = Extract<RelayFrame, { id: number }> | Extract<RelayFrame, { op: 'err' }>;

/** Per-session cursor on one relay. */
interface SessionCursor {
  /** Every message of this relay with cursor <= fetched has been received. */
  fetched: number;
}

const PERMANENT: ReadonlySet<string> = new Set(['BOARD_REJECTED', 'BOARD_MESSAGE_TOO_LARGE', 'BOARD_SESSION_FULL', 'BOARD_TOO_MANY_SESSIONS', 'BOARD_BAD_INPUT']);

/** True when a relay's refusal will not change by retrying. */
export const isPermanentRefusal = (e: unknown): boolean => e instanceof BoardError && PERMANENT.has(e.code);

export class RelayLink {
  status: 'connecting' | 'open' | 'closed' = 'connecting';
  /** The relay's board id (changes only if the relay lost its storage). */
  boardId: string | undefined;
  maxMessageBytes: number | undefined;
  lastError: string | undefined;
  private channel: FrameChannel | undefined;
  private nextId = 1;
  /** Request ids of subscriptions: their `msgs` pages are catch-up, their `subbed` settles them. */
  private readonly subscriptionIds = new Set<number>();
  private readonly pending = new Map<number, { resolve: (f: Reply) => void; reject: (e: Error) => void }>();
  private readonly cursors = new Map<string, SessionCursor>();
  private stopped = false;
  private readonly opened: Set<() => void> = new Set();

  constructor(
    readonly address: string,
    private readonly node: Libp2p,
    private readonly events: RelayLinkEvents,
    private readonly options: RelayLinkOptions,
  ) {
    void this.run();
  }

  /** Resolves when the link is open (or rejects when it is stopped). */
  whenOpen(): Promise<void> {
    if (this.status === 'open') return Promise.resolve();
    if (this.stopped) return Promise.reject(new BoardError('BOARD_CLOSED', 'the board is closed'));
    return new Promise((resolve) => this.opened.add(resolve));
  }

  cursor(session: string): SessionCursor {
    let c = this.cursors.get(session);
    if (!c) this.cursors.set(session, (c = { fetched: 0 }));
    return c;
  }

  /** Send a request and wait for its reply; an `err` reply rejects with a BoardError of the relay's code. */
  async request(frame: Frame & { op: string }, subscription = false): Promise<Reply> {
    const channel = this.channel;
    if (this.status !== 'open' || !channel) throw new BoardError('BOARD_UNREACHABLE', `relay ${this.address} is not connected`);
    const id = this.nextId++;
    if (subscription) this.subscriptionIds.add(id);
    const reply = new Promise<Reply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    await channel.send({ ...frame, id }).catch(() => undefined);
    const f = await reply;
    if (f.op === 'err') throw new BoardError(knownCode(f.code), `relay refused: ${f.message}`);
    return f;
  }

  /** Fire and forget (unsub). */
  notify(frame: Frame): void {
    if (this.status === 'open') void this.channel?.send(frame).catch(() => undefined);
  }

  /** Fetch every message of `session` after what we already have, page by page. */
  async fetch(session: string): Promise<void> {
    for (;;) {
      const c = this.cursor(session);
      const f = await this.request({ op: 'hist', s: session, since: c.fetched });
      if (f.op !== 'msgs') throw new BoardError('BOARD_BAD_INPUT', 'relay answered a history request with something else');
      this.take(f.s, f.items, false);
      if (!f.more || f.items.length === 0) return;
    }
  }

  /**
   * Subscribe on this relay, catching up from our cursor there: what this endpoint has not yet received from
   * this relay arrives first (so nothing published around the moment of subscribing is missed), then live.
   */
  async subscribe(session: string): Promise<void> {
    await this.request({ op: 'sub', s: session, since: this.cursor(session).fetched }, true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.status = 'closed';
    this.failPending(new BoardError('BOARD_CLOSED', 'the board is closed'));
    for (const resolve of this.opened) resolve();
    this.opened.clear();
    // Every publication was acknowledged before its promise resolved: nothing is lost by not waiting for the
    // relay to acknowledge the close (a graceful close can wait forever on a connection already torn down).
    this.channel?.abort('the board is closed');
  }

  private take(session: string, items: [number, string][], live: boolean): void {
    const c = this.cursor(session);
    for (const [cursor, data] of items) {
      if (cursor === c.fetched + 1) c.fetched = cursor;
      this.events.onMessage(session, cursor, data, live);
    }
  }

  private onFrame(raw: Frame): void {
    let f: RelayFrame;
    try {
      f = readRelayFrame(raw);
    } catch (e) {
      this.channel?.abort(`invalid frame from relay: ${(e as Error).message}`);
      return;
    }
    switch (f.op) {
      case 'welcome':
        if (this.boardId !== undefined && this.boardId !== f.board) this.cursors.clear(); // the relay lost its board
        this.boardId = f.board;
        this.maxMessageBytes = f.maxMessageBytes;
        this.status = 'open';
        this.lastError = undefined;
        this.events.onStatus(this);
        for (const resolve of this.opened) resolve();
        this.opened.clear();
        this.events.onOpen(this);
        return;
      case 'msg':
        this.take(f.s, [[f.c, f.d]], true);
        return;
      case 'msgs':
        // Pages of a subscription's catch-up arrive before its `subbed`; a `hist` page answers its request.
        if (this.subscriptionIds.has(f.id)) this.take(f.s, f.items, true);
        else this.settle(f);
        return;
      case 'fmsg':
        return;
      default:
        this.settle(f);
    }
  }

  private settle(f: RelayFrame): void {
    if (!('id' in f) || f.id === undefined) {
      if (f.op === 'err') this.lastError = f.message;
      return;
    }
    this.subscriptionIds.delete(f.id);
    const p = this.pending.get(f.id);
    this.pending.delete(f.id);
    p?.resolve(f as Reply);
  }

  private failPending(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.subscriptionIds.clear();
  }

  private async run(): Promise<void> {
    let delay = this.options.initialBackoffMs;
    while (!this.stopped) {
      try {
        const stream = await this.node.dialProtocol(multiaddr(this.address), BOARD_PROTOCOL, { signal: AbortSignal.timeout(this.options.dialTimeoutMs) });
        if (this.stopped) {
          stream.abort(new Error('stopped'));
          return;
        }
        const closed = new Promise<Error | undefined>((resolve) => {
          this.channel = openFrameChannel(stream, MAX_FRAME_BYTES, { onFrame: (f) => this.onFrame(f), onClose: (e) => resolve(e) });
        });
        delay = this.options.initialBackoffMs;
        const error = await closed;
        if (this.stopped) return;
        this.lastError = error?.message ?? 'the relay closed the stream';
      } catch (e) {
        if (this.stopped) return;
        this.lastError = (e as Error).message;
      }
      this.status = 'connecting';
      this.channel = undefined;
      this.failPending(new BoardError('BOARD_UNREACHABLE', `lost relay ${this.address}: ${this.lastError}`));
      this.events.onStatus(this);
      // Full jitter: reconnecting participants do not stampede a restarted relay.
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
      delay = Math.min(delay * 2, this.options.maxBackoffMs);
    }
  }
}

function knownCode(code: string): BoardErrorCode {
  const codes: BoardErrorCode[] = ['BOARD_CLOSED', 'BOARD_MESSAGE_TOO_LARGE', 'BOARD_SESSION_FULL', 'BOARD_BAD_INPUT', 'BOARD_UNREACHABLE', 'BOARD_RATE_LIMITED', 'BOARD_REJECTED', 'BOARD_TOO_MANY_SESSIONS'];
  return (codes as string[]).includes(code) ? (code as BoardErrorCode) : 'BOARD_REJECTED';
}
