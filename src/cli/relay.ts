/**
 * `sv relay`: run a relay node (circuit relay v2 + the ceremony board) until SIGINT/SIGTERM. Prints every
 * dialable address on its own line on stdout; logs JSON lines on stderr.
 */
import { multiaddr } from '@multiformats/multiaddr';
import { startRelay } from '../../relay/relayNode.js';
import { DEFAULT_HTTP, DEFAULT_LISTEN, DEFAULT_RELAY_LIMITS, relayConfig, type RelayLimits, type SplitMode, type WithholdMode } from '../../relay/config.js';
import { DEFAULT_STORE_LIMITS, type BoardStoreLimits } from '../../relay/boardStore.js';
import { createJsonLog, type Level } from '../../relay/log.js';
import { EXIT, parseCommandArgs, UsageError, type CliIO } from './io.js';

const LIMIT_DEFAULTS: Record<string, number> = { ...DEFAULT_STORE_LIMITS, ...DEFAULT_RELAY_LIMITS };

export const USAGE = `Usage: sv relay [--listen <multiaddr>]... [--announce <multiaddr>]... [--data-dir <dir>]
                [--http <host:port>|off] [--peer <multiaddr>]... [--accept sv-dkg|any]
                [--limit <name>=<number>]... [--log-level debug|info|warn|error]

  Runs a relay: participants connect only to relays (never to each other), so no participant learns another's
  IP address. The relay keeps each ceremony's public board (signed messages only; it never sees shares or keys)
  on disk, serves it to late joiners, and exchanges it with its --peer relays.

  --listen     where to listen (repeatable; default ${DEFAULT_LISTEN.join(' and ')}:
               TCP for headless participants and peer relays, WebSocket for browsers)
  --announce   public addresses to advertise instead, e.g. /dns4/relay.example.org/tcp/443/wss behind a TLS proxy
  --data-dir   identity key and board storage (default .sv/relay); a restart loses nothing
  --http       loopback endpoint for Prometheus /metrics and /health (default ${DEFAULT_HTTP}; "off" disables)
  --peer       another relay to share boards with (repeatable; must end in /p2p/<peer id>)
  --accept     sv-dkg (default): only well-formed sv-dkg/1 envelopes; any: any text (tests, other protocols)
  --limit      override one limit (repeatable). Names and defaults:
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

function parseLimits(values: string[]): { store: Partial<BoardStoreLimits>; limits: Partial<RelayLimits> } {
  const store: Record<string, number> = {};
  const limits: Record<string, number> = {};
  for (const item of values) {
    const [name, raw] = item.split('=', 2);
    const value = Number(raw);
    if (!name || !(name in LIMIT_DEFAULTS)) throw new UsageError(`--limit ${item}: unknown limit "${name}" (see sv relay --help)`);
    if (raw === undefined || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`--limit ${item}: the value must be a positive integer`);
    (name in DEFAULT_STORE_LIMITS ? store : limits)[name] = value;
  }
  return { store, limits };
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
function splitFromEnv(value: string | undefined, accept: string): SplitMode | undefined {
  if (!value) return undefined;
  const m = /^([1-3]):(\d{1,2}):(\d{1,2})$/.exec(value);
  if (!m || m[2] === m[3] || Number(m[2]) < 1 || Number(m[3]) < 1) throw new UsageError('SV_RELAY_TEST_SPLIT must be <round 1-3>:<sender>:<recipient>, two different participants');
  if (accept !== 'sv-dkg') throw new UsageError('SV_RELAY_TEST_SPLIT needs --accept sv-dkg (it recognises participants by their envelopes)');
  return { round: Number(m[1]), sender: Number(m[2]), to: Number(m[3]) };
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      listen: { type: 'string', multiple: true },
      announce: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      http: { type: 'string' },
      peer: { type: 'string', multiple: true },
      accept: { type: 'string' },
      limit: { type: 'string', multiple: true },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
    false,
  );
  if (values.help) {
    io.out(USAGE);
    return EXIT.OK;
  }
  const env = process.env;
  const accept = values.accept ?? env.SV_RELAY_ACCEPT ?? 'sv-dkg';
  if (accept !== 'sv-dkg' && accept !== 'any') throw new UsageError('--accept must be sv-dkg or any');
  const level = (values['log-level'] ?? env.SV_RELAY_LOG_LEVEL ?? 'info') as Level;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new UsageError('--log-level must be debug, info, warn or error');
  const http = values.http ?? env.SV_RELAY_HTTP ?? DEFAULT_HTTP;
  if (http !== 'off' && !/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/.test(http)) throw new UsageError('--http must be host:port (e.g. 127.0.0.1:9464) or off');
  const listen = checkMultiaddrs(values.listen ?? list(env.SV_RELAY_LISTEN) ?? DEFAULT_LISTEN, 'listen', false);
  const announce = checkMultiaddrs(values.announce ?? list(env.SV_RELAY_ANNOUNCE) ?? [], 'announce', false);
  const peers = checkMultiaddrs(values.peer ?? list(env.SV_RELAY_PEERS) ?? [], 'peer', true);
  const { store, limits } = parseLimits(values.limit ?? []);
  const log = createJsonLog(level);

  let relay;
  try {
    relay = await startRelay(
      relayConfig(
        {
          listen,
          announce,
          dataDir: values['data-dir'] ?? env.SV_RELAY_DATA_DIR ?? '.sv/relay',
          http: http === 'off' ? undefined : http,
          peers,
          accept,
          store,
          limits,
          withhold: withholdFromEnv(env.SV_RELAY_TEST_WITHHOLD),
          split: splitFromEnv(env.SV_RELAY_TEST_SPLIT, accept),
        },
        log,
      ),
    );
  } catch (e) {
    const message = (e as Error).message;
    io.err(`sv relay: could not start: ${/EADDRINUSE|address already in use/i.test(message) ? `an address is already in use (${message})` : message}`);
    return EXIT.INVALID;
  }
  for (const address of relay.addresses) io.out(address);
  if (relay.httpUrl) io.out(`metrics ${relay.httpUrl}/metrics  health ${relay.httpUrl}/health`);
  io.out('relay ready; stop with Ctrl-C');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await relay.stop();
  return EXIT.OK;
}
