/**
 * The web app as users get it: a 4-operator ceremony run by 4 isolated Chromium contexts on the production build
 * (each page's Web Worker talking WebSocket to a real `sv relay` process), beside the same ceremony of 4 headless
 * participants through the same relay process in the same run — 4 `sv ceremony join` child processes, and 4
 * participants in this process (no process start-up) — and the size of the built app: what loads before any
 * interaction, and in total with the ceremony worker.
 */
import { spawn } from 'node:child_process';
import { randomBytes as nodeRandomBytes, scryptSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error plain JS helper shared with the scripts
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.js';
import { createLibp2pBoard, type Libp2pBoard } from '../src/adapters/libp2p/index.js';
import { nodeTransports } from '../src/adapters/libp2p/nodeTransports.js';
import { createMemorySecretStore } from '../src/adapters/memory/index.js';
import { createLocalWallet } from '../src/adapters/chain/localWallet.js';
import { runCeremony } from '../src/app/runCeremony.js';
import { joinLink } from '../src/app/joinLink.js';
import { buildDefinition } from '../src/cli/ceremonyCreate.js';
import type { CeremonyDefinition } from '../src/core/dkg/definition.js';
import { installTestWallet } from '../test/e2e/testWallet.js';
import { startRelayProcess, type RelayProcess } from '../test/relayProcess.js';
import { machineLine, table } from './harness.js';
import { createSystemClock } from '../src/adapters/system/index.js';
import { withHash } from '../src/core/dkg/definition.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = 4;
const WITHDRAWAL = '0x000000000000000000000000000000000000dEaD';
const PASSWORD = 'correct horse battery staple';
const TIMEOUT_MS = 180_000;
const gc = (globalThis as { gc?: () => void }).gc;
const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
const freshKey = () => `0x${nodeRandomBytes(32).toString('hex')}` as const;

export const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// ---------------------------------------------------------------------------------------------------------------
// Results

export interface BrowserRun {
  /** From dispatching the 4 approve clicks (at once) until the last page shows the backup step. */
  fromFirstClickMs: number;
  /** From the last of the 4 clicks returning until the last page shows the backup step. */
  fromAllClickedMs: number;
  /** Last click returned − clicks dispatched. */
  clickSpreadMs: number;
  /** Each page's backup step, from the clicks (ms, in operator order). */
  pagesMs: number[];
  /** Untimed preparation: 4 contexts opened, link loaded, wallet connected, passphrase typed. */
  prepareMs: number;
}

export interface InProcessRun {
  /** From creating the 4 boards (TCP to the relay) until all 4 runCeremony calls resolved 'succeeded'. */
  wallMs: number;
}

export interface CliRun {
  /** From spawning the first of the 4 processes until the last exited (code 0). */
  exitMs: number;
  /** ... until the last printed "ceremony succeeded" (before it encrypts its keystore and writes files). */
  succeededMs: number;
  /** ... until the last printed its first line ("joining ...": Node + tsx start-up, definition, file store's scrypt). */
  firstLineMs: number;
}

export interface FileSize {
  file: string;
  kind: 'html' | 'entry' | 'css' | 'static import' | 'worker' | 'lazy' | 'other';
  raw: number;
  gzip: number;
}

export interface BundleResult {
  buildMs: number;
  files: FileSize[];
  firstScreen: string[];
  workers: string[];
  /** Present in the build but left out of every total: local-stack files copied from public/ (gitignored). */
  excluded: string[];
  /** What the page actually fetched on opening the app, until the network was idle (cross-check). */
  observedOnLoad: { path: string; bytes: number; status: number }[];
}

export interface BrowserBenchResult {
  runs: number;
  order: string[][];
  browser: BrowserRun[];
  inProcess: InProcessRun[];
  cli: CliRun[];
  /** Key-derivation costs the paths pay that the in-process one does not (one at a time, medians of 3). */
  kdf: { browserPbkdf600kMs: number; nodeScrypt17Ms: number };
  bundle: BundleResult;
  suiteSeconds: number;
  /** The 1-minute load average when the suite started and when it ended (others may share the machine). */
  load: { start: number; end: number };
}

// ---------------------------------------------------------------------------------------------------------------
// Bundle size

const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The file a URL in `from` (a dist-relative posix path) points to, dist-relative; undefined if not in the build. */
function resolveRef(ref: string, from: string, present: Set<string>): string | undefined {
  if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) return undefined;
  const path = ref.split(/[?#]/)[0]!;
  const resolved = path.startsWith('/') ? path.slice(1) : posix.normalize(posix.join(posix.dirname(from), path));
  return present.has(resolved) ? resolved : undefined;
}

/** Static imports and re-exports of a (minified) ES module — not `import(...)`. */
function staticImports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g)) out.push(m[1]!);
  for (const m of code.matchAll(/\bexport\s*(?:\*(?:\s*as\s*[\w$]+)?|\{[^}]*\})\s*from\s*["']([^"']+)["']/g)) out.push(m[1]!);
  return out;
}

/** Files a module starts as workers: `new Worker(new URL("...", import.meta.url))` (Vite's output form; Vite 8 quotes it with backticks). */
function workerRefs(code: string): string[] {
  return [...code.matchAll(/new\s+(?:Shared)?Worker\(\s*new\s+URL\(\s*(?:\/\*[^*]*\*\/\s*)?["'`]([^"'`]+)["'`]/g)].map((m) => m[1]!);
}

function measureBundle(dist: string, buildMs: number): Omit<BundleResult, 'observedOnLoad'> {
  const all = walk(dist).map((p) => relative(dist, p).split('\\').join('/'));
  const excluded = all.filter((f) => f.endsWith('.local.json'));
  const present = new Set(all.filter((f) => !excluded.includes(f)));
  const read = (f: string) => readFileSync(join(dist, f));
  const html = read('index.html').toString('utf8');
  const kinds = new Map<string, FileSize['kind']>([['index.html', 'html']]);
  // What index.html loads by itself: module scripts, stylesheets and module preloads.
  const queue: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) {
    const f = resolveRef(m[1]!, 'index.html', present);
    if (f && !kinds.has(f)) {
      kinds.set(f, 'entry');
      queue.push(f);
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = /\brel="([^"]+)"/.exec(m[0])?.[1] ?? '';
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    if (!href || !/\b(stylesheet|modulepreload)\b/.test(rel)) continue;
    const f = resolveRef(href, 'index.html', present);
    if (f && !kinds.has(f)) {
      kinds.set(f, rel.includes('stylesheet') ? 'css' : 'static import');
      queue.push(f);
    }
  }
  // Follow the static imports of every JS file on the first screen; note which files are started as workers.
  const workerQueue: string[] = [];
  for (let k = 0; k < queue.length; k++) {
    const f = queue[k]!;
    if (!f.endsWith('.js')) continue;
    const code = read(f).toString('utf8');
    for (const ref of staticImports(code)) {
      const g = resolveRef(ref, f, present);
      if (g && !kinds.has(g)) {
        kinds.set(g, 'static import');
        queue.push(g);
      }
    }
  }
  const firstScreen = ['index.html', ...queue];
  // Workers are started from screens loaded later too (the join screen, My validators): look in every JS file.
  for (const f of [...present].filter((x) => x.endsWith('.js'))) {
    for (const ref of workerRefs(read(f).toString('utf8'))) {
      const g = resolveRef(ref, f, present);
      if (g) workerQueue.push(g);
    }
  }
  // The worker(s) and whatever they import statically.
  const workers: string[] = [];
  for (let k = 0; k < workerQueue.length; k++) {
    const f = workerQueue[k]!;
    if (workers.includes(f) || kinds.has(f)) continue;
    workers.push(f);
    kinds.set(f, 'worker');
    for (const ref of [...staticImports(read(f).toString('utf8')), ...workerRefs(read(f).toString('utf8'))]) {
      const g = resolveRef(ref, f, present);
      if (g) workerQueue.push(g);
    }
  }
  const files: FileSize[] = [...present]
    .map((f) => {
      const b = read(f);
      return { file: f, kind: kinds.get(f) ?? (f.endsWith('.js') ? 'lazy' : 'other'), raw: b.length, gzip: gz(b) } satisfies FileSize;
    })
    .sort((a, b) => b.raw - a.raw);
  return { buildMs, files, firstScreen, workers, excluded };
}

/**
 * A fresh browser context. tsx compiles this file with esbuild's keepNames, which wraps named functions in
 * `__name(...)`; functions Playwright sends into the page (the test wallet's init script, page.evaluate) carry
 * those calls along, so the page gets a `__name` that does nothing.
 */
async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return context;
}

/** Open the app's start page in a fresh context and list every response until the network is idle. */
async function observeLoad(browser: Browser, url: string): Promise<BundleResult['observedOnLoad']> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const seen: Promise<{ path: string; bytes: number; status: number }>[] = [];
    page.on('response', (r) => {
      seen.push(r.body().then(
        (b) => ({ path: new URL(r.url()).pathname, bytes: b.length, status: r.status() }),
        () => ({ path: new URL(r.url()).pathname, bytes: 0, status: r.status() }),
      ));
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByTestId('connect-wallet').first().waitFor({ state: 'attached', timeout: 30_000 }).catch(() => undefined);
    return await Promise.all(seen);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The three kinds of ceremony

function definitionFor(operators: string[], relay: RelayProcess): CeremonyDefinition {
  // A fresh uuid (and fresh operator keys): a fresh configHash, so a fresh session on the relay.
  return buildDefinition({ operators, network: 'devnet', withdrawalAddress: WITHDRAWAL, relays: [relay.ws, relay.tcp], now: Math.floor(Date.now() / 1000) });
}

async function browserCeremony(browser: Browser, appUrl: string, relay: RelayProcess): Promise<BrowserRun> {
  const keys = Array.from({ length: N }, freshKey);
  const definition = definitionFor(keys.map((k) => createLocalWallet(k).address), relay);
  const link = joinLink(appUrl, definition);
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  try {
    const p0 = performance.now();
    // Everything up to the approve button, untimed: open, connect the wallet, review, type the passphrase.
    const pages = await Promise.all(
      keys.map(async (privateKey, k): Promise<Page> => {
        const context = await newContext(browser, { viewport: { width: 1100, height: 1000 } });
        contexts.push(context);
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(`page ${k + 1}: ${e.message}`));
        await installTestWallet(page, { privateKey, chainId: 31337, knownChainIds: [31337] });
        await page.goto(link);
        await page.getByTestId('connect-wallet').first().click();
        await page.getByTestId('continue').click();
        await page.getByTestId('passphrase').fill('a passphrase for this browser');
        await page.getByTestId('passphrase-repeat').fill('a passphrase for this browser');
        await page.getByTestId('approve').waitFor({ state: 'visible' });
        return page;
      }),
    );
    const prepareMs = performance.now() - p0;
    gc?.();
    const t0 = performance.now();
    const clicked = await Promise.all(pages.map(async (p) => (await p.getByTestId('approve').click(), performance.now())));
    const pagesMs = await Promise.all(
      pages.map(async (p) => (await p.getByTestId('backup-password').waitFor({ timeout: TIMEOUT_MS }), performance.now() - t0)),
    );
    const end = t0 + Math.max(...pagesMs);
    const lastClick = Math.max(...clicked);
    return { fromFirstClickMs: end - t0, fromAllClickedMs: end - lastClick, clickSpreadMs: lastClick - t0, pagesMs, prepareMs };
  } catch (e) {
    throw new Error(`browser ceremony failed: ${(e as Error).message}${errors.length ? `\npage errors:\n${errors.join('\n')}` : ''}`, { cause: e });
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
  }
}

async function inProcessCeremony(relay: RelayProcess): Promise<InProcessRun> {
  const wallets = Array.from({ length: N }, () => createLocalWallet(freshKey()));
  const definition = definitionFor(wallets.map((w) => w.address), relay);
  const boards: Libp2pBoard[] = [];
  gc?.();
  const t0 = performance.now();
  try {
    // As `sv ceremony join` does it, minus the process, the file store and the outputs.
    const states = await Promise.all(
      wallets.map(async (wallet, k) => {
        const board = await createLibp2pBoard({ relays: [relay.tcp], transports: nodeTransports() });
        boards.push(board);
        return runCeremony({
          board,
          store: createMemorySecretStore(),
          definition: withHash(definition),
          index: k + 1,
          randomBytes,
          signApproval: (typed) => wallet.signTypedData(typed),
          clock: createSystemClock(),
        });
      }),
    );
    const wallMs = performance.now() - t0;
    const failed = states.filter((s) => s.phase !== 'succeeded');
    if (failed.length) throw new Error(`in-process ceremony did not succeed: ${JSON.stringify(failed[0]!.abort)}`);
    return { wallMs };
  } finally {
    await Promise.allSettled(boards.map((b) => b.close()));
  }
}

async function cliCeremony(relay: RelayProcess, workDir: string): Promise<CliRun> {
  const dir = mkdtempSync(join(workDir, 'cli-'));
  const keys = Array.from({ length: N }, freshKey);
  const definition = definitionFor(keys.map((k) => createLocalWallet(k).address), relay);
  const definitionFile = join(dir, 'definition.json');
  writeFileSync(definitionFile, `${JSON.stringify(definition, null, 2)}\n`);
  const passwordFile = join(dir, 'password.txt');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  const keyFiles = keys.map((key, k) => {
    const f = join(dir, `operator-${k + 1}.key`);
    writeFileSync(f, `${key}\n`, { mode: 0o600 });
    return f;
  });
  gc?.();
  const t0 = performance.now();
  const children = keyFiles.map((keyFile, k) => {
    const args = ['bin/sv.js', 'ceremony', 'join', definitionFile, '--operator-key', keyFile, '--out', join(dir, `p${k + 1}`), '--password-file', passwordFile, '--relay', relay.tcp, '--kdf', 'pbkdf2'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SV_DEBUG: '' } });
    let out = '';
    let err = '';
    let firstLine: number | undefined;
    let succeeded: number | undefined;
    child.stdout.on('data', (c: Buffer) => {
      firstLine ??= performance.now();
      out += c.toString();
      if (succeeded === undefined && out.includes('ceremony succeeded')) succeeded = performance.now();
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('close', (code) => resolve({ code, at: performance.now() })));
    return { child, exited, times: () => ({ firstLine, succeeded }), log: () => `--- participant ${k + 1}:\n${out}\n${err}` };
  });
  const timer = setTimeout(() => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  }, TIMEOUT_MS);
  try {
    const exits = await Promise.all(children.map((c) => c.exited));
    if (exits.some((e) => e.code !== 0)) throw new Error(`sv ceremony join failed (exit ${exits.map((e) => e.code).join(', ')}):\n${children.map((c) => c.log()).join('\n')}`);
    const times = children.map((c) => c.times());
    return {
      exitMs: Math.max(...exits.map((e) => e.at)) - t0,
      succeededMs: Math.max(...times.map((t) => t.succeeded!)) - t0,
      firstLineMs: Math.max(...times.map((t) => t.firstLine!)) - t0,
    };
  } finally {
    clearTimeout(timer);
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One at a time, median of 3: PBKDF2-SHA-256 600 000 (the browser's store) in a page; scrypt 2^17 (the CLI's store) here. */
async function kdfCosts(browser: Browser, url: string): Promise<BrowserBenchResult['kdf']> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(url);
    const browserMs: number[] = await page.evaluate(async () => {
      const out: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('a passphrase for this browser'), 'PBKDF2', false, ['deriveBits']);
        await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: crypto.getRandomValues(new Uint8Array(16)), iterations: 600_000 }, key, 256);
        out.push(performance.now() - t0);
      }
      return out;
    });
    const nodeMs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      scryptSync(PASSWORD, nodeRandomBytes(16), 32, { N: 1 << 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
      nodeMs.push(performance.now() - t0);
    }
    return { browserPbkdf600kMs: median(browserMs), nodeScrypt17Ms: median(nodeMs) };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The suite

export async function runBrowser(opts: { runs: number }): Promise<BrowserBenchResult> {
  const started = performance.now();
  const loadStart = loadavg()[0]!;
  const executablePath = findChromium() as string | undefined;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium)');
  const workDir = mkdtempSync(join(tmpdir(), 'sv-bench-browser-'));
  const dist = join(workDir, 'web');
  let relay: RelayProcess | undefined;
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    const b0 = performance.now();
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: dist, emptyOutDir: true } });
    const buildMs = performance.now() - b0;
    const bundle = measureBundle(dist, buildMs);
    console.log(`  built the app in ${(buildMs / 1000).toFixed(1)} s`);
    relay = await startRelayProcess();
    server = await preview({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 0 } });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview printed no local URL');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const observedOnLoad = await observeLoad(browser, url);
    const kdf = await kdfCosts(browser, url);

    const r = relay;
    const b = browser;
    const result = { browser: [] as BrowserRun[], inProcess: [] as InProcessRun[], cli: [] as CliRun[] };
    const kinds = {
      browser: async (timed: boolean) => {
        const x = await browserCeremony(b, url, r);
        if (timed) result.browser.push(x);
        return `browser ${(x.fromFirstClickMs / 1000).toFixed(2)} s`;
      },
      'in-process': async (timed: boolean) => {
        const x = await inProcessCeremony(r);
        if (timed) result.inProcess.push(x);
        return `in-process ${(x.wallMs / 1000).toFixed(2)} s`;
      },
      cli: async (timed: boolean) => {
        const x = await cliCeremony(r, workDir);
        if (timed) result.cli.push(x);
        return `cli ${(x.exitMs / 1000).toFixed(2)} s`;
      },
    };
    const names = Object.keys(kinds) as (keyof typeof kinds)[];
    // One untimed ceremony of each kind first (JIT, Chromium's code cache, the relay's first session, disk caches).
    const warm: string[] = [];
    for (const name of names) warm.push(await kinds[name](false));
    console.log(`  warm-up (untimed): ${warm.join(', ')}`);
    const order: string[][] = [];
    for (let round = 0; round < opts.runs; round++) {
      // Rotate the order each round, so no kind always follows the same one.
      const rotated = names.map((_, k) => names[(k + round) % names.length]!);
      order.push(rotated);
      const line: string[] = [];
      for (const name of rotated) line.push(await kinds[name](true));
      console.log(`  round ${round + 1}: ${line.join(', ')}`);
    }
    return { runs: opts.runs, order, ...result, kdf, bundle: { ...bundle, observedOnLoad }, suiteSeconds: (performance.now() - started) / 1000, load: { start: loadStart, end: loadavg()[0]! } };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (relay) {
      await relay.stop();
      rmSync(relay.dataDir, { recursive: true, force: true });
    }
    rmSync(workDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
const list = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');

/** The markdown body and the JSON of a run of the suite. */
export function browserReport(r: BrowserBenchResult, when: string): { md: string; json: object } {
  const browserMed = median(r.browser.map((x) => x.fromFirstClickMs));
  const browserAllClickedMed = median(r.browser.map((x) => x.fromAllClickedMs));
  const inProcMed = median(r.inProcess.map((x) => x.wallMs));
  const cliExitMed = median(r.cli.map((x) => x.exitMs));
  const cliSucceededMed = median(r.cli.map((x) => x.succeededMs));
  const cliFirstMed = median(r.cli.map((x) => x.firstLineMs));
  const ratios = { browserOverInProcess: browserMed / inProcMed, browserOverCliExit: browserMed / cliExitMed, browserOverCliSucceeded: browserMed / cliSucceededMed };

  const b = r.bundle;
  const sum = (fs: FileSize[]) => ({ raw: fs.reduce((a, f) => a + f.raw, 0), gzip: fs.reduce((a, f) => a + f.gzip, 0), count: fs.length });
  const first = sum(b.files.filter((f) => b.firstScreen.includes(f.file)));
  const workers = sum(b.files.filter((f) => f.kind === 'worker'));
  const lazy = sum(b.files.filter((f) => f.kind === 'lazy'));
  const other = sum(b.files.filter((f) => f.kind === 'other'));
  const total = sum(b.files);
  const observedTotal = b.observedOnLoad.reduce((a, o) => a + o.bytes, 0);

  const ceremonyTable = table(
    ['participants (4, through one relay process)', 'measured', 'runs', 'wall (median)', 'each run (s)', 'browser / this'],
    [
      ['4 Chromium contexts, production build (Web Worker, WebSocket)', 'first approve click → all 4 show the backup step', String(r.browser.length), `**${sec(browserMed)}**`, list(r.browser.map((x) => x.fromFirstClickMs)), '1.00'],
      ['4 in-process headless (runCeremony, TCP)', 'create 4 boards → all 4 succeeded', String(r.inProcess.length), `**${sec(inProcMed)}**`, list(r.inProcess.map((x) => x.wallMs)), `**${ratios.browserOverInProcess.toFixed(2)}**`],
      ['4 `sv ceremony join` processes (TCP)', 'spawn → all 4 exited', String(r.cli.length), `**${sec(cliExitMed)}**`, list(r.cli.map((x) => x.exitMs)), `**${ratios.browserOverCliExit.toFixed(2)}**`],
      ['the same processes', 'spawn → all 4 printed "ceremony succeeded"', String(r.cli.length), sec(cliSucceededMed), list(r.cli.map((x) => x.succeededMs)), ratios.browserOverCliSucceeded.toFixed(2)],
    ],
  );
  const partsTable = table(
    ['part', 'median'],
    [
      ['browser: from the last of the 4 approve clicks returning (instead of the first dispatched)', sec(browserAllClickedMed)],
      ['browser: the 4 clicks, dispatched together, all returned after', `${median(r.browser.map((x) => x.clickSpreadMs)).toFixed(0)} ms`],
      ['browser: preparing the 4 pages up to the approve button (untimed)', sec(median(r.browser.map((x) => x.prepareMs)))],
      ['CLI: spawn → the last process\u2019s first line (Node + tsx start-up, definition, scrypt of its state store)', sec(cliFirstMed)],
      ['CLI: "ceremony succeeded" → exit (keystore encryption, pbkdf2, and writing the outputs)', sec(cliExitMed - cliSucceededMed)],
      ['PBKDF2-SHA-256 600 000 in a page (WebCrypto; each browser participant\u2019s IndexedDB store key), one alone', `${r.kdf.browserPbkdf600kMs.toFixed(0)} ms`],
      ['scrypt N = 2^17 in Node (each CLI participant\u2019s state store key), one alone', `${r.kdf.nodeScrypt17Ms.toFixed(0)} ms`],
    ],
  );
  const bundleTable = table(
    ['part', 'files', 'raw', 'gzip -9'],
    [
      ['**first screen** (index.html + entry JS + its CSS and static imports)', String(first.count), kib(first.raw), `**${kib(first.gzip)}**`],
      ['workers (the ceremony, the backup import)', String(workers.count), kib(workers.raw), kib(workers.gzip)],
      ...(lazy.count ? [['other JS chunks (loaded later)', String(lazy.count), kib(lazy.raw), kib(lazy.gzip)]] : []),
      ...(other.count ? [['other files (favicon, ...)', String(other.count), kib(other.raw), kib(other.gzip)]] : []),
      ['**total**', String(total.count), kib(total.raw), `**${kib(total.gzip)}**`],
    ],
  );
  const largestTable = table(
    ['file', 'role', 'raw', 'gzip -9'],
    b.files.slice(0, 8).map((f) => [`\`${f.file}\``, f.kind, kib(f.raw), kib(f.gzip)]),
  );
  const observedTable = table(
    ['fetched on opening the app', 'status', 'bytes (uncompressed body)'],
    b.observedOnLoad.map((o) => [`\`${o.path}\``, String(o.status), String(o.bytes)]),
  );

  const md =
    `## A ceremony of 4: browsers vs headless participants, one relay, one run\n\n` +
    ceremonyTable +
    `\n\nOne \`sv relay\` process on loopback (accept sv-dkg) serves all three kinds; every ceremony is n = 4, t = 3, V = 1 ` +
    `on devnet, with fresh operator keys and a fresh uuid (so a fresh session on the relay). After one untimed ceremony ` +
    `of each kind, the ${r.runs} timed rounds run one of each, the order rotating each round ` +
    `(${r.order.map((o) => o.join(' → ')).join('; ')}); walls are medians. **Ratios: browser / in-process headless ` +
    `${ratios.browserOverInProcess.toFixed(2)}, browser / CLI headless ${ratios.browserOverCliExit.toFixed(2)}** ` +
    `(${ratios.browserOverCliSucceeded.toFixed(2)} against the CLI's "ceremony succeeded").\n\n` +
    `- **Browser**: the production build (vite build, served by vite preview on 127.0.0.1), 4 isolated Chromium ` +
    `contexts (headless, one browser process) with the injected EIP-6963 test wallet (it signs in this process). Each ` +
    `page is brought, untimed, to the approve button (link opened, wallet connected, passphrase typed); then the 4 ` +
    `approve clicks are dispatched together and the clock runs **from that first approve click** until the last page ` +
    `shows the backup step (\`backup-password\`), i.e. the ceremony has succeeded there. This includes what the click ` +
    `starts: the tab lock, loading and starting the worker, the IndexedDB store's PBKDF2 key, the libp2p node and its ` +
    `WebSocket to the relay, the wallet's signature, the DKG itself, and the worker→page→DOM updates.\n` +
    `- **In-process headless**: 4 participants in this one Node process, each its own createLibp2pBoard (TCP) and ` +
    `runCeremony with a memory secret store and a local-key wallet, exactly as \`sv ceremony join\` calls it; timed ` +
    `from creating the boards until all 4 have succeeded. No process start-up, no store KDF, no outputs; the 4 share ` +
    `one JavaScript thread.\n` +
    `- **CLI headless**: 4 \`node bin/sv.js ceremony join definition.json --relay <tcp> --kdf pbkdf2\` children spawned ` +
    `together, timed from the first spawn until the last exit (code 0); they include Node + tsx start-up, the file ` +
    `store's scrypt, and after the ceremony the EIP-2335 keystore encryption (pbkdf2) and the output files, which the ` +
    `browser does only after its backup step — hence the second CLI row, to the last "ceremony succeeded".\n\n` +
    `Where the time goes (medians):\n\n` +
    partsTable +
    `\n\nAll of it (relay, Chromium's 4 renderers and 4 workers, the Node processes) shares the machine's 2 cores, ` +
    `with whatever else runs there: the 1-minute load average was ${r.load.start.toFixed(1)} when the suite started and ` +
    `${r.load.end.toFixed(1)} when it ended, so absolute times are noisy; the ratios come from interleaved runs.\n\n` +
    `## Size of the production build\n\n` +
    bundleTable +
    `\n\nBuilt with \`vite build\` (the repository's vite.config.ts) into a temporary directory, in ${sec(b.buildMs)}. ` +
    `The first screen is what index.html loads before any interaction: its module script(s), stylesheet(s) and module ` +
    `preloads, plus every chunk those import statically (found by reading the built files). Each screen is a chunk of its ` +
    `own, loaded when first shown. The workers are the files some chunk starts with \`new Worker(new URL(...))\` (the ` +
    `ceremony when the operator approves, the backup import in My validators), and what they import. Sizes are bytes on ` +
    `disk and node:zlib gzipSync level 9 of each file (what a server compressing at the best level would send). ` +
    `${b.excluded.length ? `Left out of every total: ${b.excluded.map((f) => `\`${f}\``).join(', ')} (written by \`npm start\` into public/, gitignored, not part of the app). ` : ''}` +
    `\n\nLargest files:\n\n` +
    largestTable +
    `\n\nCross-check: what a fresh Chromium context actually fetched on opening the app's start page, until the network ` +
    `was idle (${b.observedOnLoad.length} responses, ${kib(observedTotal)} uncompressed; the preview server does not compress). ` +
    `The two \`*.local.json\` files are the app looking for a local stack (answered here only because \`npm start\` ` +
    `had written them; elsewhere they are 404s):\n\n` +
    observedTable +
    `\n\nThe whole suite (build, relay, browser, all ceremonies) ran in ${r.suiteSeconds.toFixed(0)} s.`;

  const json = {
    measuredAt: when,
    machine: machineLine(),
    suiteSeconds: r.suiteSeconds,
    loadAverage1m: r.load,
    ceremony: {
      n: N,
      runs: r.runs,
      order: r.order,
      browser: { start: 'first approve click (all 4 dispatched together)', end: 'all 4 pages show the backup step', medianMs: browserMed, fromAllClickedMedianMs: browserAllClickedMed, runs: r.browser },
      inProcess: { start: 'creating the 4 boards', end: 'all 4 runCeremony resolved succeeded', medianMs: inProcMed, runs: r.inProcess },
      cli: { start: 'spawning the first process', end: 'all 4 exited 0', medianMs: cliExitMed, succeededMedianMs: cliSucceededMed, firstLineMedianMs: cliFirstMed, runs: r.cli },
      ratios,
      kdf: r.kdf,
    },
    bundle: {
      buildMs: b.buildMs,
      firstScreen: { files: b.firstScreen, raw: first.raw, gzip: first.gzip },
      workers: { files: b.workers, raw: workers.raw, gzip: workers.gzip },
      total: { raw: total.raw, gzip: total.gzip, files: total.count },
      files: b.files,
      excluded: b.excluded,
      observedOnLoad: b.observedOnLoad,
    },
  };
  return { md, json };
}

/** Write bench/results/browser.md and .json; returns the markdown body. */
export function writeBrowserResults(resultsDir: string, r: BrowserBenchResult): string {
  const when = new Date().toISOString();
  const { md, json } = browserReport(r, when);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'browser.md'), `# The web app: a browser ceremony vs headless ones, and the bundle size\n\nMeasured ${when} on ${machineLine()}.\n\n${md}\n`);
  writeFileSync(join(resultsDir, 'browser.json'), JSON.stringify(json, null, 2) + '\n');
  return md;
}
