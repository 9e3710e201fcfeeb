/**
 * `npm run bench`: runs every benchmark suite and writes the tables under bench/results/.
 * Usage: npm run bench [-- <suite> ...]   (suites: bls, keystore, ceremony, gas)
 */
import '../src/adapters/libp2p/withResolvers.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, fmtOps, machineLine, ratio, table } from './harness.js';
import { runBls, type Row } from './bls.js';
import { runKeystore } from './keystore.js';
import { runCeremony, type CeremonyRow } from './ceremony.js';
import { runGas } from './gas.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

function rowsTable(rows: Row[], anchorName: string): string {
  return table(
    ['operation', 'ours ops/s', 'raw noble ops/s', `${anchorName} ops/s`, 'ours / noble (time)', `ours / ${anchorName} (time)`, 'note'],
    rows.map((r) => [r.operation, fmtOps(r.ours), fmtOps(r.noble), fmtOps(r.blst), ratio(r.ours, r.noble), ratio(r.ours, r.blst), r.note ?? '']),
  );
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
