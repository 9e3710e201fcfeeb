/**
 * `npm run bench`: runs every benchmark suite and writes the tables under bench/results/.
 * Usage: npm run bench [-- <suite> ...]   (suites: bls, keystore, ceremony, gas, relay, stack, browser, slashing)
 */
import '../src/node/polyfills.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, fmtOps, machineLine, ratio, table } from './harness.js';
import { runBls, type Row } from './bls.js';
import { runKeystore } from './keystore.js';
import { runCeremony, type CeremonyRow } from './ceremony.js';
import { runGas } from './gas.js';
import { runRelay } from './relay.js';
import { runStack } from './stack.js';
import { runSlashingStore } from './slashingStore.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

function rowsTable(rows: Row[], anchorName: string): string {
  return table(
    ['operation', 'ours ops/s', 'raw noble ops/s', `${anchorName} ops/s`, 'ours / noble (time)', `ours / ${anchorName} (time)`, 'note'],
    rows.map((r) => [r.operation, fmtOps(r.ours), fmtOps(r.noble), fmtOps(r.blst), ratio(r.ours, r.noble), ratio(r.ours, r.blst), r.note ?? '']),
  );
}

/** Writes one suite's markdown (title, when, where, body) and JSON under bench/results, and prints the body. */
function writeSuite(name: string, title: string, body: string, json: unknown) {
  mkdirSync(RESULTS, { recursive: true });
  const when = new Date().toISOString();
  writeFileSync(join(RESULTS, `${name}.md`), `# ${title}\n\nMeasured ${when} on ${machineLine()}.\n\n${body}\n`);
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify({ measuredAt: when, machine: machineLine(), data: json }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
  console.log(`\n${title}\n${body}\n(written to bench/results/${name}.md)`);
}

function write(name: string, title: string, body: string, rows: Row[]) {
  mkdirSync(RESULTS, { recursive: true });
  const when = new Date().toISOString();
  const md = `# ${title}\n\nMeasured ${when} on ${machineLine()}. Medians of interleaved runs; ratios are time ours / time other ` +
    `(1.00 = same speed, < 1 = ours faster).\n\n${body}\n`;
  writeFileSync(join(RESULTS, `${name}.md`), md);
  const json = rows.map((r) => ({ operation: r.operation, oursMs: r.ours.medianMs, nobleMs: r.noble.medianMs, anchorMs: r.blst?.medianMs ?? null }));
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify({ measuredAt: when, machine: machineLine(), rows: json }, null, 2) + '\n');
  console.log(`\n${title}\n${body}\n(written to bench/results/${name}.md)`);
}

const wanted = process.argv.slice(2);
const want = (s: string) => wanted.length === 0 || wanted.includes(s);
const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

if (want('bls')) {
  const rows = await runBls();
  write('bls', 'BLS: our wrapper vs raw @noble/curves vs @chainsafe/blst (native)', rowsTable(rows, 'blst'), rows);
}
if (want('keystore')) {
  const rows = await runKeystore();
  write('keystore', 'EIP-2335 keystores: ours vs raw noble vs node:crypto (native)', rowsTable(rows, 'node:crypto'), rows);
  void fmtMs;
}

if (want('ceremony')) {
  const sizes = (process.env.SV_BENCH_SIZES ?? '4,7,10,13,16,32').split(',').map(Number);
  const rows: CeremonyRow[] = await runCeremony(sizes);
  const body =
    table(
      ['n', 't', 'wall, all n participants (one process)', 'wall per participant', 'CPU per participant', 'compute floor per participant', 'ratio (wall per participant / floor)'],
      rows.map((r) => [
        String(r.n),
        String(r.t),
        `${(r.wallMs / 1000).toFixed(1)} s`,
        `${(r.wallMs / r.n).toFixed(0)} ms`,
        `${r.cpuPerParticipantMs.toFixed(0)} ms`,
        `${r.floorMs.toFixed(0)} ms`,
        (r.wallMs / r.n / r.floorMs).toFixed(2),
      ]),
    ) +
    '\n\nThe floor counts, per participant, the operations no implementation of sv-dkg/1 can skip, each at its unit ' +
    'cost (wall-clock median) measured in this run (V = 1). Each simulated participant has its own crypto caches, ' +
    'as on separate machines. Wall and unit costs use the same clock; CPU time is shown for reference (it is lower ' +
    'than wall time when the machine is shared). For the largest n:\n\n' +
    table(['operations', 'ms'], Object.entries(rows[rows.length - 1]!.floorBreakdown).map(([k, v]) => [k, v.toFixed(1)]));
  mkdirSync(RESULTS, { recursive: true });
  const when = new Date().toISOString();
  writeFileSync(join(RESULTS, 'ceremony.md'), `# Simulated ceremony vs its compute floor\n\nMeasured ${when} on ${machineLine()}.\n\n${body}\n`);
  writeFileSync(join(RESULTS, 'ceremony.json'), JSON.stringify({ measuredAt: when, machine: machineLine(), rows }, null, 2) + '\n');
  console.log(`\n${body}\n(written to bench/results/ceremony.md)`);
}

if (want('gas')) {
  const body = await runGas();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'gas.md'), `# Gas used by the vault functions (local anvil, prague)\n\nMeasured ${new Date().toISOString()}.\n\n${body}\n`);
  console.log(`\n${body}\n(written to bench/results/gas.md)`);
}

if (want('relay')) {
  const sizes = (process.env.SV_BENCH_SIZES ?? '4,16').split(',').map(Number);
  const started = performance.now();
  const r = await runRelay({
    sizes,
    reps: (n) => envInt('SV_BENCH_RELAY_REPS', n <= 8 ? 3 : 1),
    publishers: 4,
    subscribers: 4,
    messages: envInt('SV_BENCH_RELAY_MESSAGES', 1000),
    bytes: 2048,
    inFlight: [1, 16],
    clients: envInt('SV_BENCH_RELAY_CLIENTS', 100),
  });
  const benchSeconds = (performance.now() - started) / 1000;
  const med = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const perSec = (count: number, ms: number) => (count / ms) * 1000;
  const m = r.memory;
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  const perClientKiB = (m.rssK - m.rss0) / m.clients / 1024;
  const heapPerClientKiB = (m.heapK - m.heap0) / m.clients / 1024;
  const tp0 = r.throughput[0]!;
  const body =
    `## Ceremony through one relay vs the in-memory board (V = 1)\n\n` +
    table(
      ['n', 't', 'runs of each', 'memory board, wall', 'relay, wall', 'ratio relay / memory', 'connecting n boards to the relay (not in wall)'],
      r.ceremony.map((c) => [
        String(c.n),
        String(c.t),
        String(c.memoryMs.length),
        s(med(c.memoryMs)),
        s(med(c.relayMs)),
        (med(c.relayMs) / med(c.memoryMs)).toFixed(2),
        `${c.relayConnectMs.toFixed(0)} ms`,
      ]),
    ) +
    `\n\nThe same ceremony code (simulateCeremony: every participant runs the real use-case, wallet approval ` +
    `included, in this process) with each participant on its own board endpoint: an endpoint of the in-memory ` +
    `board network, or its own createLibp2pBoard (TCP, noise, yamux) connected to one \`sv relay\` process on ` +
    `loopback (accept sv-dkg, board persisted in a data dir on disk). Fresh operator keys (so a fresh session) per ` +
    `run, after one untimed warm-up ceremony on each; with several runs they alternate (memory, relay, then relay, ` +
    `memory, ...) and the walls are medians. ` +
    `The relay process shares the machine's 2 cores with all n participants.\n\n` +
    `## Relay throughput\n\n` +
    table(
      ['in flight per publisher', 'publishers', 'subscribers', 'message size', 'messages published', 'published msgs/s', 'deliveries (at subscribers)', 'delivered msgs/s', 'delivered MiB/s', 'relay CPU per message', 'boards\u2019 CPU per message'],
      r.throughput.map((tp) => [
        String(tp.inFlight),
        String(tp.publishers),
        String(tp.subscribers),
        `${tp.messageBytes} B`,
        `${tp.published} (${tp.messagesPerPublisher} each)`,
        perSec(tp.published, tp.publishMs).toFixed(0),
        String(tp.deliveries),
        perSec(tp.deliveries, tp.deliverMs).toFixed(0),
        (perSec(tp.deliveries * tp.messageBytes, tp.deliverMs) / 1024 / 1024).toFixed(2),
        tp.relayCpuMs === undefined ? '—' : `${(tp.relayCpuMs / tp.published).toFixed(2)} ms (${((tp.relayCpuMs / tp.deliverMs) * 100).toFixed(0)}% of a core)`,
        `${(tp.clientsCpuMs / tp.published).toFixed(2)} ms (${((tp.clientsCpuMs / tp.deliverMs) * 100).toFixed(0)}% of a core)`,
      ]),
    ) +
    `\n\nEach publisher is its own board and publishes its ${tp0.messagesPerPublisher} messages (unique text, ` +
    `${tp0.messageBytes} bytes each) as fast as awaiting publish allows: with 1 in flight it awaits each ` +
    `acceptance before the next; the second row keeps 16 publications in flight per publisher. The publishers ` +
    `run concurrently; every subscriber receives every message, and a delivery is counted when a subscriber's ` +
    `callback sees it. Published msgs/s = messages / time until the last acceptance; delivered msgs/s = ` +
    `deliveries / time until the last delivery, from the same start. One session, accept any, rate limits raised ` +
    `out of the way, after a warm-up round; the relay counted ${r.throughput.map((tp) => tp.relayAccepted).join(' and ')} ` +
    `accepted messages in the measured rounds. CPU is user + system time in the round (relay: from /proc; boards: ` +
    `this process, all ${tp0.publishers + tp0.subscribers} of them) per published message. All boards run in this ` +
    `process, beside the relay on the same 2 cores.\n\n` +
    `## Relay memory per connected participant\n\n` +
    table(
      ['connected clients', 'relay RSS', 'relay V8 heap used', 'open board links (metric)'],
      [
        ['0', `${mib(m.rss0)} MiB`, `${mib(m.heap0)} MiB`, String(m.boardLinks0)],
        [String(m.clients), `${mib(m.rssK)} MiB`, `${mib(m.heapK)} MiB`, String(m.boardLinksK)],
        ['per client', `**${perClientKiB.toFixed(0)} KiB**`, `${heapPerClientKiB.toFixed(0)} KiB`, ''],
      ],
    ) +
    `\n\nFrom the relay's /metrics (sv_relay_resident_bytes, sv_relay_heap_used_bytes), medians of 5 samples after a ` +
    `3 s settle, on a fresh relay: first with no client connected (after one client came, subscribed, published and left, ` +
    `so code loaded once is in the baseline), then with ${m.clients} clients, each its own createLibp2pBoard ` +
    `(own libp2p node, TCP connection, noise, yamux, one board stream) subscribed to one shared session. Per client ` +
    `= (with ${m.clients} − with 0) / ${m.clients}. The relay is not forced to collect garbage, so RSS counts memory ` +
    `V8 has not returned yet; the heap column is the share in live JavaScript objects.\n\n` +
    `The whole suite ran in ${benchSeconds.toFixed(0)} s.`;
  mkdirSync(RESULTS, { recursive: true });
  const when = new Date().toISOString();
  writeFileSync(join(RESULTS, 'relay.md'), `# The board through a real relay process\n\nMeasured ${when} on ${machineLine()}.\n\n${body}\n`);
  const json = {
    measuredAt: when,
    machine: machineLine(),
    benchSeconds,
    ceremony: r.ceremony.map((c) => ({ ...c, memoryMedianMs: med(c.memoryMs), relayMedianMs: med(c.relayMs), ratio: med(c.relayMs) / med(c.memoryMs) })),
    throughput: r.throughput.map((tp) => ({ ...tp, publishedPerSec: perSec(tp.published, tp.publishMs), deliveredPerSec: perSec(tp.deliveries, tp.deliverMs) })),
    memory: { ...m, rssPerClientKiB: perClientKiB, heapPerClientKiB },
  };
  writeFileSync(join(RESULTS, 'relay.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`\n${body}\n(written to bench/results/relay.md)`);
}

if (want('stack')) {
  const rows = await runStack(envInt('SV_BENCH_STACK_ROUNDS', 3));
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const slowestPart = Math.max(...rows.slice(0, 3).map((r) => median(r.readyMs)));
  const sumOfParts = rows.slice(0, 3).reduce((a, r) => a + median(r.readyMs), 0);
  const whole = median(rows[3]!.readyMs);
  const body =
    table(
      ['what', 'rounds', 'ready after (median)', 'stopped after Ctrl-C (median)'],
      rows.map((r) => [r.what, String(r.readyMs.length), `${(median(r.readyMs) / 1000).toFixed(2)} s`, `${(median(r.stopMs) / 1000).toFixed(2)} s`]),
    ) +
    `\n\nThe whole stack is ready after ${(whole / 1000).toFixed(2)} s: ${(whole / slowestPart).toFixed(2)} × its slowest part alone and ` +
    `${(whole / sumOfParts).toFixed(2)} × the sum of the parts (npm start starts all three side by side). ` +
    `"Ready" is when the process prints that it is (sv chain: its addresses; sv relay: "relay ready"; Vite: its URL; npm start: "Press Ctrl-C to stop"), ` +
    `timed from spawning it; each part includes Node and tsx start-up. Every run uses its own free loopback ports and temporary data, ` +
    `and the order of the four rotates each round.`;
  mkdirSync(RESULTS, { recursive: true });
  const when = new Date().toISOString();
  writeFileSync(join(RESULTS, 'stack.md'), `# Start-up time of the local stack\n\nMeasured ${when} on ${machineLine()}.\n\n${body}\n`);
  writeFileSync(join(RESULTS, 'stack.json'), JSON.stringify({ measuredAt: when, machine: machineLine(), rows }, null, 2) + '\n');
  console.log(`\nStart-up time of the local stack\n${body}\n(written to bench/results/stack.md)`);
}

if (want('browser')) {
  // Loaded only for this suite: it brings Vite and Playwright.
  const { runBrowser, writeBrowserResults } = await import('./browser.js');
  const r = await runBrowser({ runs: envInt('SV_BENCH_BROWSER_RUNS', 3) });
  const body = writeBrowserResults(RESULTS, r);
  console.log(`\nThe web app: a browser ceremony vs headless ones, and the bundle size\n${body}\n(written to bench/results/browser.md)`);
}

if (want('slashing')) {
  const r = await runSlashingStore();
  writeSuite('slashing', 'Slashing stores: checkAndRecord on disk vs in memory', r.body, r.rows);
}
