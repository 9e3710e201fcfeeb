/**
 * The relay side of `/sv/board/1.0.0`: one BoardLink per stream (a participant, or a peer relay exchanging a
 * feed), publications checked against the accept policy and the abuse limits, pushes to subscribers and feeds.
 * Bad input gets an `err` frame and a log line; a connection that keeps sending it, floods, or reads too slowly
 * is closed. Nothing here throws into libp2p.
 */
import type { Connection, Stream } from '@libp2p/interface';
import { BOARD_PROTOCOL } from '../src/core/wire/frames.js';
import { isBoardError } from '../src/ports/boardError.js';
import { checkPublication } from './acceptPolicy.js';
import type { Appended, BoardStore } from './boardStore.js';
import { retentionOf, type RelayConfig, type SplitMode } from './config.js';
import { MAX_OPERATORS, openEnvelope } from '../src/core/dkg/index.js';
import { KeyedBuckets } from './rateLimit.js';
import { BoardLink, remoteIp } from './boardLink.js';
import type { Metrics } from '../src/node/metrics.js';

export { BOARD_PROTOCOL, remoteIp };

/** How long a publication waits for each peer relay to store it before it is acknowledged anyway. */
const FORWARD_TIMEOUT_MS = 2000;

type PublishResult = { ok: true; cursor: number; duplicate: boolean } | { ok: false; code: string; message: string };

/** All links of one relay, and the board they share. */
export class BoardService {
  private readonly links = new Set<BoardLink>();
  private readonly bySession = new Map<string, Set<BoardLink>>();
  private readonly feeds = new Set<BoardLink>();
  private readonly perIp: KeyedBuckets;
  readonly metric: {
    flood: () => void;
    throttled: () => void;
    pushed: () => void;
    rejected: (labels: { reason: string }) => void;
    accepted: () => void;
    duplicate: () => void;
  };

  constructor(
    readonly config: RelayConfig,
    readonly store: BoardStore,
    metrics: Metrics,
    private readonly trustedPeers: Set<string>,
  ) {
    const { limits } = config;
    this.perIp = new KeyedBuckets(limits.publishesPerSecondPerIp, limits.publishBurstPerIp);
    const accepted = metrics.counter('sv_relay_messages_accepted_total', 'Board messages stored');
    const duplicate = metrics.counter('sv_relay_messages_duplicate_total', 'Publications of a message already stored');
    const rejected = metrics.counter('sv_relay_messages_rejected_total', 'Publications and frames refused, by reason');
    const pushed = metrics.counter('sv_relay_pushes_total', 'Live messages pushed to subscribers');
    const throttled = metrics.counter('sv_relay_throttled_total', 'Times a connection was read slower for its frame rate');
    const flood = metrics.counter('sv_relay_floods_total', 'Connections closed for flooding');
    this.metric = { flood: () => flood(), throttled: () => throttled(), pushed: () => pushed(), rejected: (l) => rejected(l), accepted: () => accepted(), duplicate: () => duplicate() };
    metrics.gauge('sv_relay_board_links', 'Open board streams', () => this.links.size);
    metrics.gauge('sv_relay_feeds', 'Feeds exchanged with peer relays', () => this.feeds.size);
    metrics.gauge('sv_relay_sessions', 'Sessions held', () => store.sessionCount);
    metrics.gauge('sv_relay_stored_bytes', 'Bytes of message text held', () => store.bytes);
    metrics.gauge('sv_relay_stored_messages', 'Messages held', () => store.messageCount);
    store.onAppend((a) => {
      for (const link of this.bySession.get(a.session) ?? []) void link.push(a);
    });
  }

  log(...args: Parameters<RelayConfig['log']>): void {
    this.config.log(...args);
  }

  /** libp2p stream handler for BOARD_PROTOCOL. */
  handleStream(stream: Stream, connection: Connection): void {
    const link = new BoardLink(this, stream, connection, this.trustedPeers.has(connection.remotePeer.toString()));
    this.links.add(link);
    void link.send({ op: 'welcome', board: this.store.boardId, maxMessageBytes: this.store.limits.maxMessageBytes });
  }

  /** An outbound stream to a configured peer relay: exchange feeds. Resolves when the link closes. */
  async linkPeer(stream: Stream, connection: Connection): Promise<void> {
    let onClosed!: () => void;
    const closed = new Promise<void>((resolve) => (onClosed = resolve));
    const link = new BoardLink(this, stream, connection, true, onClosed);
    this.links.add(link);
    await link.requestFeed();
    await closed;
  }

  detach(link: BoardLink, error?: Error): void {
    this.links.delete(link);
    this.feeds.delete(link);
    for (const session of link.subs.keys()) this.unsubscribe(link, session);
    if (error) this.log('debug', 'link-error', { link: link.id, error: error.message });
    link.onClosed?.();
  }

  subscribe(link: BoardLink, session: string): void {
    let set = this.bySession.get(session);
    if (!set) this.bySession.set(session, (set = new Set()));
    set.add(link);
  }

  unsubscribe(link: BoardLink, session: string): void {
    const set = this.bySession.get(session);
    set?.delete(link);
    if (set?.size === 0) this.bySession.delete(session);
  }

  startFeed(link: BoardLink): boolean {
    if (!link.trusted && this.feeds.size >= 32) return false;
    this.feeds.add(link);
    link.feed = true;
    return true;
  }

  /** True when the test-only withholding mode starves this link. */
  withheld(link: BoardLink, what: 'push' | 'all'): boolean {
    const w = this.config.withhold;
    if (!w || !link.senders.has(w.sender)) return false;
    return what === 'all' ? w.mode === 'all' : true;
  }

  /** The first version of the split (round, sender) stored (test-only split mode). */
  private splitFirst: string | undefined;
  /** Test-only split mode: the envelope senders each remote peer has published as (a reconnect keeps its peer id). */
  private readonly peerSenders = new Map<string, Set<number>>();

  /** True when the test-only split mode hides this message from this link (see SplitMode). */
  splitHidden(link: BoardLink, data: string): boolean {
    const split = this.config.split;
    if (!split || this.splitFirst === undefined) return false;
    const version = splitVersion(split, data);
    if (version === undefined) return false;
    const isTo = link.senders.has(split.to) || (this.peerSenders.get(link.connection.remotePeer.toString())?.has(split.to) ?? false);
    return data === this.splitFirst ? isTo : !isTo;
  }

  /**
   * Send a new message to the peer relays. A participant's publication waits until they have it (so a
   * participant on another relay sees it as soon as the publisher's call returns); a forwarded one does not.
   */
  private forward(a: Appended, except: BoardLink): Promise<void> {
    return Promise.all([...this.feeds].filter((l) => l !== except).map((l) => l.forward(a, FORWARD_TIMEOUT_MS))).then(() => undefined);
  }

  /**
   * The checks every incoming message passes, whether a participant published it or a peer relay forwarded it:
   * the accept policy, the per-IP rate (participants only), the store's limits. Returns the verdict and, for a
   * new message, what was appended (to forward to the peer relays).
   */
  private accept(link: BoardLink, session: string, data: string, fromPeer: boolean): { result: PublishResult; appended?: Appended } {
    const refuse = (code: string, reason: string, metric: string) => {
      this.metric.rejected({ reason: metric });
      if (!fromPeer) this.log('warn', 'publication-refused', { link: link.id, ip: link.ip, session, reason });
      return { result: { ok: false as const, code, message: reason } };
    };
    const policy = checkPublication(this.config.accept, session, data);
    if (!policy.ok) return refuse('BOARD_REJECTED', policy.reason, 'policy');
    if (policy.accepted.sender !== undefined && !fromPeer) {
      link.senders.add(policy.accepted.sender);
      if (this.config.split) {
        const peer = link.connection.remotePeer.toString();
        this.peerSenders.set(peer, (this.peerSenders.get(peer) ?? new Set()).add(policy.accepted.sender));
      }
    }
    if (!fromPeer && !link.trusted && !this.perIp.take(link.ip)) {
      this.metric.rejected({ reason: 'rate' });
      return { result: { ok: false, code: 'BOARD_RATE_LIMITED', message: 'too many publications from this address; retry shortly' } };
    }
    // Test-only split mode: the first version must be known before the append pushes it to the subscribers.
    const splitFirst = this.config.split && this.splitFirst === undefined && splitVersion(this.config.split, data) !== undefined;
    if (splitFirst) this.splitFirst = data;
    try {
      const r = this.store.append(session, data, link.id);
      const result: PublishResult = { ok: true, cursor: r.cursor, duplicate: r.duplicate };
      if (r.duplicate) {
        this.metric.duplicate();
        return { result };
      }
      this.metric.accepted();
      return { result, appended: { session, cursor: r.cursor, data, origin: link.id } };
    } catch (e) {
      if (splitFirst) this.splitFirst = undefined;
      if (!isBoardError(e)) throw e;
      return refuse(e.code, e.message, e.code);
    }
  }

  /**
   * A participant's publication: acknowledged once the peer relays have it too, unless its protocol forwards in
   * the background (it then never waits on another relay).
   */
  async publish(link: BoardLink, session: string, data: string): Promise<PublishResult> {
    const { result, appended } = this.accept(link, session, data, false);
    if (appended) {
      const forwarded = this.forward(appended, link);
      if (retentionOf(this.config, session).peers === 'await') await forwarded;
    }
    return result;
  }

  /** A message from a peer relay's feed: the same checks, no reply, forwarded on without waiting. */
  ingest(link: BoardLink, session: string, data: string): void {
    const { appended } = this.accept(link, session, data, true);
    if (appended) void this.forward(appended, link);
  }

  get linkCount(): number {
    return this.links.size;
  }

  /** Close every link (shutdown). */
  closeAll(): void {
    for (const link of this.links) link.close('relay shutting down');
  }
}

/** Whether `data` is a message of the split mode's (round, sender): its text, else undefined. */
function splitVersion(split: SplitMode, data: string): string | undefined {
  try {
    const env = openEnvelope(data, MAX_OPERATORS);
    return env.round === split.round && env.sender === split.sender ? data : undefined;
  } catch {
    return undefined;
  }
}
