/**
 * `npm run bench`: runs every benchmark suite and writes the tables under bench/results/.
 * Usage: npm run bench [-- <suite> ...]   (suites: bls, keystore)
 */
import '../src/cli/polyfills.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, fmtOps, machineLine, ratio, table } from './harness.js';
import { runBls, type Row } from './bls.js';
import { runKeystore } from './keystore.js';

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
