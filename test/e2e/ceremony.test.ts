// The whole browser flow, end to end: 4 isolated Chromium contexts open the join link of the production build,
// connect an injected EIP-6963 test wallet (the test process signs with each operator's private key), approve,
// run the DKG in a Web Worker over a real relay process, back up, and get the deposit data. Every participant's
// outputs verify with the real `sv transcript verify` and `sv deposit verify`; the group key is the same for all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { privateKeyToAccount } from 'viem/accounts';
// @ts-expect-error plain JS helper shared with the scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.js';
import { installTestWallet } from './testWallet.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { runSv } from '../cli.js';
import { buildDefinition } from '../../src/cli/ceremonyCreate.js';
import { joinLink } from '../../src/app/joinLink.js';

const SHOTS = join(process.cwd(), 'test-results', 'screens');
const KEYS = ['a1', 'b2', 'c3', 'd4'].map((b) => `0x${b.repeat(32)}` as const);

let dir: string;
let server: PreviewServer;
let browser: Browser;
let relay: RelayProcess;
let url: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const executablePath = findChromium() as string | undefined;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium)');
  dir = mkdtempSync(join(tmpdir(), 'sv-e2e-ceremony-'));
  const outDir = join(dir, 'web');
  relay = await startRelayProcess();
  await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  url = server.resolvedUrls?.local[0] as string;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.close();
  await relay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function participant(k: number, link: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await installTestWallet(page, { privateKey: KEYS[k]!, chainId: 31337, knownChainIds: [31337] });
  await page.goto(link);
  await page.getByTestId('connect-wallet').first().click();
  await page.getByTestId('continue').click();
  await page.getByTestId('passphrase').fill('a passphrase for this browser');
  await page.getByTestId('passphrase-repeat').fill('a passphrase for this browser');
  if (k === 0) await page.screenshot({ path: join(SHOTS, 'join-passphrase.png') });
  await page.getByTestId('approve').click();
  return page;
}

async function download(page: Page, testId: string, index = 0): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).nth(index).click()]);
  const path = join(dir, `${Math.random().toString(16).slice(2)}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

describe('a ceremony of 4 browsers over a real relay', () => {
  it('runs to success in every page; the outputs verify; the group key is the same for all', async () => {
    const operators = KEYS.map((k) => privateKeyToAccount(k).address);
    const definition = buildDefinition({ operators, network: 'devnet', withdrawalAddress: '0x000000000000000000000000000000000000dEaD', relays: [relay.ws, relay.tcp], now: Math.floor(Date.now() / 1000) });
    const link = joinLink(url, definition);
    const pages = await Promise.all(KEYS.map((_, k) => participant(k, link)));
    await pages[0]!.screenshot({ path: join(SHOTS, 'ceremony-running.png') });
    // The ceremony finishes in every page: each moves on to the backup step.
    await Promise.all(pages.map((p) => p.getByTestId('backup-password').waitFor({ timeout: 150_000 })));
    const keys: string[] = [];
    for (const [k, page] of pages.entries()) {
      await page.getByTestId('backup-password').fill('keystore password 123');
      await page.getByTestId('backup-password-repeat').fill('keystore password 123');
      await page.getByTestId('prepare-backup').click();
      if (k === 0) await page.screenshot({ path: join(SHOTS, 'backup-preparing.png') });
    }
    for (const [k, page] of pages.entries()) {
      await page.getByTestId('backup-confirm').waitFor({ timeout: 120_000 });
      if (k === 0) await page.screenshot({ path: join(SHOTS, 'backup-files.png') });
      const names = await page.getByTestId('download').allTextContents();
      expect(names).toContain('ceremony.json');
      expect(names).toContain('cluster-lock.json');
      expect(names).toContain(`keystore-0-${k + 1}.json`);
      expect(names.some((n) => n.startsWith('deposit_data'))).toBe(false); // not before the backup is confirmed
      const ceremonyFile = await download(page, 'download', names.indexOf('ceremony.json'));
      await page.getByTestId('backup-confirm').check();
      await page.getByTestId('backup-done').click();
      keys.push((await page.getByTestId('group-key').first().textContent())!.trim());
      if (k === 0) await page.screenshot({ path: join(SHOTS, 'result.png') });
      const depositFile = await download(page, 'download-deposit');
      const transcript = await runSv(['transcript', 'verify', ceremonyFile]);
      expect(transcript.code, transcript.stdout + transcript.stderr).toBe(0);
      const deposit = await runSv(['deposit', 'verify', depositFile, '--network', 'devnet']);
      expect(deposit.code, deposit.stdout + deposit.stderr).toBe(0);
      expect(JSON.parse(readFileSync(depositFile, 'utf8'))[0].pubkey).toBe(keys[k]!.slice(2));
    }
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^0x[0-9a-f]{96}$/);
  });
});
