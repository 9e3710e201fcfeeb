/**
 * Real `sv ceremony join` participants for tests: operator keys and a definition in a temporary directory, each
 * participant a child process (`node bin/sv.js ceremony join ...`) whose stdout is collected. Kills only the
 * processes it started, by their own handle (PID), never by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { main } from '../src/cli/main.js';
import { ROOT } from './cli.js';

export const PASSWORD = 'correct horse battery staple';
export const WITHDRAWAL = '0x000000000000000000000000000000000000dEaD';

export interface Operator {
  /** 1-based participant index (position in the definition's operator list). */
  index: number;
  keyFile: string;
  address: string;
  /** The participant's --out directory. */
  out: string;
}

export interface Ceremony {
  dir: string;
  definition: string;
  passwordFile: string;
  operators: Operator[];
}

/**
 * n operator keys and a definition made by `sv ceremony create` (devnet, the default threshold unless given). The
 * command runs in this process (the same code as `node bin/sv.js ceremony create`, without a second's startup).
 */
export async function createCeremony(dir: string, n: number, options: { relays?: string[]; threshold?: number } = {}): Promise<Ceremony> {
  const operators: Operator[] = [];
  for (let i = 1; i <= n; i++) {
    const key = `0x${randomBytes(32).toString('hex')}` as const;
    const keyFile = join(dir, `operator-${i}.key`);
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    operators.push({ index: i, keyFile, address: privateKeyToAccount(key).address, out: join(dir, `p${i}`) });
  }
  const passwordFile = join(dir, 'password.txt');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  const definition = join(dir, 'definition.json');
  const lines: string[] = [];
  const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
  const code = await main(
    [
      'ceremony', 'create',
      '--operators', operators.map((o) => o.address).join(','),
      '--network', 'devnet',
      '--withdrawal-address', WITHDRAWAL,
      ...(options.relays ?? []).flatMap((relay) => ['--relay', relay]),
      ...(options.threshold === undefined ? [] : ['--threshold', String(options.threshold)]),
      '--out', definition,
    ],
    io,
  );
  if (code !== 0) throw new Error(`sv ceremony create failed (${code}):\n${lines.join('\n')}`);
  return { dir, definition, passwordFile, operators };
}

export interface JoinExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface JoinProcess {
  operator: Operator;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Everything written so far, labelled (for assertion messages). */
  transcript(): string;
  /** Resolves with the first match of `pattern` in stdout (now or later); rejects if the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<JoinExit>;
  /** SIGKILL this process (if still running) and wait for it to exit. */
  kill(): Promise<JoinExit>;
}

/** Every join process started and not yet reaped, so a test's cleanup can end them even after a failure. */
const running = new Set<JoinProcess>();

/** Start `sv ceremony join <definition> ... --kdf pbkdf2` for one operator (relays: --relay, comma-joined; `extra` options appended). */
export function startJoin(ceremony: Ceremony, operator: Operator, relays: string[], extra: string[] = []): JoinProcess {
  const args = [
    'bin/sv.js', 'ceremony', 'join', ceremony.definition,
    '--operator-key', operator.keyFile,
    '--out', operator.out,
    '--password-file', ceremony.passwordFile,
    '--kdf', 'pbkdf2',
    ...(relays.length ? ['--relay', relays.join(',')] : []),
    ...extra,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SV_DEBUG: '' } });
  const started = Date.now();
  let out = '';
  let err = '';
  /** stdout with each line prefixed by the seconds since spawn, for diagnosing a failure. */
  let timed = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (c: Buffer) => {
    const text = c.toString();
    out += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    const t = ((Date.now() - started) / 1000).toFixed(2).padStart(6);
    for (const line of lines) timed += `${t} ${line}\n`;
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  let hasExited = false;
  const exited = new Promise<JoinExit>((resolve) => {
    child.once('close', (code, signal) => {
      hasExited = true;
      timed += `${((Date.now() - started) / 1000).toFixed(2).padStart(6)} [exit ${signal ?? code}]\n`;
      for (const w of [...waiters]) w();
      resolve({ code, signal });
    });
  });
  const transcript = () => `--- participant ${operator.index} (pid ${child.pid}) stdout:\n${timed}${partial}\n--- stderr:\n${err}`;
  const p: JoinProcess = {
    operator,
    child,
    stdout: () => out,
    stderr: () => err,
    transcript,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) done(() => resolve(m));
          else if (hasExited) done(() => reject(new Error(`participant ${operator.index} exited before printing ${pattern}\n${transcript()}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`participant ${operator.index} did not print ${pattern} in ${timeoutMs} ms\n${transcript()}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
  running.add(p);
  void exited.then(() => running.delete(p));
  return p;
}

/** SIGKILL every join process this module started that is still running, and wait for them. */
export async function killAllJoins(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}

/** Wait for every process to exit, at most `timeoutMs`; then kill the rest. Returns their exits in order. */
export async function waitAll(processes: JoinProcess[], timeoutMs: number): Promise<JoinExit[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const all = Promise.all(processes.map((p) => p.exited));
  const r = await Promise.race([all, timeout]);
  clearTimeout(timer);
  if (r === 'timeout') {
    const stuck = processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    const detail = stuck.map((p) => p.transcript()).join('\n');
    await Promise.all(stuck.map((p) => p.kill()));
    throw new Error(`${stuck.length} participant(s) still running after ${timeoutMs} ms:\n${detail}`);
  }
  return r;
}

/** What a successful participant left in its --out directory. */
export interface JoinOutputs {
  groupKey: string;
  /** The group key printed on stdout ("validator 0: 0x..."). */
  printedKey: string | undefined;
  files: string[];
  ceremonyJson: string;
  depositData: string;
  /** The public files' contents (the same for every participant of one ceremony). */
  publicContents: { ceremony: string; clusterLock: string; depositData: string };
}

export function readOutputs(p: JoinProcess): JoinOutputs {
  const { out, index } = p.operator;
  const files = readdirSync(out).sort();
  const clusterLock = readFileSync(join(out, 'cluster-lock.json'), 'utf8');
  const lock = JSON.parse(clusterLock) as { validators: { publicKey: string }[] };
  const deposit = files.find((f) => /^deposit_data-\d+\.json$/.test(f));
  if (!deposit) throw new Error(`participant ${index} wrote no deposit_data-*.json`);
  if (!existsSync(join(out, `keystore-0-${index}.json`))) throw new Error(`participant ${index} wrote no keystore-0-${index}.json`);
  return {
    groupKey: lock.validators[0]!.publicKey.toLowerCase(),
    printedKey: p.stdout().match(/validator 0: (0x[0-9a-fA-F]{96})/)?.[1]?.toLowerCase(),
    files,
    ceremonyJson: join(out, 'ceremony.json'),
    depositData: join(out, deposit),
    publicContents: { ceremony: readFileSync(join(out, 'ceremony.json'), 'utf8'), clusterLock, depositData: readFileSync(join(out, deposit), 'utf8') },
  };
}
