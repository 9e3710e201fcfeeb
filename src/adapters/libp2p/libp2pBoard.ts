/**
 * The Board port over libp2p relays (createLibp2pBoard). The node connects only to the configured relays: it
 * does not listen, makes no reservation, runs no discovery and no WebRTC, so other participants never learn its
 * IP address and it never learns theirs; they meet on the relays' boards. Each relay link reconnects with backoff
 * and, after every (re)connect, resubscribes from its cursors and republishes this endpoint's own messages.
 * Messages from all relays are merged into one local log per session (dedupe by content); cursors are local.
 */
import { createLibp2p, type Libp2pOptions } from 'libp2p';
import { noise } from '@libp2p/noise';
import { yamux } from '@libp2p/yamux';
import type { Libp2p } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import type { Board, BoardMessage } from '../../ports/board.js';
import { BoardError } from '../../ports/boardError.js';
import { readSession, utf8Length } from '../../core/wire/frames.js';
import { isPermanentRefusal, RelayLink } from './relayLink.js';

/** The user agent this node shows in identify: the same for everyone, no runtime, OS or browser. */
export const NEUTRAL_USER_AGENT = 'sv/1';
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export interface Libp2pBoardInit {
  /** Relay multiaddrs, each ending in `/p2p/<peer id>`. */
  relays: string[];
  /** The transports to dial relays with (TCP and WebSocket in Node, WebSocket in the browser). */
  transports: NonNullable<Libp2pOptions['transports']>;
  /** Optional gater (the browser's dev mode allows ws:// and loopback relays with it). */
  connectionGater?: Libp2pOptions['connectionGater'];
  /** Direct peer connections (WebRTC) are not offered by this adapter; passing true is refused. */
  direct?: boolean;
  /** Redial backoff, ms (default 250 up to 10 000). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Retry delay after a relay's rate-limit refusal, ms (default 1000). */
  rateLimitRetryMs?: number;
  /** Called whenever a relay connects or disconnects. */
  onStatus?: (relays: RelayStatus[]) => void;
}

export interface RelayStatus {
  address: string;
  status: 'connecting' | 'open' | 'closed';
  lastError: string | undefined;
}

/** A Board with a view of its relays. */
export interface Libp2pBoard extends Board {
  /** The connection state of each relay. */
  relays(): RelayStatus[];
  /** Resolves once at least one relay is connected. */
  ready(): Promise<void>;
  /** The underlying node (tests inspect its peer store). */
  readonly node: Libp2p;
}

interface LocalSession {
  log: BoardMessage[];
  byText: Map<string, number>;
  subscribers: Set<(m: BoardMessage) => void>;
  /** Our own publications, republished to every relay after it (re)connects. */
  outbox: Set<string>;
}

/** Create a board endpoint connected to `init.relays`. */
export async function createLibp2pBoard(init: Libp2pBoardInit): Promise<Libp2pBoard> {
  if (init.direct) throw new BoardError('BOARD_BAD_INPUT', 'direct (WebRTC) connections are not available in this version; participants talk through relays only');
  if (init.relays.length === 0) throw new BoardError('BOARD_BAD_INPUT', 'no relay given: at least one relay multiaddr is needed');
  for (const address of init.relays) {
    let components;
    try {
      components = multiaddr(address).getComponents();
    } catch (e) {
      throw new BoardError('BOARD_BAD_INPUT', `relay address ${address} is not a valid multiaddr: ${(e as Error).message}`);
    }
    if (!components.some((c) => c.name === 'p2p')) throw new BoardError('BOARD_BAD_INPUT', `relay address ${address} must end in /p2p/<peer id>`);
  }
  const node = await createLibp2p({
    addresses: { listen: [] },
    transports: init.transports,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    nodeInfo: { name: 'sv', version: '1', userAgent: NEUTRAL_USER_AGENT },
    ...(init.connectionGater ? { connectionGater: init.connectionGater } : {}),
  });

  const sessions = new Map<string, LocalSession>();
  let closed = false;
  const local = (session: string): LocalSession => {
    let s = sessions.get(session);
    if (!s) sessions.set(session, (s = { log: [], byText: new Map(), subscribers: new Set(), outbox: new Set() }));
    return s;
  };
  const statuses = (): RelayStatus[] => links.map((l) => ({ address: l.address, status: l.status, lastError: l.lastError }));

  const ingest = (session: string, data: string, notify: boolean) => {
    const s = local(session);
    if (s.byText.has(data)) return;
    const message: BoardMessage = { cursor: s.log.length + 1, data };
    s.log.push(message);
    s.byText.set(data, message.cursor);
    if (notify && !closed) for (const subscriber of [...s.subscribers]) subscriber(message);
  };

  const links: RelayLink[] = init.relays.map(
    (address) =>
      new RelayLink(
        address,
        node,
        {
          onMessage: (session, _cursor, data, live) => ingest(session, data, live),
          onOpen: (link) => {
            for (const [session, s] of sessions) {
              if (s.subscribers.size) void link.subscribe(session).catch(() => undefined);
              for (const text of s.outbox) void link.request({ op: 'pub', s: session, d: text }).catch(() => undefined);
            }
          },
          onStatus: () => init.onStatus?.(statuses()),
        },
        { initialBackoffMs: init.initialBackoffMs ?? 250, maxBackoffMs: init.maxBackoffMs ?? 10_000, dialTimeoutMs: 10_000 },
      ),
  );

  const anyOpen = (): Promise<void> => {
    if (closed) return Promise.reject(new BoardError('BOARD_CLOSED', 'the board is closed'));
    return Promise.race(links.map((l) => l.whenOpen())).then(() => {
      if (closed) throw new BoardError('BOARD_CLOSED', 'the board is closed');
    });
  };
  const checkOpen = () => {
    if (closed) throw new BoardError('BOARD_CLOSED', 'the board is closed');
  };
  const checkSession = (session: string) => {
    try {
      return readSession(session);
    } catch (e) {
      throw new BoardError('BOARD_BAD_INPUT', (e as Error).message);
    }
  };

  /** Publish on every open relay; the first acceptance resolves. Waits for a relay while none is connected. */
  const publishOnce = async (session: string, data: string): Promise<'accepted' | 'retry'> => {
    await anyOpen();
    const open = links.filter((l) => l.status === 'open');
    const attempts = open.map((l) => l.request({ op: 'pub', s: session, d: data }));
    try {
      await Promise.any(attempts);
      return 'accepted';
    } catch (e) {
      const errors = (e as AggregateError).errors ?? [e];
      const permanent = errors.find(isPermanentRefusal);
      if (permanent) throw permanent;
      if (errors.some((x) => x instanceof BoardError && x.code === 'BOARD_RATE_LIMITED')) await new Promise((r) => setTimeout(r, init.rateLimitRetryMs ?? 1000));
      return 'retry';
    }
  };

  return {
    node,
    relays: statuses,
    ready: anyOpen,

    async publish(session, data) {
      checkOpen();
      checkSession(session);
      if (typeof data !== 'string') throw new BoardError('BOARD_BAD_INPUT', 'a board message must be text');
      const limit = Math.min(DEFAULT_MAX_MESSAGE_BYTES, ...links.map((l) => l.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES));
      const size = utf8Length(data);
      if (size > limit) throw new BoardError('BOARD_MESSAGE_TOO_LARGE', `message of ${size} bytes is over the limit of ${limit}`);
      const s = local(session);
      s.outbox.add(data);
      try {
        while ((await publishOnce(session, data)) === 'retry') checkOpen();
      } catch (e) {
        if (isPermanentRefusal(e)) s.outbox.delete(data);
        throw e;
      }
    },

    subscribe(session, onMessage) {
      checkOpen();
      checkSession(session);
      const s = local(session);
      const first = s.subscribers.size === 0;
      // Wrap so that one callback subscribed twice has two independent subscriptions.
      const subscriber = (m: BoardMessage) => onMessage(m);
      s.subscribers.add(subscriber);
      if (first) for (const link of links) if (link.status === 'open') void link.subscribe(session).catch(() => undefined);
      return () => {
        if (!s.subscribers.delete(subscriber) || s.subscribers.size) return;
        for (const link of links) link.notify({ op: 'unsub', s: session });
      };
    },

    async history(session, since) {
      checkOpen();
      checkSession(session);
      await anyOpen();
      const results = await Promise.allSettled(links.filter((l) => l.status === 'open').map((l) => l.fetch(session)));
      if (!results.some((r) => r.status === 'fulfilled')) {
        const reason = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
        throw reason instanceof Error ? reason : new BoardError('BOARD_UNREACHABLE', 'no relay answered');
      }
      return local(session).log.filter((m) => m.cursor > (since ?? 0));
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const s of sessions.values()) s.subscribers.clear();
      await Promise.all(links.map((l) => l.stop()));
      // Bounded: a stop that never settles must not keep a finished participant from exiting.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([node.stop(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
    },
  };
}
