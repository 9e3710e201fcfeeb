/**
 * Shared by the browser ceremony tests: the production build served by `vite preview` on 127.0.0.1, one headless
 * Chromium, devnet definitions of 4 operator keys over a real relay, and the join page's steps as a participant
 * takes them (first visit, resume after a reload or a restart, backup → group key).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { privateKeyToAccount } from 'viem/accounts';
import type { Hex } from 'viem';
// @ts-expect-error plain JS helper shared with the scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.js';
import { installTestWallet, type TestWallet } from './testWallet.js';
import type { RelayProcess } from '../relayProcess.js';
import { buildDefinition } from '../../src/cli/ceremonyCreate.js';
import { joinLink } from '../../src/app/joinLink.js';
import type { CeremonyDefinition } from '../../src/core/dkg/index.js';

/** Screenshots for people to look at (not compared). */
export const SHOTS = join(process.cwd(), 'test-results', 'screens');
/** The 4 operators' wallet keys. */
export const KEYS: Hex[] = ['a1', 'b2', 'c3', 'd4'].map((b) => `0x${b.repeat(32)}` as Hex);
export const ADDRESSES = KEYS.map((k) => privateKeyToAccount(k).address);
export const PASSPHRASE = 'a passphrase for this browser';
/** How to launch the system Chromium here (for chromium.launch and chromium.launchPersistentContext). */
export function chromiumOptions(): { executablePath: string; args: string[] } {
  const executablePath = findChromium() as string | undefined;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium)');
  return { executablePath, args: CHROMIUM_ARGS as string[] };
}

export interface WebApp {
  /** Base URL of the served production build. */
  url: string;
  browser: Browser;
  /** A temporary directory for this suite (build output, downloads, profiles); removed by close(). */
  dir: string;
  close(): Promise<void>;
}

/** Build the web app, serve it on 127.0.0.1 and launch Chromium. */
export async function startWebApp(prefix = 'sv-e2e-'): Promise<WebApp> {
  const launch = chromiumOptions();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const outDir = join(dir, 'web');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    server = await preview({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    browser = await chromium.launch(launch);
    mkdirSync(SHOTS, { recursive: true });
    return { url: server.resolvedUrls?.local[0] as string, browser, dir, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A new devnet ceremony of the 4 KEYS over `relay` (browsers dial its WebSocket, Node its TCP address). */
export function newCeremony(url: string, relay: RelayProcess): { definition: CeremonyDefinition; link: string } {
  const definition = buildDefinition({
    operators: ADDRESSES,
    network: 'devnet',
    withdrawalAddress: '0x000000000000000000000000000000000000dEaD',
    relays: [relay.ws, relay.tcp],
    now: Math.floor(Date.now() / 1000),
  });
  return { definition, link: joinLink(url, definition) };
}

export interface Participant {
  page: Page;
  wallet: TestWallet;
  /** Uncaught errors in the page. */
  errors: string[];
}

/** A page in `context` with operator `k`'s (0-based) test wallet, on `link`. */
export async function openParticipant(context: BrowserContext, k: number, link: string, page?: Page): Promise<Participant> {
  page ??= await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const wallet = await installTestWallet(page, { privateKey: KEYS[k]!, chainId: 31337, knownChainIds: [31337] });
  await page.goto(link);
  return { page, wallet, errors };
}

/** First visit: connect the wallet, choose the passphrase, approve (the wallet signs). */
export async function joinCeremony(page: Page, options: { passphrase?: string; beforeApprove?: () => Promise<unknown> } = {}): Promise<void> {
  const passphrase = options.passphrase ?? PASSPHRASE;
  await page.getByTestId('connect-wallet').first().click();
  await page.getByTestId('continue').click();
  await page.getByTestId('passphrase').fill(passphrase);
  await page.getByTestId('passphrase-repeat').fill(passphrase);
  await options.beforeApprove?.();
  await page.getByTestId('approve').click();
}

/**
 * Come back to a ceremony this browser already holds (after a reload or a restart): connect, continue, and
 * unlock with the passphrase. There is no repeat field and the button says so.
 */
export async function resumeCeremony(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.getByTestId('connect-wallet').first().click();
  await page.getByTestId('continue').click();
  await page.getByTestId('passphrase').fill(passphrase);
  const approve = page.getByTestId('approve');
  await approve.filter({ hasText: 'Unlock and continue' }).waitFor();
  if ((await page.getByTestId('passphrase-repeat').count()) !== 0) throw new Error('a resumed ceremony asks for the passphrase twice');
  await approve.click();
}

/** Resolves with the phase the page shows once it is one of `phases`. */
export async function waitForPhase(page: Page, phases: string[], timeout = 120_000): Promise<string> {
  const selector = phases.map((p) => `[data-testid="phase"][data-phase="${p}"]`).join(', ');
  const element = await page.waitForSelector(selector, { timeout });
  return (await element.getAttribute('data-phase'))!;
}

/** Whether the page's progress table shows participant `index` (1-based) done with `round` (0 = approved). */
export async function waitForDone(page: Page, index: number, round: number, timeout = 60_000): Promise<void> {
  await page
    .locator('table.grid tbody tr')
    .nth(index - 1)
    .locator('td.cell')
    .nth(round)
    .and(page.locator('[aria-label="done"]'))
    .waitFor({ timeout });
}

/** From the backup step: encrypt the share, confirm the backup, and read the group key on the result step. */
export async function backUpAndReadKey(page: Page, timeout = 120_000): Promise<string> {
  await page.getByTestId('backup-password').fill('keystore password 123');
  await page.getByTestId('backup-password-repeat').fill('keystore password 123');
  await page.getByTestId('prepare-backup').click();
  await page.getByTestId('backup-confirm').waitFor({ timeout });
  await page.getByTestId('backup-confirm').check();
  await page.getByTestId('backup-done').click();
  return (await page.getByTestId('group-key').first().textContent())!.trim();
}
