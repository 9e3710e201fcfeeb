/**
 * The relay node: libp2p with TCP (Node peers, peer relays) and WebSocket (browsers) listeners, the circuit relay
 * v2 server with ceremony-sized limits, identify with a neutral user agent, a persisted identity key, the board
 * service, links to peer relays, and a loopback HTTP endpoint for /metrics and /health.
 */
import '../src/node/polyfills.js';
import { createServer, type Server } from 'node:http';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLibp2p, type Libp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import { noise } from '@libp2p/noise';
import { yamux } from '@libp2p/yamux';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { circuitRelayServer } from '@libp2p/circuit-relay-v2';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { BoardStore } from './boardStore.js';
import { BOARD_PROTOCOL, BoardService, remoteIp } from './boardService.js';
import { keepingOf, type RelayConfig } from './config.js';
import { Metrics } from '../src/node/metrics.js';
import { NEUTRAL_USER_AGENT } from '../src/adapters/libp2p/index.js';

export interface RunningRelay {
  peerId: string;
  /** Every dialable address, each ending in `/p2p/<peer id>`. */
  addresses: string[];
  /** `http://host:port` of /metrics and /health, when enabled. */
  httpUrl: string | undefined;
  store: BoardStore;
  node: Libp2p;
  stop(): Promise<void>;
}

/** Load the relay's identity key from its data directory, creating it (mode 0600) on first start. */
export async function loadIdentity(dataDir: string | undefined): Promise<PrivateKey> {
  if (!dataDir) return generateKeyPair('Ed25519');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'identity.key');
  if (existsSync(file)) return privateKeyFromProtobuf(readFileSync(file));
  const key = await generateKeyPair('Ed25519');
  writeFileSync(file, privateKeyToProtobuf(key), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

function peerIdOf(address: string): string | undefined {
  for (const c of multiaddr(address).getComponents()) if (c.name === 'p2p') return c.value;
  return undefined;
}

/** Start a relay; resolves once it listens. */
export async function startRelay(config: RelayConfig): Promise<RunningRelay> {
  const { limits, log } = config;
  const started = Date.now();
  const store = new BoardStore(config.dataDir, config.store, Date.now, keepingOf(config));
  const metrics = new Metrics();
  const trusted = new Set(config.peers.map(peerIdOf).filter((p): p is string => p !== undefined));
  const service = new BoardService(config, store, metrics, trusted);

  const nodeRef: { current?: Libp2p } = {};
  const openPerIp = (ip: string) => (nodeRef.current?.getConnections() ?? []).filter((c) => remoteIp(c) === ip).length;
  const node = await createLibp2p({
    privateKey: await loadIdentity(config.dataDir),
    addresses: { listen: config.listen, announce: config.announce },
    transports: [tcp(), webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    nodeInfo: { name: 'sv-relay', version: '1', userAgent: NEUTRAL_USER_AGENT },
    connectionGater: {
      // Peer relays may be on private or loopback addresses (a test, a private network).
      denyDialMultiaddr: () => false,
      denyInboundConnection: (maConn) => {
        const ip = maConn.remoteAddr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value ?? '';
        const deny = ip !== '' && openPerIp(ip) >= limits.maxConnectionsPerIp;
        if (deny) log('warn', 'connection-refused', { ip, reason: 'too many connections from this address' });
        return deny;
      },
    },
    connectionManager: {
      maxConnections: limits.maxConnections,
      inboundConnectionThreshold: limits.connectionsPerSecondPerIp,
      maxIncomingPendingConnections: 64,
    },
    services: {
      identify: identify(),
      ping: ping(),
      relay: circuitRelayServer({
        reservations: {
          maxReservations: limits.maxReservations,
          defaultDataLimit: BigInt(limits.relayedDataBytes),
          defaultDurationLimit: limits.relayedDurationMs,
        },
      }),
    },
  });
  nodeRef.current = node;
  await node.handle(BOARD_PROTOCOL, (stream, connection) => service.handleStream(stream, connection), { maxInboundStreams: 4 });

  metrics.gauge('sv_relay_connections', 'Open libp2p connections', () => node.getConnections().length);
  metrics.gauge('sv_relay_uptime_seconds', 'Seconds since start', () => Math.round((Date.now() - started) / 1000));
  metrics.gauge('sv_relay_resident_bytes', 'Resident memory of the relay process', () => process.memoryUsage().rss);
  metrics.gauge('sv_relay_heap_used_bytes', 'V8 heap in use', () => process.memoryUsage().heapUsed);

  // Peer relays: keep a feed open to each, redialling with backoff.
  const stopping = new AbortController();
  const peerLinks = config.peers.map((address) => keepPeerLinked(node, service, address, stopping.signal, config));
  const pruner = setInterval(() => {
    const dropped = store.prune();
    if (dropped) log('info', 'sessions-expired', { dropped });
  }, 60_000);
  pruner.unref();

  const http = config.http ? await serveHttp(config.http, metrics, () => ({ peerId: node.peerId.toString(), sessions: store.sessionCount, links: service.linkCount, connections: node.getConnections().length })) : undefined;
  const address = http?.address();
  const httpUrl = address && typeof address === 'object' ? `http://${address.address}:${address.port}` : undefined;
  const addresses = node.getMultiaddrs().map((m) => m.toString());
  log('info', 'listening', { peerId: node.peerId.toString(), addresses, http: httpUrl, dataDir: config.dataDir ?? null, accept: config.accept.name, protocols: config.accept.protocols.map((p) => p.protocol), peers: config.peers });
  if (config.withhold) log('warn', 'test-mode', { withhold: config.withhold, note: 'this relay deliberately withholds messages: for tests only' });
  if (config.split) log('warn', 'test-mode', { split: config.split, note: 'this relay deliberately shows participants different versions of a message: for tests only' });

  let stopped: Promise<void> | undefined;
  return {
    peerId: node.peerId.toString(),
    addresses,
    httpUrl,
    store,
    node,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        clearInterval(pruner);
        service.closeAll();
        await node.stop();
        await Promise.allSettled(peerLinks);
        await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
        log('info', 'stopped', {});
      })();
      return stopped;
    },
  };
}

async function keepPeerLinked(node: Libp2p, service: BoardService, address: string, signal: AbortSignal, config: RelayConfig): Promise<void> {
  let delay = 250;
  while (!signal.aborted) {
    try {
      const stream = await node.dialProtocol(multiaddr(address), BOARD_PROTOCOL, { signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
      const connection = node.getConnections().find((c) => c.streams.includes(stream));
      if (!connection) throw new Error('no connection for the stream');
      config.log('info', 'peer-linked', { peer: address });
      delay = 250;
      await service.linkPeer(stream, connection);
      if (!signal.aborted) config.log('warn', 'peer-unlinked', { peer: address });
    } catch (e) {
      if (signal.aborted) return;
      config.log('debug', 'peer-dial-failed', { peer: address, error: (e as Error).message });
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

async function serveHttp(hostPort: string, metrics: Metrics, health: () => Record<string, unknown>): Promise<Server> {
  const at = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(hostPort.slice(at + 1));
  const server = createServer((req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics.render());
      return;
    }
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...health() }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
