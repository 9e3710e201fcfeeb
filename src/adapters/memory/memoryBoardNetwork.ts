/**
 * The in-memory Board (ports/board.ts) for tests and simulations: one shared network, one handle per participant.
 * Content-addressed, append-only history per session (cursor 1, 2, 3…), bounded in message size and count,
 * asynchronous in-order delivery, and deterministic fault injection (boardFaults.ts) to play the untrusted relay
 * of PROTOCOL.md §3 and the network tests of §9.
 */
import type { Board, BoardMessage } from '../../ports/board.js';
import { BoardError } from '../../ports/boardError.js';
import { FaultState, type MemoryBoardFaults } from './boardFaults.js';
import { DeliveryQueue, type Listener } from './deliveryQueue.js';
import { createSeededRandom } from './seededRandom.js';

/** Default bound on one message: 1 MiB of UTF-8. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/** Default bound on the history of one session. */
export const DEFAULT_MAX_MESSAGES_PER_SESSION = 100_000;
/** Seed of the default PRNG, so an unconfigured network is deterministic too. */
export const DEFAULT_BOARD_SEED = 0x5eed;

/** Options of `createMemoryBoardNetwork`. */
export interface MemoryBoardNetworkOptions {
  /** Largest accepted message, in UTF-8 bytes (default 1 MiB). */
  maxMessageBytes?: number;
  /** Most messages kept per session (default 100 000); publishing more rejects. */
  maxMessagesPerSession?: number;
  /** Source of randomness for faults, in [0, 1) (default: a PRNG seeded with DEFAULT_BOARD_SEED). */
  random?: () => number;
  /** Timer function (default setTimeout); a manual clock's `schedule` (createManualClock) makes delivery fully deterministic. */
  schedule?: (fn: () => void, ms: number) => void;
}

/** Counters of a network since it was created. */
export interface MemoryBoardStats {
  /** Sessions with at least one message. */
  sessions: number;
  /** Messages stored, over all sessions. */
  messages: number;
  /** UTF-8 bytes stored. */
  bytes: number;
  /** Publishes ignored because the same text was already stored. */
  deduplicated: number;
  /** Pushes handed to endpoints (a duplicated push counts twice). */
  delivered: number;
  /** Pushes dropped by a `drop` fault. */
  dropped: number;
  /** Pushes duplicated by a `duplicate` fault. */
  duplicated: number;
  /** Pushes held back by a partition or withholding (pushed later if the fault lifts). */
  hidden: number;
}

/** A shared in-memory board. */
export interface MemoryBoardNetwork {
  /** A new handle for participant `name` (several handles may share a name, e.g. a reloaded tab). */
  endpoint(name: string): Board;
  /** Counters since creation. */
  stats(): MemoryBoardStats;
  /** The fault controller. */
  readonly faults: MemoryBoardFaults;
}

interface Stored {
  cursor: number;
  data: string;
  publisher: string;
}

interface SessionLog {
  messages: Stored[];
  byData: Map<string, Stored>;
}

interface HiddenPush {
  msg: Stored;
  targets: Listener[];
}

interface EndpointState {
  name: string;
  open: boolean;
  subs: Map<string, Set<Listener>>;
  queues: Map<string, DeliveryQueue>;
  hidden: Map<string, HiddenPush[]>;
}

/** Creates an empty in-memory board network. */
export function createMemoryBoardNetwork(options: MemoryBoardNetworkOptions = {}): MemoryBoardNetwork {
  const maxBytes = positiveInteger('maxMessageBytes', options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  const maxCount = positiveInteger(
    'maxMessagesPerSession',
    options.maxMessagesPerSession ?? DEFAULT_MAX_MESSAGES_PER_SESSION,
  );
  const random = options.random ?? createSeededRandom(DEFAULT_BOARD_SEED);
  const schedule = options.schedule ?? ((fn: () => void, ms: number) => void setTimeout(fn, ms));

  const sessions = new Map<string, SessionLog>();
  const endpoints = new Set<EndpointState>();
  /** Messages lost for good to a recipient name (`dropFromHistory`). */
  const lost = new Map<string, Set<Stored>>();
  const stats: MemoryBoardStats = {
    sessions: 0,
    messages: 0,
    bytes: 0,
    deduplicated: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    hidden: 0,
  };
  const faults = new FaultState(random, () => relax());

  const queueFor = (ep: EndpointState, session: string): DeliveryQueue => {
    let queue = ep.queues.get(session);
    if (queue === undefined) {
      queue = new DeliveryQueue({
        schedule,
        shuffle: (items) => faults.shuffle(items),
        onDelivered: () => void stats.delivered++,
        isOpen: () => ep.open,
      });
      ep.queues.set(session, queue);
    }
    return queue;
  };

  /** Send one stored message to one endpoint's subscriptions, through the faults. */
  const route = (ep: EndpointState, session: string, msg: Stored, targets: Listener[]): void => {
    const text = faults.view(msg.data, msg.publisher, ep.name);
    if (text === undefined) {
      getOrSet(ep.hidden, session, () => []).push({ msg, targets });
      stats.hidden++;
      return;
    }
    const rule = faults.delivery(ep.name);
    if (faults.fires(rule.drop, msg.data, msg.publisher, ep.name)) {
      stats.dropped++;
      if (rule.dropFromHistory === true) getOrSet(lost, ep.name, () => new Set()).add(msg);
      return;
    }
    const copies = faults.fires(rule.duplicate, msg.data, msg.publisher, ep.name) ? 2 : 1;
    if (copies === 2) stats.duplicated++;
    const queue = queueFor(ep, session);
    for (let i = 0; i < copies; i++) {
      queue.enqueue({ cursor: msg.cursor, data: text, targets }, faults.delayMs(rule.delay), rule.reorder ?? 1);
    }
  };

  /** A view fault was lifted: push what live subscribers may now see, in cursor order. */
  const relax = (): void => {
    for (const ep of endpoints) {
      for (const [session, pending] of ep.hidden) {
        const still: HiddenPush[] = [];
        for (const h of pending) {
          const targets = h.targets.filter((s) => s.active);
          if (targets.length === 0) continue;
          if (faults.view(h.msg.data, h.msg.publisher, ep.name) === undefined) still.push({ msg: h.msg, targets });
          else route(ep, session, h.msg, targets);
        }
        if (still.length > 0) ep.hidden.set(session, still);
        else ep.hidden.delete(session);
      }
    }
  };

  const endpoint = (name: string): Board => {
    if (typeof name !== 'string' || name.length === 0) {
      throw new BoardError('BOARD_BAD_INPUT', 'endpoint name must be a non-empty string');
    }
    const ep: EndpointState = { name, open: true, subs: new Map(), queues: new Map(), hidden: new Map() };
    endpoints.add(ep);
    const assertOpen = (op: string): void => {
      if (!ep.open) throw new BoardError('BOARD_CLOSED', `${op} on a closed board endpoint (${name})`);
    };

    return {
      async publish(session: string, data: string): Promise<void> {
        assertOpen('publish');
        checkSession(session);
        if (typeof data !== 'string') throw new BoardError('BOARD_BAD_INPUT', 'data must be a string');
        const bytes = utf8Length(data);
        if (bytes > maxBytes) {
          throw new BoardError('BOARD_MESSAGE_TOO_LARGE', `message of ${bytes} bytes exceeds ${maxBytes}`, {
            bytes,
            maxBytes,
          });
        }
        const log = getOrSet(sessions, session, () => ({ messages: [], byData: new Map() }));
        if (log.byData.has(data)) {
          stats.deduplicated++;
          return;
        }
        if (log.messages.length >= maxCount) {
          throw new BoardError('BOARD_SESSION_FULL', `session holds the maximum of ${maxCount} messages`, {
            maxCount,
          });
        }
        const msg: Stored = { cursor: log.messages.length + 1, data, publisher: name };
        log.messages.push(msg);
        log.byData.set(data, msg);
        if (msg.cursor === 1) stats.sessions++;
        stats.messages++;
        stats.bytes += bytes;
        for (const target of endpoints) {
          const subs = target.subs.get(session);
          if (target.open && subs !== undefined && subs.size > 0) route(target, session, msg, [...subs]);
        }
      },

      subscribe(session: string, onMessage: (message: BoardMessage) => void): () => void {
        assertOpen('subscribe');
        checkSession(session);
        if (typeof onMessage !== 'function') throw new BoardError('BOARD_BAD_INPUT', 'onMessage must be a function');
        const sub: Listener = { active: true, onMessage };
        getOrSet(ep.subs, session, () => new Set()).add(sub);
        return () => {
          sub.active = false;
          ep.subs.get(session)?.delete(sub);
        };
      },

      async history(session: string, since = 0): Promise<BoardMessage[]> {
        assertOpen('history');
        checkSession(session);
        if (typeof since !== 'number' || Number.isNaN(since)) {
          throw new BoardError('BOARD_BAD_INPUT', 'since must be a number');
        }
        const log = sessions.get(session);
        if (log === undefined) return [];
        const gone = lost.get(name);
        const out: BoardMessage[] = [];
        // cursor = index + 1, so cursors > since start at index floor(since)
        for (let i = Math.max(0, Math.floor(since)); i < log.messages.length; i++) {
          const msg = log.messages[i]!;
          if (gone?.has(msg) === true) continue;
          const text = faults.view(msg.data, msg.publisher, name);
          if (text !== undefined) out.push({ cursor: msg.cursor, data: text });
        }
        return out;
      },

      async close(): Promise<void> {
        if (!ep.open) return;
        ep.open = false;
        for (const subs of ep.subs.values()) for (const sub of subs) sub.active = false;
        ep.subs.clear();
        ep.hidden.clear();
        endpoints.delete(ep);
      },
    };
  };

  return { endpoint, stats: () => ({ ...stats }), faults };
}

function checkSession(session: string): void {
  if (typeof session !== 'string' || session.length === 0) {
    throw new BoardError('BOARD_BAD_INPUT', 'session must be a non-empty string');
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BoardError('BOARD_BAD_INPUT', `${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** UTF-8 length of `s` as TextEncoder would encode it (lone surrogates become U+FFFD, 3 bytes). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
