/**
 * Start-up time of the whole local stack (`npm start`: chain + relay + web app) beside each part started alone,
 * in the same run: how long until it prints that it is ready, and how long Ctrl-C takes to stop everything.
 * Every process runs on free loopback ports with its data in a temporary directory, so a developer's running
 * stack is not disturbed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/relayProcess.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface StackRow {
  what: string;
  readyMs: number[];
  stopMs: number[];
}

/** Spawn `args`, time until stdout matches `ready`, then SIGINT and time until exit. */
async function timeStart(args: string[], ready: RegExp, env: Record<string, string>): Promise<{ readyMs: number; stopMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out}\n${err}`)));
  });
  const readyMs = performance.now() - t0;
  const t1 = performance.now();
  child.kill('SIGINT');
  await exited;
  return { readyMs, stopMs: performance.now() - t1 };
}

/** `rounds` interleaved rounds of: chain alone, relay alone, web app alone, the whole stack. */
export async function runStack(rounds = 3): Promise<StackRow[]> {
  const rows: StackRow[] = ['chain alone (sv chain)', 'relay alone (sv relay)', 'web app alone (Vite dev server)', 'whole stack (npm start)'].map((what) => ({ what, readyMs: [], stopMs: [] }));
  for (let round = 0; round < rounds; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'sv-stack-'));
    const [chainPort, tcp, ws, http, web] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const env = {
      SV_CHAIN_PORT: String(chainPort),
      SV_RELAY_TCP_PORT: String(tcp),
      SV_RELAY_WS_PORT: String(ws),
      SV_RELAY_HTTP: `127.0.0.1:${http}`,
      SV_RELAY_DATA_DIR: join(dir, 'relay'),
      SV_WEB_PORT: String(web),
      SV_STACK_OUT: dir,
    };
    const runs: [number, () => Promise<{ readyMs: number; stopMs: number }>][] = [
      [0, () => timeStart(['bin/sv.js', 'chain', '--port', String(chainPort), '--deployment', join(dir, 'd.json')], /Press Ctrl-C/, {})],
      [1, () => timeStart(['bin/sv.js', 'relay', '--data-dir', join(dir, 'r'), '--http', `127.0.0.1:${http}`, '--listen', `/ip4/127.0.0.1/tcp/${tcp}`, '--listen', `/ip4/127.0.0.1/tcp/${ws}/ws`], /relay ready/, {})],
      [2, () => timeStart(['node_modules/vite/bin/vite.js', '--config', 'vite.config.ts', '--port', String(web), '--strictPort'], /Local:/, {})],
      [3, () => timeStart(['scripts/start.js'], /Press Ctrl-C to stop/, env)],
    ];
    // Rotate the order each round so no part always runs on a machine warmed by the others.
    for (let k = 0; k < runs.length; k++) {
      const [index, run] = runs[(k + round) % runs.length]!;
      const r = await run();
      rows[index]!.readyMs.push(r.readyMs);
      rows[index]!.stopMs.push(r.stopMs);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
