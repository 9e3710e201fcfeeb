#!/usr/bin/env node
// `npm test`: type-check (the pure core on its own, then everything), lint, then every test suite.
// Prints one plain closing line `N passed, N failed`; exits non-zero if anything failed.
//
//   node scripts/test.js                        everything (what `npm test` runs)
//   node scripts/test.js <vitest filters...>    only those test files, no static checks
//   node scripts/test.js --smoke                the smoke part: unit, compliance, CLI and relay tests, no static checks
//   node scripts/test.js --smoke-on <node>      everything, then the smoke part again under another Node binary
//                                               (.ci/run: Node 24); both count in the closing line
// `--counts-out <file>` also writes the counts as JSON (used for the run under the other Node binary).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);

/** The smoke part (vitest file filters): what must pass on every supported Node version. */
const SMOKE = ['test/unit/', 'test/compliance/', 'test/integration/cli', 'test/integration/relay'];

/** Static checks count as one test each. */
const checks = [
  ['type-check src/core alone (no DOM, no Node types)', bin('tsc'), ['-p', 'tsconfig.core.json']],
  ['type-check everything', bin('tsc'), ['-p', 'tsconfig.json']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
];
if (existsSync('web/tsconfig.json')) checks.push(['svelte-check web/', bin('svelte-check'), ['--tsconfig', 'web/tsconfig.json', '--fail-on-warnings']]);

/** This script's own options, taken out of the arguments; the rest go to vitest. */
function parseArgs(argv) {
  const o = { smoke: false, smokeOn: undefined, countsOut: undefined, vitest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--smoke') o.smoke = true;
    else if (a === '--smoke-on' || a.startsWith('--smoke-on=')) o.smokeOn = value();
    else if (a === '--counts-out' || a.startsWith('--counts-out=')) o.countsOut = value();
    else o.vitest.push(a);
  }
  return o;
}

/** Counts shared by every part of the run. */
const tally = { passed: 0, failed: 0, failures: [] };
const fail = (what) => {
  tally.failed++;
  tally.failures.push(what);
};

function runChecks() {
  for (const [name, cmd, args] of checks) {
    const t0 = Date.now();
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    const ok = r.status === 0;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (ok) tally.passed++;
    else fail(name);
  }
}

/** One vitest run over `filters` (all files when empty); its tests are added to the tally. */
function runVitest(filters) {
  const dir = mkdtempSync(join(tmpdir(), 'sv-test-'));
  const report = join(dir, 'vitest.json');
  const t0 = Date.now();
  const r = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filters], { stdio: 'inherit' });
  const before = tally.failed;
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    tally.passed += json.numPassedTests;
    tally.failed += json.numFailedTests;
    // A suite that fails to load counts as a failure even though it ran no test.
    for (const s of json.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0)) fail(`suite failed to load: ${s.name}`);
    if (json.numTotalTests === 0) fail('no test ran');
  } catch {
    fail(`vitest produced no report (exit ${r.status})`);
  }
  if (r.status !== 0 && tally.failed === before) fail(`vitest exited ${r.status}`);
  rmSync(dir, { recursive: true, force: true });
  console.log(`vitest: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** The smoke part under another Node binary (a child run of this script); its counts are added to the tally. */
function runSmokeOn(node) {
  const label = `smoke on ${node}`;
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    fail(`${label}: the binary does not run (${version.error?.message ?? `exit ${version.status}`})`);
    return;
  }
  console.log(`\n== smoke part on Node ${version.stdout.trim()} (${node})`);
  const dir = mkdtempSync(join(tmpdir(), 'sv-smoke-'));
  const counts = join(dir, 'counts.json');
  // The child's own PATH starts with its Node, so that whatever it spawns through `node` is that version too.
  const env = { ...process.env, PATH: `${dirname(resolve(node))}:${process.env.PATH ?? ''}` };
  const r = spawnSync(node, ['scripts/test.js', '--smoke', '--counts-out', counts], { stdio: 'inherit', env });
  try {
    const c = JSON.parse(readFileSync(counts, 'utf8'));
    if (c.node !== version.stdout.trim()) fail(`${label}: ran on ${c.node}, not ${version.stdout.trim()}`);
    tally.passed += c.passed;
    tally.failed += c.failed;
    tally.failures.push(...c.failures.map((f) => `Node ${c.node} smoke: ${f}`));
    if (c.failed > c.failures.length) tally.failures.push(`Node ${c.node} smoke: ${c.failed - c.failures.length} test(s) failed (listed above)`);
  } catch {
    fail(`${label}: no counts (exit ${r.status})`);
  }
  rmSync(dir, { recursive: true, force: true });
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`scripts/test.js: ${e.message}`);
  process.exit(2);
}
console.log(`node ${process.version}`);
const whole = !options.smoke && options.vitest.length === 0;
if (whole) runChecks();
runVitest(options.smoke ? [...SMOKE, ...options.vitest] : options.vitest);
if (options.smokeOn) runSmokeOn(options.smokeOn);

if (options.countsOut) writeFileSync(options.countsOut, JSON.stringify({ node: process.version, ...tally }));
if (tally.failures.length) console.log(`\nFailed: ${tally.failures.join('; ')}`);
console.log(`${options.countsOut ? `Node ${process.version} ${options.smoke ? 'smoke' : 'run'}: ` : ''}${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 ? 0 : 1);
