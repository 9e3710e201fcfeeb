/**
 * The board over a real relay process (`sv relay` on loopback, the same process tests start): a whole ceremony
 * through it beside the same ceremony on the in-memory board in the same run, the relay's message throughput, and
 * its resident memory per connected participant. Every participant is a createLibp2pBoard in this process, so
 * the relay and its clients share the machine's cores.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createLibp2pBoard, type Libp2pBoard } from '../src/adapters/libp2p/index.js';
import { nodeTransports } from '../src/adapters/libp2p/nodeTransports.js';
import { createManualClock, createMemoryBoardNetwork, createMemorySecretStore } from '../src/adapters/memory/index.js';
import { createSystemClock } from '../src/adapters/system/index.js';
import { createLocalWallet } from '../src/adapters/chain/localWallet.js';
import { simulateCeremony } from '../src/app/simulateCeremony.js';
import type { Board } from '../src/ports/board.js';
import { toHex0x } from '../src/core/wire/fields.js';
import { makeDefinition, operatorFromKey } from '../test/dkgHarness.js';
import { startRelayProcess, type RelayOptions, type RelayProcess } from '../test/relayProcess.js';

const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Limits that let one loopback host (all of this process's boards) publish as fast as it can. */
export const THROUGHPUT_LIMITS = {
  maxConnectionsPerIp: 1024,
  connectionsPerSecondPerIp: 1024,
  publishesPerSecondPerIp: 100000,
  publishBurstPerIp: 100000,
  framesPerSecond: 100000,
  frameBurst: 100000,
};

export interface RelayCeremonyRow {
  n: number;
  t: number;
  /** Wall time of each run (ms), in the order they ran (interleaved: memory, relay, then relay, memory, ...). */
  memoryMs: number[];
  relayMs: number[];
  /** Time to create the n boards and connect them to the relay (not in relayMs), median. */
  relayConnectMs: number;
}

export interface ThroughputResult {
  /** Publications each publisher keeps in flight (1: it awaits each publish before the next). */
  inFlight: number;
  publishers: number;
  subscribers: number;
  messagesPerPublisher: number;
  messageBytes: number;
  published: number;
  publishMs: number;
  deliveries: number;
  deliverMs: number;
  /** The relay's sv_relay_messages_accepted_total for the measured messages. */
  relayAccepted: number;
  /** CPU time (user + system) of the relay process and of this process (all the boards) in the measured round. */
  relayCpuMs: number | undefined;
  clientsCpuMs: number;
}

export interface MemoryResult {
  clients: number;
  boardLinks0: number;
  boardLinksK: number;
  rss0: number;
  rssK: number;
  heap0: number;
  heapK: number;
}

export interface RelayBenchResult {
  ceremony: RelayCeremonyRow[];
  throughput: ThroughputResult[];
  memory: MemoryResult;
}

/** Start a relay, run `body`, stop the relay (by its handle) and remove its data directory. */
async function withRelay<T>(options: RelayOptions, body: (relay: RelayProcess) => Promise<T>): Promise<T> {
  const relay = await startRelayProcess(options);
  try {
    return await body(relay);
  } finally {
    await relay.stop();
    rmSync(relay.dataDir, { recursive: true, force: true });
  }
}

/** Create `count` boards on `relay`, all connected; closes the ones made if any fails. */
async function connectBoards(relay: RelayProcess, count: number, batch = 25): Promise<Libp2pBoard[]> {
  const boards: Libp2pBoard[] = [];
  try {
    for (let k = 0; k < count; k += batch) {
      const made = await Promise.all(
        Array.from({ length: Math.min(batch, count - k) }, () => createLibp2pBoard({ relays: [relay.tcp], transports: nodeTransports() })),
      );
      boards.push(...made);
      await Promise.all(made.map((b) => b.ready()));
    }
    return boards;
  } catch (e) {
    await closeBoards(boards);
    throw e;
  }
}

async function closeBoards(boards: Board[]) {
  await Promise.all(boards.map((b) => b.close()));
}

/** The relay's metrics (name → value; the first sample of a name with labels). */
async function metrics(relay: RelayProcess): Promise<Map<string, number>> {
  const text = await (await fetch(`${relay.httpUrl}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && !out.has(m[1]!)) out.set(m[1]!, Number(m[3]));
  }
  return out;
}

const metric = (m: Map<string, number>, name: string) => {
  const v = m.get(name);
  if (v === undefined) throw new Error(`relay metrics have no ${name}`);
  return v;
};

/** One ceremony of n participants (V = 1) over the given boards; returns its wall time (ms). */
async function ceremony(n: number, endpoint: (index: number) => Board): Promise<number> {
  const keys = Array.from({ length: n }, () => randomBytes(32));
  const wallets = keys.map((k) => createLocalWallet(toHex0x(k)));
  // Fresh operators every run: a new configHash, so a new session on the relay.
  const definition = makeDefinition(keys.map(operatorFromKey), { V: 1, now: Math.floor(Date.now() / 1000) });
  gc?.();
  const result = await simulateCeremony({
    definition,
    signApproval: (index, typed) => wallets[index - 1]!.signTypedData(typed),
    endpoint,
    store: () => createMemorySecretStore(),
    randomBytes,
    clock: createManualClock({ startMs: Date.now() }),
    host: createSystemClock(),
    // Both boards deliver on the host's timers (the memory one by default), so virtual time follows real time.
    realTimeBoard: true,
    // No deadline may pass: only a stalled ceremony would make the virtual clock jump.
    idleMs: 60_000,
  });
  const failed = result.states.filter((s) => s.phase !== 'succeeded');
  if (failed.length) throw new Error(`bench ceremony n=${n} did not succeed: ${JSON.stringify(failed[0]!.abort)}`);
  return result.wallMs;
}

async function runCeremonies(sizes: number[], repsFor: (n: number) => number): Promise<RelayCeremonyRow[]> {
  return withRelay({ accept: 'sv-dkg', limits: THROUGHPUT_LIMITS }, async (relay) => {
    const rows: RelayCeremonyRow[] = [];
    // Untimed warm-up of both paths (JIT, precomputed tables, libp2p code), so the first timed run is not a cold one.
    const warmN = Math.min(...sizes);
    const warmNet = createMemoryBoardNetwork();
    await ceremony(warmN, (i) => warmNet.endpoint(`participant-${i}`));
    const warmBoards = await connectBoards(relay, warmN);
    try {
      await ceremony(warmN, (i) => warmBoards[i - 1]!);
    } finally {
      await closeBoards(warmBoards);
    }
    for (const n of sizes) {
      const row: RelayCeremonyRow = { n, t: Math.ceil((2 * n) / 3), memoryMs: [], relayMs: [], relayConnectMs: 0 };
      const connects: number[] = [];
      const onMemory = async () => {
        const net = createMemoryBoardNetwork();
        row.memoryMs.push(await ceremony(n, (i) => net.endpoint(`participant-${i}`)));
      };
      const onRelay = async () => {
        const c0 = performance.now();
        const boards = await connectBoards(relay, n);
        connects.push(performance.now() - c0);
        try {
          row.relayMs.push(await ceremony(n, (i) => boards[i - 1]!));
        } finally {
          await closeBoards(boards);
        }
      };
      const reps = repsFor(n);
      for (let r = 0; r < reps; r++) {
        // Alternate which goes first, so neither always pays for the other's garbage or a cold start.
        for (const run of r % 2 ? [onRelay, onMemory] : [onMemory, onRelay]) await run();
        console.log(`  ceremony n=${n}: memory board ${(row.memoryMs.at(-1)! / 1000).toFixed(1)} s, relay ${(row.relayMs.at(-1)! / 1000).toFixed(1)} s`);
      }
      row.relayConnectMs = median(connects);
      rows.push(row);
    }
    return rows;
  });
}

/** A unique ASCII message of exactly `bytes` bytes. */
const message = (tag: string, bytes: number) => (tag + ':' + nodeRandomBytes(bytes).toString('base64')).slice(0, bytes);

/** CPU time (ms) a process has used, from /proc (Linux; USER_HZ = 100); undefined elsewhere. */
function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function runThroughput(opts: { publishers: number; subscribers: number; messages: number; bytes: number; inFlight: number[] }): Promise<ThroughputResult[]> {
  const { publishers: P, subscribers: S, messages: M, bytes } = opts;
  // The store must hold every measured message of the one session.
  const limits = { ...THROUGHPUT_LIMITS, maxSessionMessages: 1_000_000, maxSessionBytes: 1024 * 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 * 1024 };
  return withRelay({ accept: 'any', limits }, async (relay) => {
    const boards = await connectBoards(relay, P + S);
    try {
      const pubs = boards.slice(0, P);
      const subs = boards.slice(P);
      let delivered = 0;
      let expected = 0;
      let onDone: (() => void) | undefined;
      const session = 'bench-throughput';
      for (const b of subs) {
        b.subscribe(session, () => {
          delivered++;
          if (delivered === expected) onDone?.();
        });
      }
      /** Each publisher publishes `count` messages, awaiting each; resolves with the publish and delivery times. */
      const round = async (label: string, count: number, inFlight: number) => {
        delivered = 0;
        expected = S * P * count;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const allDelivered = new Promise<void>((resolve, reject) => {
          onDone = resolve;
          timer = setTimeout(() => reject(new Error(`throughput ${label}: ${delivered} of ${expected} deliveries after 300 s`)), 300_000);
        });
        allDelivered.catch(() => undefined); // awaited below; a failed publish must not leave it unhandled
        const texts = pubs.map((_, p) => Array.from({ length: count }, (_, i) => message(`${label}/${p}/${i}`, bytes)));
        gc?.();
        const t0 = performance.now();
        try {
          await Promise.all(
            pubs.map(async (b, p) => {
              const queue = texts[p]!.values();
              // `inFlight` workers per publisher, each awaiting its publish before taking the next message.
              await Promise.all(
                Array.from({ length: inFlight }, async () => {
                  for (const text of queue) await b.publish(session, text);
                }),
              );
            }),
          );
          const publishMs = performance.now() - t0;
          await allDelivered;
          return { publishMs, deliverMs: performance.now() - t0 };
        } finally {
          clearTimeout(timer);
        }
      };
      // Warm-up: subscriptions in place at the relay, JIT, connections busy.
      await round('warm-up', Math.max(10, Math.ceil(M / 10)), 1);
      const results: ThroughputResult[] = [];
      for (const inFlight of opts.inFlight) {
        const before = metric(await metrics(relay), 'sv_relay_messages_accepted_total');
        const relayCpu0 = processCpuMs(relay.child.pid);
        const cpu0 = process.cpuUsage();
        const { publishMs, deliverMs } = await round(`measured-${inFlight}`, M, inFlight);
        const cpu = process.cpuUsage(cpu0);
        const relayCpu1 = processCpuMs(relay.child.pid);
        const after = metric(await metrics(relay), 'sv_relay_messages_accepted_total');
        results.push({
          inFlight,
          publishers: P,
          subscribers: S,
          messagesPerPublisher: M,
          messageBytes: bytes,
          published: P * M,
          publishMs,
          deliveries: S * P * M,
          deliverMs,
          relayAccepted: after - before,
          relayCpuMs: relayCpu0 === undefined || relayCpu1 === undefined ? undefined : relayCpu1 - relayCpu0,
          clientsCpuMs: (cpu.user + cpu.system) / 1000,
        });
      }
      return results;
    } finally {
      await closeBoards(boards);
    }
  });
}

/** Median of a few samples of the relay's RSS and heap, after a settle. */
async function settledMemory(relay: RelayProcess, settleMs: number) {
  await sleep(settleMs);
  const rss: number[] = [];
  const heap: number[] = [];
  let links = 0;
  for (let k = 0; k < 5; k++) {
    const m = await metrics(relay);
    rss.push(metric(m, 'sv_relay_resident_bytes'));
    heap.push(metric(m, 'sv_relay_heap_used_bytes'));
    links = metric(m, 'sv_relay_board_links');
    await sleep(400);
  }
  return { rss: median(rss), heap: median(heap), links };
}

async function runMemory(clients: number): Promise<MemoryResult> {
  return withRelay({ accept: 'any', limits: THROUGHPUT_LIMITS }, async (relay) => {
    const session = 'bench-memory';
    // Warm-up: one client connects, subscribes, publishes and leaves, so code paths loaded once are in the baseline.
    const [warm] = await connectBoards(relay, 1);
    try {
      warm!.subscribe(session, () => undefined);
      await warm!.publish(session, 'warm-up');
    } finally {
      await warm!.close();
    }
    const zero = await settledMemory(relay, 3000);
    const boards = await connectBoards(relay, clients);
    try {
      for (const b of boards) b.subscribe(session, () => undefined);
      const deadline = Date.now() + 60_000;
      while (metric(await metrics(relay), 'sv_relay_board_links') < clients) {
        if (Date.now() > deadline) throw new Error(`only ${metric(await metrics(relay), 'sv_relay_board_links')} of ${clients} board links open at the relay`);
        await sleep(200);
      }
      const k = await settledMemory(relay, 3000);
      return { clients, boardLinks0: zero.links, boardLinksK: k.links, rss0: zero.rss, rssK: k.rss, heap0: zero.heap, heapK: k.heap };
    } finally {
      await closeBoards(boards);
    }
  });
}

export async function runRelay(opts: {
  sizes: number[];
  /** Ceremony runs of each kind for size n. */
  reps: (n: number) => number;
  publishers: number;
  subscribers: number;
  messages: number;
  bytes: number;
  inFlight: number[];
  clients: number;
}): Promise<RelayBenchResult> {
  const ceremonyRows = await runCeremonies(opts.sizes, opts.reps);
  const throughput = await runThroughput(opts);
  for (const tp of throughput) {
    console.log(
      `  throughput, ${tp.inFlight} in flight per publisher: ${((tp.published / tp.publishMs) * 1000).toFixed(0)} published/s, ` +
        `${((tp.deliveries / tp.deliverMs) * 1000).toFixed(0)} delivered/s`,
    );
  }
  const memory = await runMemory(opts.clients);
  console.log(`  memory: ${((memory.rssK - memory.rss0) / memory.clients / 1024).toFixed(0)} KiB RSS per client (${memory.clients} clients)`);
  return { ceremony: ceremonyRows, throughput, memory };
}
