/** The relay's configuration and its defaults (sized for ceremonies, not libp2p's 128 KiB / 2 min / 15). */
import { DEFAULT_STORE_LIMITS, type BoardStoreLimits, type SessionKeeping } from './boardStore.js';
import { acceptPolicy, sessionRetention, type AcceptPolicy, type ProtocolLimits, type SessionRetention } from './acceptPolicy.js';
import type { Log } from '../src/node/log.js';

export interface RelayLimits {
  /** Connections held at once, all peers. */
  maxConnections: number;
  /** Open connections from one IP address. */
  maxConnectionsPerIp: number;
  /** New connections per second from one host (libp2p's inbound threshold). */
  connectionsPerSecondPerIp: number;
  /** Frames per second one connection may send, and the burst allowed above it. Over it, the relay reads slower. */
  framesPerSecond: number;
  frameBurst: number;
  /** Publications per second from one IP address, and the burst. Over it, publications are refused. */
  publishesPerSecondPerIp: number;
  publishBurstPerIp: number;
  /** Frames waiting to be processed on one connection before it is closed as a flood. */
  maxQueuedFrames: number;
  /** Bytes waiting to be sent to one connection before it is closed as too slow (it reconnects and catches up). */
  maxPendingBytes: number;
  /** Invalid frames one connection may send before it is closed. */
  maxBadFrames: number;
  /** Circuit relay v2: reservations held at once, and the limits of each relayed connection. */
  maxReservations: number;
  relayedDataBytes: number;
  relayedDurationMs: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxConnections: 1024,
  maxConnectionsPerIp: 64,
  connectionsPerSecondPerIp: 32,
  framesPerSecond: 200,
  frameBurst: 2000,
  publishesPerSecondPerIp: 50,
  publishBurstPerIp: 500,
  maxQueuedFrames: 4096,
  maxPendingBytes: 64 * 1024 * 1024,
  maxBadFrames: 16,
  maxReservations: 1024,
  relayedDataBytes: 64 * 1024 * 1024,
  relayedDurationMs: 6 * 3600 * 1000,
};

/** A test-only relay misbehaviour (PROTOCOL.md §9: a relay withholding messages from a subset). */
export interface WithholdMode {
  /** The envelope sender whose connection is starved (recognised by what it publishes). */
  sender: number;
  /** `push`: no live pushes, history still served; `all`: nothing at all after its first publication. */
  mode: 'push' | 'all';
}

/**
 * A test-only relay that partitions (issue 11): of the different messages participant `sender` publishes for
 * `round`, the first stored is shown to everyone but participant `to`, and every later one to `to` only. With a
 * cheater that signs two versions, each side sees one (a split view). Participants are recognised by what they publish.
 */
export interface SplitMode {
  round: number;
  sender: number;
  to: number;
}

export interface RelayConfig {
  /** Multiaddrs to listen on: TCP for Node participants and peer relays, WebSocket for browsers. */
  listen: string[];
  /** Public addresses to announce instead (e.g. `/dns4/relay.example/tcp/443/wss` behind a TLS proxy). */
  announce: string[];
  /** Where the identity key and the board live; undefined keeps everything in memory (lost on exit). */
  dataDir: string | undefined;
  /** `host:port` of the metrics and health endpoint; undefined turns it off. */
  http: string | undefined;
  /** Peer relays to exchange board messages with (`.../p2p/<id>` multiaddrs). */
  peers: string[];
  /** The protocols served, each with its own policy and retention. */
  accept: AcceptPolicy;
  /** The relay-wide store limits: the defaults with the relay-wide `--limit` overrides. */
  store: BoardStoreLimits;
  /** The `--limit` overrides as given: relay-wide (over every protocol's own limits) and per protocol. */
  overrides: { store: Partial<BoardStoreLimits>; protocols: ProtocolLimits };
  limits: RelayLimits;
  log: Log;
  withhold?: WithholdMode | undefined;
  split?: SplitMode | undefined;
}

export const DEFAULT_LISTEN = ['/ip4/127.0.0.1/tcp/4001', '/ip4/127.0.0.1/tcp/4002/ws'];
export const DEFAULT_HTTP = '127.0.0.1:9464';

type PartialConfig = Partial<Omit<RelayConfig, 'store' | 'limits' | 'overrides'>> & {
  store?: Partial<BoardStoreLimits>;
  limits?: Partial<RelayLimits>;
  protocolLimits?: ProtocolLimits;
};

/** A full configuration from a partial one. */
export function relayConfig(partial: PartialConfig, log: Log): RelayConfig {
  return {
    listen: partial.listen?.length ? partial.listen : DEFAULT_LISTEN,
    announce: partial.announce ?? [],
    dataDir: partial.dataDir,
    http: partial.http,
    peers: partial.peers ?? [],
    accept: partial.accept ?? acceptPolicy(),
    store: { ...DEFAULT_STORE_LIMITS, ...partial.store },
    overrides: { store: { ...partial.store }, protocols: partial.protocolLimits ?? {} },
    limits: { ...DEFAULT_RELAY_LIMITS, ...partial.limits },
    log: partial.log ?? log,
    withhold: partial.withhold,
    split: partial.split,
  };
}

/** How a session is kept on this relay: its protocol's retention under the configured limits. */
export function retentionOf(config: RelayConfig, session: string): SessionRetention {
  return sessionRetention(config.accept, session, config.overrides.store, config.overrides.protocols);
}

/** The store's view of retentionOf: on disk or not, and the session's limits. */
export function keepingOf(config: RelayConfig): (session: string) => SessionKeeping {
  return (session) => {
    const r = retentionOf(config, session);
    return { persist: r.store === 'disk', limits: r.limits };
  };
}
