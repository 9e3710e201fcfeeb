/**
 * The relay program's one entry, `sv relay` (src/cli/main.ts loads it): parse the options, run a relay node
 * (circuit relay v2 + the board) until SIGINT/SIGTERM. Prints every dialable address on its own line on stdout;
 * logs JSON lines on stderr.
 */
import { multiaddr } from '@multiformats/multiaddr';
import { startRelay } from './relayNode.js';
import { DEFAULT_HTTP, DEFAULT_LISTEN, DEFAULT_RELAY_LIMITS, relayConfig, type RelayConfig, type RelayLimits, type SplitMode, type WithholdMode } from './config.js';
import { DEFAULT_STORE_LIMITS, type BoardStoreLimits, type SessionLimits } from './boardStore.js';
import { acceptPolicy, DEFAULT_ACCEPT, PROTOCOLS, UnknownProtocolError, type AcceptPolicy, type ProtocolLimits, type ProtocolPolicy } from './acceptPolicy.js';
import { createJsonLog, isLevel, LEVELS } from '../src/node/log.js';
import { runUntilStopped } from '../src/node/lifecycle.js';
import { EXIT, parseCommandArgs, UsageError, type CliIO } from '../src/node/command.js';

const LIMIT_DEFAULTS: Record<string, number> = { ...DEFAULT_STORE_LIMITS, ...DEFAULT_RELAY_LIMITS };
/** The limits a protocol may set for its own sessions (`--limit <protocol>.<name>=<n>`). */
const SESSION_LIMITS: readonly (keyof SessionLimits)[] = ['maxMessageBytes', 'maxSessionMessages', 'maxSessionBytes', 'maxSessionAgeMs'];

/** One protocol in the usage text: its sessions, then how they are kept. */
function protocolLine(p: ProtocolPolicy): string {
  const pad = ' '.repeat(17 + 20);
  const kept = `${p.retention.store === 'disk' ? 'on disk' : 'in memory only'}; ${p.retention.peers === 'await' ? 'acknowledged once the peer relays have it' : 'forwarded to peer relays in the background'}`;
  const own = Object.entries(p.retention.limits).map(([k, v]) => `${k}=${v}`);
  return [`                 ${p.protocol.padEnd(20)}sessions: ${p.sessionForm}`, `${pad}${kept}`, ...(own.length ? [`${pad}${own.join(', ')}`] : [])].join('\n');
}

export const USAGE = `Usage: sv relay [--listen <multiaddr>]... [--announce <multiaddr>]... [--data-dir <dir>]
                [--http <host:port>|off] [--peer <multiaddr>]... [--accept sv-dkg|any|<protocol>,...]
                [--limit [<protocol>.]<name>=<number>]... [--log-level debug|info|warn|error]

  Runs a relay: participants connect only to relays (never to each other), so no participant learns another's
  IP address. The relay keeps each ceremony's public board (signed messages only; it never sees shares or keys)
  on disk, serves it to late joiners, and exchanges it with its --peer relays.

  --listen     where to listen (repeatable; default ${DEFAULT_LISTEN.join(' and ')}:
               TCP for headless participants and peer relays, WebSocket for browsers)
  --announce   public addresses to advertise instead, e.g. /dns4/relay.example.org/tcp/443/wss behind a TLS proxy
  --data-dir   identity key and board storage (default .sv/relay); a restart loses nothing
  --http       loopback endpoint for Prometheus /metrics and /health (default ${DEFAULT_HTTP}; "off" disables)
  --peer       another relay to share boards with (repeatable; must end in /p2p/<peer id>)
  --accept     the protocols served, each with its own accept policy and retention:
               sv-dkg (default): the ceremony's, sv-dkg/1 (well-formed envelopes, the definition) and
               sv-deposit-check/1 (the vault's deposit checks); any: any text on any session (tests);
               or a comma-separated list of these protocols:
${Object.values(PROTOCOLS).map(protocolLine).join('\n')}
               (sv-cluster/1 is the duty runner's channel: declared, it refuses every message for now)
  --limit      override one limit (repeatable): relay-wide, or for one protocol's sessions as
               <protocol>.<name> (${SESSION_LIMITS.join(', ')};
               e.g. sv-dkg/1.maxSessionMessages=8192). Names and relay-wide defaults:
${Object.entries(LIMIT_DEFAULTS).map(([k, v]) => `                 ${k}=${v}`).join('\n')}

  Environment: SV_RELAY_LISTEN, SV_RELAY_ANNOUNCE, SV_RELAY_PEERS (comma-separated), SV_RELAY_DATA_DIR,
  SV_RELAY_HTTP, SV_RELAY_ACCEPT, SV_RELAY_LOG_LEVEL; options override them.`;

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

function checkMultiaddrs(values: string[], option: string, needPeerId: boolean): string[] {
  for (const value of values) {
    let components;
    try {
      components = multiaddr(value).getComponents();
    } catch (e) {
      throw new UsageError(`--${option} ${value} is not a valid multiaddr: ${(e as Error).message}`);
    }
    if (needPeerId && !components.some((c) => c.name === 'p2p')) throw new UsageError(`--${option} ${value} must end in /p2p/<peer id>`);
  }
  return values;
}

/** `--limit` values: relay-wide store and connection limits, and per-protocol session limits. */
function parseLimits(values: string[]): { store: Partial<BoardStoreLimits>; limits: Partial<RelayLimits>; protocolLimits: ProtocolLimits } {
  const store: Record<string, number> = {};
  const limits: Record<string, number> = {};
  const protocolLimits: Record<string, Record<string, number>> = {};
  for (const item of values) {
    const [key, raw] = item.split('=', 2);
    const dot = key?.lastIndexOf('.') ?? -1;
    const protocol = dot > 0 ? key!.slice(0, dot) : undefined;
    const name = dot > 0 ? key!.slice(dot + 1) : key;
    const value = Number(raw);
    if (protocol !== undefined && !PROTOCOLS[protocol]) throw new UsageError(`--limit ${item}: unknown protocol "${protocol}" (see sv relay --help)`);
    if (!name || !(name in LIMIT_DEFAULTS)) throw new UsageError(`--limit ${item}: unknown limit "${name}" (see sv relay --help)`);
    if (protocol !== undefined && !(SESSION_LIMITS as readonly string[]).includes(name)) throw new UsageError(`--limit ${item}: a protocol sets only ${SESSION_LIMITS.join(', ')}`);
    if (raw === undefined || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`--limit ${item}: the value must be a positive integer`);
    if (protocol !== undefined) (protocolLimits[protocol] ??= {})[name] = value;
    else (name in DEFAULT_STORE_LIMITS ? store : limits)[name] = value;
  }
  return { store, limits, protocolLimits };
}

/** The `--accept` value (or SV_RELAY_ACCEPT) as the protocols it serves. */
function parseAccept(value: string): AcceptPolicy {
  try {
    return acceptPolicy(value);
  } catch (e) {
    if (!(e instanceof UnknownProtocolError)) throw e;
    throw new UsageError(`--accept must be sv-dkg or any, or a comma-separated list of protocols (${Object.keys(PROTOCOLS).join(', ')}); "${e.protocol}" is none of them`);
  }
}

/** SV_RELAY_TEST_WITHHOLD=push:<sender>|all:<sender>: a deliberately misbehaving relay, for tests only. */
function withholdFromEnv(value: string | undefined): WithholdMode | undefined {
  if (!value) return undefined;
  const m = /^(push|all):(\d{1,3})$/.exec(value);
  if (!m) throw new UsageError('SV_RELAY_TEST_WITHHOLD must be push:<sender> or all:<sender>');
  return { mode: m[1] as WithholdMode['mode'], sender: Number(m[2]) };
}

/**
 * SV_RELAY_TEST_SPLIT=<round>:<sender>:<to>: a relay that shows participant <to> only the later versions of what
 * <sender> publishes for <round>, and everyone else only the first (a split view), for tests only. Accepted only
 * with the sv-dkg accept policy (it recognises participants by their envelopes).
 */
function splitFromEnv(value: string | undefined, accept: AcceptPolicy): SplitMode | undefined {
  if (!value) return undefined;
  const m = /^([1-3]):(\d{1,2}):(\d{1,2})$/.exec(value);
  if (!m || m[2] === m[3] || Number(m[2]) < 1 || Number(m[3]) < 1) throw new UsageError('SV_RELAY_TEST_SPLIT must be <round 1-3>:<sender>:<recipient>, two different participants');
  if (!accept.protocols.some((p) => p.protocol === 'sv-dkg/1')) throw new UsageError('SV_RELAY_TEST_SPLIT needs --accept sv-dkg (it recognises participants by their envelopes)');
  return { round: Number(m[1]), sender: Number(m[2]), to: Number(m[3]) };
}

const OPTIONS = {
  listen: { type: 'string', multiple: true },
  announce: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  http: { type: 'string' },
  peer: { type: 'string', multiple: true },
  accept: { type: 'string' },
  limit: { type: 'string', multiple: true },
  'log-level': { type: 'string' },
} as const;

/** The relay's configuration from its options and environment (options win); a UsageError says what is wrong. */
function configFrom(args: string[], env: NodeJS.ProcessEnv): RelayConfig {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE, false);
  const accept = parseAccept(values.accept ?? env.SV_RELAY_ACCEPT ?? DEFAULT_ACCEPT);
  const level = values['log-level'] ?? env.SV_RELAY_LOG_LEVEL ?? 'info';
  if (!isLevel(level)) throw new UsageError(`--log-level must be ${LEVELS.slice(0, -1).join(', ')} or ${LEVELS.at(-1)}`);
  const http = values.http ?? env.SV_RELAY_HTTP ?? DEFAULT_HTTP;
  if (http !== 'off' && !/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/.test(http)) throw new UsageError('--http must be host:port (e.g. 127.0.0.1:9464) or off');
  const listen = checkMultiaddrs(values.listen ?? list(env.SV_RELAY_LISTEN) ?? DEFAULT_LISTEN, 'listen', false);
  const announce = checkMultiaddrs(values.announce ?? list(env.SV_RELAY_ANNOUNCE) ?? [], 'announce', false);
  const peers = checkMultiaddrs(values.peer ?? list(env.SV_RELAY_PEERS) ?? [], 'peer', true);
  const { store, limits, protocolLimits } = parseLimits(values.limit ?? []);
  return relayConfig(
    {
      listen,
      announce,
      dataDir: values['data-dir'] ?? env.SV_RELAY_DATA_DIR ?? '.sv/relay',
      http: http === 'off' ? undefined : http,
      peers,
      accept,
      store,
      limits,
      protocolLimits,
      withhold: withholdFromEnv(env.SV_RELAY_TEST_WITHHOLD),
      split: splitFromEnv(env.SV_RELAY_TEST_SPLIT, accept),
    },
    createJsonLog(level),
  );
}

/** `sv relay`: start a relay from the options, print its addresses, run until SIGINT/SIGTERM, stop cleanly. */
export async function runRelay(args: string[], io: CliIO): Promise<number> {
  const config = configFrom(args, process.env);
  let relay;
  try {
    relay = await startRelay(config);
  } catch (e) {
    const message = (e as Error).message;
    io.err(`sv relay: could not start: ${/EADDRINUSE|address already in use/i.test(message) ? `an address is already in use (${message})` : message}`);
    return EXIT.INVALID;
  }
  for (const address of relay.addresses) io.out(address);
  if (relay.httpUrl) io.out(`metrics ${relay.httpUrl}/metrics  health ${relay.httpUrl}/health`);
  io.out('relay ready; stop with Ctrl-C');
  await runUntilStopped(() => relay.stop());
  return EXIT.OK;
}
