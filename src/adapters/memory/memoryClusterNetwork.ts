/**
 * The in-memory ClusterChannel (ports/clusterChannel.ts) for tests and simulations: one network of n members,
 * delivery on an injected Clock (a ManualClock makes a run deterministic), and faults decided by a seeded PRNG:
 * drop a share of messages, delay each by a random time in a range, or cut links (a member isolated, one direction
 * blocked). The sender of a delivered message is the handle that sent it: nobody can speak as another member.
 */
import type { Clock } from '../../ports/clock.js';
import type { ClusterChannel, ClusterMessage } from '../../ports/clusterChannel.js';
import { ChannelError } from '../../ports/clusterChannel.js';
import { createSeededRandom } from './seededRandom.js';

/** Default bound on one payload: 1 MiB. */
export const DEFAULT_CHANNEL_MAX_BYTES = 1024 * 1024;

/** Faults of the whole network; every field optional, `set` replaces them all. */
export interface ClusterFaults {
  /** Probability in [0, 1] that a message is lost. */
  drop?: number;
  /** Each message is delayed by a uniform random time in [min, max] ms. */
  delay?: [number, number];
  /** Members (indices) whose messages neither leave nor arrive. */
  isolated?: number[];
  /** Links [from, to] on which nothing is delivered. */
  blocked?: [number, number][];
}

/** Options of `createMemoryClusterNetwork`. */
export interface MemoryClusterNetworkOptions {
  /** The cluster's size n (≥ 1). */
  members: number;
  /** Delivery timers: every message is delivered through `clock.setTimer`. */
  clock: Clock;
  /** Source of randomness for faults, in [0, 1) (default: a seeded PRNG). */
  random?: () => number;
  maxMessageBytes?: number;
}

/** Counters since creation. */
export interface MemoryClusterStats {
  sent: number;
  delivered: number;
  dropped: number;
}

/** A simulated cluster network. */
export interface MemoryClusterNetwork {
  /** Member `index`'s handle (1..n); each call makes a new handle (a restarted runner), the old one keeps working until closed. */
  member(index: number): ClusterChannel;
  /** The fault controller: `set` replaces the faults; `clear` removes them. */
  readonly faults: { set(faults: ClusterFaults): void; clear(): void; current(): ClusterFaults };
  stats(): MemoryClusterStats;
}

/** Creates a cluster network of `members` members. */
export function createMemoryClusterNetwork(options: MemoryClusterNetworkOptions): MemoryClusterNetwork {
  const n = options.members;
  if (!Number.isInteger(n) || n < 1) throw new ChannelError('CHANNEL_BAD_INPUT', 'a cluster has at least one member');
  const maxBytes = options.maxMessageBytes ?? DEFAULT_CHANNEL_MAX_BYTES;
  const random = options.random ?? createSeededRandom(0xc1a5);
  const handlers: Handlers = new Map();
  let faults: ClusterFaults = {};
  const stats: MemoryClusterStats = { sent: 0, delivered: 0, dropped: 0 };

  const cut = (from: number, to: number) =>
    (faults.isolated ?? []).some((i) => i === from || i === to) || (faults.blocked ?? []).some(([f, t]) => f === from && t === to);
  const transmit = (from: number, to: number, data: Uint8Array) => {
    stats.sent++;
    if (cut(from, to) || (faults.drop !== undefined && random() < faults.drop)) {
      stats.dropped++;
      return;
    }
    const [min, max] = faults.delay ?? [0, 0];
    const delay = min + (max - min) * random();
    const copy = Uint8Array.from(data);
    options.clock.setTimer(delay, () => {
      const targets = [...(handlers.get(to) ?? [])];
      if (targets.length === 0) return;
      stats.delivered++;
      for (const on of targets) on({ from, data: Uint8Array.from(copy) });
    });
  };

  const member = (index: number): ClusterChannel => {
    if (!Number.isInteger(index) || index < 1 || index > n) throw new ChannelError('CHANNEL_BAD_INPUT', `no member ${index} in a cluster of ${n}`);
    return memberHandle({ index, n, maxBytes, handlers, transmit });
  };

  return {
    member,
    faults: {
      set: (f) => void (faults = validFaults(f)),
      clear: () => void (faults = {}),
      current: () => ({ ...faults }),
    },
    stats: () => ({ ...stats }),
  };
}

function validFaults(f: ClusterFaults): ClusterFaults {
  if (f.drop !== undefined && !(f.drop >= 0 && f.drop <= 1)) throw new ChannelError('CHANNEL_BAD_INPUT', 'drop is a probability in [0, 1]');
  if (f.delay !== undefined && !(f.delay[0] >= 0 && f.delay[1] >= f.delay[0])) throw new ChannelError('CHANNEL_BAD_INPUT', 'delay is [min, max] with 0 ≤ min ≤ max');
  return { ...f };
}

type Handlers = Map<number, Set<(m: ClusterMessage) => void>>;

/** One member's handle: checks what it sends, speaks only as itself, hears what is delivered to its index. */
function memberHandle(c: { index: number; n: number; maxBytes: number; handlers: Handlers; transmit: (from: number, to: number, data: Uint8Array) => void }): ClusterChannel {
  const { index, n, maxBytes, handlers, transmit } = c;
  let open = true;
  const mine = new Set<(m: ClusterMessage) => void>();
  const check = (data: Uint8Array) => {
    if (!open) throw new ChannelError('CHANNEL_CLOSED', 'the channel is closed');
    if (!(data instanceof Uint8Array)) throw new ChannelError('CHANNEL_BAD_INPUT', 'a message is bytes');
    if (data.length > maxBytes) throw new ChannelError('CHANNEL_MESSAGE_TOO_LARGE', `a message is at most ${maxBytes} bytes`);
  };
  return {
    index,
    members: n,
    maxMessageBytes: maxBytes,
    send: async (to, data) => {
      check(data);
      if (!Number.isInteger(to) || to < 1 || to > n || to === index) throw new ChannelError('CHANNEL_BAD_INPUT', `cannot send to ${to}: members are 1..${n}, other than ${index}`);
      transmit(index, to, data);
    },
    broadcast: async (data) => {
      check(data);
      for (let to = 1; to <= n; to++) if (to !== index) transmit(index, to, data);
    },
    subscribe(onMessage) {
      if (!open) return () => undefined;
      const on = (m: ClusterMessage) => {
        if (open) onMessage(m);
      };
      mine.add(on);
      const set = handlers.get(index) ?? new Set();
      set.add(on);
      handlers.set(index, set);
      return () => {
        mine.delete(on);
        handlers.get(index)?.delete(on);
      };
    },
    close: async () => {
      open = false;
      for (const on of mine) handlers.get(index)?.delete(on);
      mine.clear();
    },
  };
}
