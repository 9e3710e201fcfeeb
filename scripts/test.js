#!/usr/bin/env node
// `npm test`: type-check (the pure core on its own, then everything), lint, then every test suite.
// Prints one plain closing line `N passed, N failed`; exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const extraArgs = process.argv.slice(2);

/** Static checks count as one test each. */
const checks = [
  ['type-check src/core alone (no DOM, no Node types)', bin('tsc'), ['-p', 'tsconfig.core.json']],
  ['type-check everything', bin('tsc'), ['-p', 'tsconfig.json']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
];
if (existsSync('web/tsconfig.json')) checks.push(['svelte-check web/', bin('svelte-check'), ['--tsconfig', 'web/tsconfig.json', '--fail-on-warnings']]);

let passed = 0;
let failed = 0;
const failures = [];

if (extraArgs.length === 0) {
  for (const [name, cmd, args] of checks) {
    const t0 = Date.now();
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    const ok = r.status === 0;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (ok) passed++;
    else {
      failed++;
      failures.push(name);
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sv-test-'));
const report = join(dir, 'vitest.json');
const r = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs], {
  stdio: 'inherit',
});
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  // A suite that fails to load counts as a failure even though it ran no test.
  const brokenSuites = json.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0);
  failed += brokenSuites.length;
  for (const s of brokenSuites) failures.push(`suite failed to load: ${s.name}`);
  if (json.numTotalTests === 0) {
    failed++;
    failures.push('no test ran');
  }
} catch {
  failed++;
  failures.push(`vitest produced no report (exit ${r.status})`);
}
if (r.status !== 0 && failed === 0) {
  failed++;
  failures.push(`vitest exited ${r.status}`);
}
rmSync(dir, { recursive: true, force: true });

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
