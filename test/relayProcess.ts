/**
 * Real relay processes for tests: `sv relay` in a child process on loopback ports chosen up front (so a restart
 * comes back at the same address), its data in a temporary directory. Stops only the processes it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

export interface RelayOptions {
  /** `--accept`: `sv-dkg` (the default), `any`, or a comma-separated list of protocols (relay/acceptPolicy.ts). */
  accept?: string;
  peers?: string[];
  /** --limit name=value pairs (`<protocol>.<name>` for one protocol's session limit). */
  limits?: Record<string, number>;
  env?: Record<string, string>;
  dataDir?: string;
}

export interface RelayProcess {
  /** The TCP address (Node participants, peer relays). */
  tcp: string;
  /** The WebSocket address (browsers). */
  ws: string;
  peerId: string;
  httpUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the relay wrote to stderr (JSON log lines). */
  logs(): string;
  /** SIGTERM (graceful) and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait for exit. */
  kill(): Promise<void>;
  /** Start again with the same ports, data and options. */
  restart(): Promise<RelayProcess>;
}

/** Generous test limits: every test participant comes from 127.0.0.1. */
export const TEST_LIMITS = { maxConnectionsPerIp: 256, connectionsPerSecondPerIp: 256, publishesPerSecondPerIp: 1000, publishBurstPerIp: 5000 };

/** Start `sv relay` and resolve once it prints its addresses. */
export async function startRelayProcess(options: RelayOptions = {}, ports?: { tcp: number; ws: number; http: number }): Promise<RelayProcess> {
  const p = ports ?? { tcp: await freePort(), ws: await freePort(), http: await freePort() };
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sv-relay-'));
  const limits = { ...TEST_LIMITS, ...options.limits };
  const args = [
    'bin/sv.js', 'relay',
    '--listen', `/ip4/127.0.0.1/tcp/${p.tcp}`,
    '--listen', `/ip4/127.0.0.1/tcp/${p.ws}/ws`,
    '--http', `127.0.0.1:${p.http}`,
    '--data-dir', dataDir,
    '--accept', options.accept ?? 'sv-dkg',
    ...Object.entries(limits).flatMap(([k, v]) => ['--limit', `${k}=${v}`]),
    ...(options.peers ?? []).flatMap((peer) => ['--peer', peer]),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('relay ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`relay exited early (${code}):\n${stdout}\n${stderr}`)));
  });
  const addresses = stdout.split('\n').filter((l) => l.startsWith('/'));
  const tcp = addresses.find((a) => !a.includes('/ws/'))!;
  const ws = addresses.find((a) => a.includes('/ws/'))!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    tcp,
    ws,
    peerId: tcp.split('/p2p/')[1]!,
    httpUrl: `http://127.0.0.1:${p.http}`,
    dataDir,
    child,
    logs: () => stderr,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: () => startRelayProcess({ ...options, dataDir }, p),
  };
}
