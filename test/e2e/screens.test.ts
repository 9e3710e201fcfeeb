// The screens around a ceremony in real headless Chromium, on the production build: creating a ceremony gives a
// join link whose page shows exactly that definition; a damaged link is refused in words; without a wallet the
// page says so; "My validators" starts empty. Screenshots land in test-results/screens/ for a look.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error plain JS helper shared with the scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.js';
import { parseJoinLink, parseJoinTarget } from '../../src/app/joinLink.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';

const SHOTS = join(process.cwd(), 'test-results', 'screens');
const OPERATORS = ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444'];
const RELAY = '/ip4/127.0.0.1/tcp/4002/ws/p2p/12D3KooWPC3XZUQjVUVKQTDJfzgi244cvfMreFCbNFMxFYQTpAGz';

let dir: string;
let server: PreviewServer;
let browser: Browser;
let page: Page;
let url: string;
let relay: RelayProcess;
const errors: string[] = [];

beforeAll(async () => {
  const executablePath = findChromium() as string | undefined;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium)');
  dir = mkdtempSync(join(tmpdir(), 'sv-e2e-screens-'));
  const outDir = join(dir, 'web');
  await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  url = server.resolvedUrls?.local[0] as string;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 1100 } });
  page.on('pageerror', (e) => errors.push(e.message));
  mkdirSync(SHOTS, { recursive: true });
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay?.stop();
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ceremony screens', () => {
  it('create → join link → the join page shows that very definition', async () => {
    await page.goto(url);
    await page.getByRole('navigation').getByRole('button', { name: 'Create a ceremony' }).click();
    await expect(page.getByTestId('create-problem').textContent()).resolves.toMatch(/Add the operators/);
    await page.getByTestId('operators').fill(OPERATORS.slice(0, 3).join('\n'));
    await page.getByTestId('use-address').check();
    await page.getByTestId('withdrawal').fill('0x5555555555555555555555555555555555555555');
    await page.getByText('Fewer than 4 operators').waitFor();
    await page.getByTestId('operators').fill(OPERATORS.join('\n'));
    await page.locator('textarea').nth(1).fill(RELAY);
    const link = await page.getByTestId('join-link').inputValue();
    await page.screenshot({ path: join(SHOTS, 'create.png'), fullPage: true });
    const definition = parseJoinLink(link);
    expect(definition.operators.map((o) => o.address.toLowerCase())).toEqual(OPERATORS);
    expect(definition.threshold).toBe(3);
    expect(definition.relays).toEqual([RELAY]);
    expect(new URL(link).origin).toBe(new URL(url).origin);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Join a ceremony' }).waitFor();
    const shown = await page.getByTestId('definition').textContent();
    expect(shown).toContain('3 of 4');
    for (const address of OPERATORS) expect(shown!.toLowerCase()).toContain(address);
    await page.getByText('No browser wallet found').waitFor();
    await page.screenshot({ path: join(SHOTS, 'join-review.png'), fullPage: true });
  });

  it('a long ceremony is published on its relay and shared as a short link that fetches and checks it', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`);
    await page.goto(url);
    await page.getByRole('navigation').getByRole('button', { name: 'Create a ceremony' }).click();
    await page.getByTestId('operators').fill(many.join('\n'));
    await page.getByTestId('use-address').check();
    await page.getByTestId('withdrawal').fill('0x5555555555555555555555555555555555555555');
    await page.locator('textarea').nth(1).fill(relay.ws);
    const long = await page.getByTestId('join-link').inputValue();
    expect(long.length).toBeGreaterThan(2000);
    await page.getByTestId('publish').click();
    await page.getByText('was published on the relay').waitFor();
    const short = await page.getByTestId('join-link').inputValue();
    expect(short.length).toBeLessThan(300);
    expect(parseJoinTarget(short)).toMatchObject({ relay: relay.ws });
    await page.goto('about:blank');
    await page.goto(short);
    await page.getByRole('heading', { name: 'Join a ceremony' }).waitFor();
    expect(await page.getByTestId('definition').textContent()).toContain(`${Math.ceil(80 / 3)} of 40`);
    // A short link whose hash the relay does not hold is refused in words.
    await page.goto('about:blank');
    await page.goto(short.replace(/h=[0-9a-f]{4}/, 'h=0000'));
    await page.getByRole('heading', { name: 'This join link does not work' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/does not hold this ceremony/);
  });

  it('refuses a damaged join link in words', async () => {
    await page.goto(`${url}#join=1&d=eyJub3QiOiJhIGRlZmluaXRpb24ifQ`);
    await page.getByRole('heading', { name: 'This join link does not work' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/definition/);
  });

  it('"My validators" starts empty and offers to check a backup', async () => {
    await page.goto(url);
    await page.getByRole('navigation').getByRole('button', { name: 'My validators' }).click();
    await page.getByText('This browser holds no ceremony yet').waitFor();
    await page.getByRole('heading', { name: 'Check a backup' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'my-validators.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
