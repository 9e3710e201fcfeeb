// The deposit verification screen in real headless Chromium, against the production build served on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error plain JS helper shared with the scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.js';
import { VECTORS } from '../helpers.js';

const SHOTS = join(process.cwd(), 'test-results', 'screens');
const holesky = readFileSync(join(VECTORS, 'eth', 'deposit-cli', 'ethstaker-docs-holesky-deposit_data.json'), 'utf8');

let dir: string;
let server: PreviewServer;
let browser: Browser;
let page: Page;
let url: string;

beforeAll(async () => {
  const executablePath = findChromium() as string | undefined;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium)');
  dir = mkdtempSync(join(tmpdir(), 'sv-e2e-'));
  const outDir = join(dir, 'web');
  await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  url = server.resolvedUrls?.local[0] as string;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(name: string, content: string, network = '') {
  const file = join(dir, name);
  writeFileSync(file, content);
  await page.selectOption('[data-testid=network]', network);
  await page.setInputFiles('[data-testid=file]', file);
  await page.getByText(`Checked: ${name}`).waitFor();
}

describe('Verify deposits screen', () => {
  it('loads under a strict CSP with no console errors', async () => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    await page.screenshot({ path: join(SHOTS, 'home.png') });
    await page.getByRole('button', { name: 'Verify deposits' }).click();
    await page.getByRole('heading', { name: 'Verify deposits' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('passes the staking-deposit-cli holesky file, detected and named', async () => {
    await check('deposit_data-holesky.json', holesky);
    await expect.poll(() => page.getByTestId('summary').textContent()).toMatch(/All 2 entries are valid for holesky/);
    await page.screenshot({ path: join(SHOTS, 'verify-valid.png') });
    await check('deposit_data-holesky.json', holesky, 'holesky');
    await expect.poll(() => page.getByTestId('summary').textContent()).toMatch(/valid for holesky/);
  });

  it('fails the same file for mainnet, with the reason', async () => {
    await check('deposit_data-holesky.json', holesky, 'mainnet');
    await expect.poll(() => page.getByTestId('summary').textContent()).toMatch(/2 of 2 entries failed/);
    expect(await page.locator('.entries').textContent()).toContain('DEPOSIT_WRONG_NETWORK');
  });

  it('fails a tampered signature and a changed amount, naming each reason', async () => {
    const [entry] = JSON.parse(holesky) as Record<string, string | number>[];
    const sig = entry!.signature as string;
    const tampered = { ...entry, signature: sig.slice(0, -2) + (sig.endsWith('00') ? '01' : '00') };
    await check('tampered.json', JSON.stringify([tampered]));
    await expect.poll(() => page.getByTestId('summary').textContent()).toMatch(/failed/);
    const text = await page.locator('.entries').textContent();
    expect(text).toMatch(/DEPOSIT_(BAD_SIGNATURE|BAD_LENGTH|DATA_ROOT_MISMATCH|BAD_HEX)/);
    await page.screenshot({ path: join(SHOTS, 'verify-invalid.png') });
    await check('amount.json', JSON.stringify([{ ...entry, amount: 31000000000 }]));
    expect(await page.locator('.entries').textContent()).toContain('DEPOSIT_MESSAGE_ROOT_MISMATCH');
  });

  it('says so in words when the file is not JSON', async () => {
    await check('notes.json', 'this is not json');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not valid JSON/);
  });
});
