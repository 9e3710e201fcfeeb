// What a participant's browser survives in a real ceremony (production build, real relay process, Chromium
// contexts with an injected EIP-6963 test wallet): reloading the page in each phase, closing the whole browser
// and coming back, mistyping the passphrase on return; and what every honest page shows when a participant
// cheats (a bad share from a headless participant in this process): the abort, naming the cheater.
//
// Catching a phase: the ceremony runs its rounds in well under a second once everyone is there, so the tests
// hold it in a phase by keeping a participant away. Participant 1 approves alone (the ceremony waits in
// 'approving'); later participant 4 approves and leaves before the last approval arrives, so the others deal and
// then wait in 'dealing' for participant 4's deal until it comes back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import {
  ADDRESSES,
  KEYS,
  PASSPHRASE,
  SHOTS,
  backUpAndReadKey,
  chromiumOptions,
  joinCeremony,
  newCeremony,
  openParticipant,
  resumeCeremony,
  startWebApp,
  waitForDone,
  waitForPhase,
  type Participant,
  type WebApp,
} from './ceremonyHelpers.js';
import { loadParticipant, runCeremony } from '../../src/app/runCeremony.js';
import { faultyBoard, faultyParticipant } from '../../src/app/faults.js';
import { createLibp2pBoard } from '../../src/adapters/libp2p/index.js';
import { nodeTransports } from '../../src/adapters/libp2p/nodeTransports.js';
import { createMemorySecretStore } from '../../src/adapters/memory/index.js';
import { createLocalWallet } from '../../src/adapters/chain/localWallet.js';
import { parseEther } from 'viem';
import { buildDefinition } from '../../src/app/buildDefinition.js';
import { joinLink, parseJoinLink } from '../../src/app/joinLink.js';
import { vaultConfigOf, vaultTermsOfLink, withdrawalAddressOf, withVaultTerms, type VaultTerms } from '../../src/app/vaultTerms.js';
import { predictVaultAddress } from '../../src/adapters/chain/clusterVault.js';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { withHash } from '../../src/core/dkg/definition.js';

const VIEWPORT = { width: 1100, height: 1000 };
const WRONG_PASSPHRASE = 'not the passphrase of this browser';

let app: WebApp;
/** Undone in reverse order after each test: contexts, relays, headless participants. */
let cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  app = await startWebApp('sv-e2e-resilience-');
});

afterEach(async () => {
  const pending = cleanups.reverse();
  cleanups = [];
  for (const undo of pending) await undo().catch(() => undefined);
});

afterAll(async () => {
  await app?.close();
});

async function relay(): Promise<RelayProcess> {
  const r = await startRelayProcess();
  cleanups.push(async () => {
    await r.stop();
    rmSync(r.dataDir, { recursive: true, force: true });
  });
  return r;
}

async function context(withDeployment = false): Promise<BrowserContext> {
  const c = await app.browser.newContext({ viewport: VIEWPORT });
  cleanups.push(() => c.close());
  if (withDeployment) await c.route('**/deployment.local.json', (route) => route.fulfill({ json: DEPLOYMENT }));
  return c;
}

/** A participant in its own fresh browser context, joined (approved). */
async function joined(k: number, link: string, withDeployment = false): Promise<Participant> {
  const p = await openParticipant(await context(withDeployment), k, link);
  await joinCeremony(p.page);
  return p;
}

async function reloadAndResume(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.reload();
  await resumeCeremony(page, passphrase);
}

const backupStep = (page: Page, timeout = 120_000) => page.getByTestId('backup-password').waitFor({ timeout });

describe('a participant who leaves and comes back', () => {
  it('reloads while approving, while dealing and after success: the ceremony succeeds with one group key', async () => {
    const { link } = newCeremony(app.url, await relay());

    // Participant 1 approves alone: the ceremony waits in 'approving'. Reload, unlock: still approving.
    const p1 = await joined(0, link);
    await waitForDone(p1.page, 1, 0);
    expect(await waitForPhase(p1.page, ['approving'])).toBe('approving');
    await reloadAndResume(p1.page);
    expect(await waitForPhase(p1.page, ['approving'], 60_000)).toBe('approving');
    await waitForDone(p1.page, 1, 0, 5_000); // its approval is remembered, not asked again
    expect(p1.wallet.calls.filter((m) => m === 'eth_signTypedData_v4')).toHaveLength(1);

    // Participants 2 and 4 approve; 4 leaves before 3 approves: everyone deals, then waits for 4's deal.
    const [p2, p4] = await Promise.all([joined(1, link), joined(3, link)]);
    await waitForDone(p1.page, 2, 0);
    await waitForDone(p1.page, 4, 0);
    await p4.page.goto('about:blank');
    const p3 = await joined(2, link);
    expect(await waitForPhase(p1.page, ['dealing'])).toBe('dealing');
    await waitForDone(p1.page, 1, 1);
    await reloadAndResume(p1.page);
    expect(await waitForPhase(p1.page, ['dealing'], 60_000)).toBe('dealing');
    await waitForDone(p1.page, 1, 1, 5_000);
    await expect.poll(() => p1.page.getByText('waiting for participant 4').count(), { timeout: 30_000 }).toBe(1);
    await p1.page.screenshot({ path: join(SHOTS, 'resumed.png') });

    // Participant 4 comes back in the same browser: the ceremony runs to the end for everyone.
    await p4.page.goto(link);
    await resumeCeremony(p4.page);
    const pages = [p1, p2, p3, p4].map((p) => p.page);
    await Promise.all(pages.map((page) => backupStep(page)));

    // After success, participant 1 reloads once more and lands on the backup step again.
    await reloadAndResume(p1.page);
    await backupStep(p1.page, 60_000);

    const keys = await Promise.all(pages.map((page) => backUpAndReadKey(page)));
    expect(keys[0]).toMatch(/^0x[0-9a-f]{96}$/);
    expect(new Set(keys).size).toBe(1);
    expect(p1.wallet.calls.filter((m) => m === 'eth_signTypedData_v4')).toHaveLength(1); // signed once, for all three returns
    for (const p of [p1, p2, p3, p4]) expect(p.errors).toEqual([]);
  }, 300_000);

  it('closes the whole browser mid-ceremony and comes back to it: the ceremony completes with one group key', async () => {
    const { link } = newCeremony(app.url, await relay());
    const userDataDir = join(app.dir, `profile-${Date.now()}`);
    const launch = () => chromium.launchPersistentContext(userDataDir, { ...chromiumOptions(), viewport: VIEWPORT });

    // Participant 4's browser (a profile on disk) approves, with 1 and 2; then the browser is closed.
    let browser4 = await launch();
    cleanups.push(() => browser4.close());
    const [p4, p1, p2] = await Promise.all([
      openParticipant(browser4, 3, link, browser4.pages()[0]).then(async (p) => (await joinCeremony(p.page), p)),
      joined(0, link),
      joined(1, link),
    ]);
    for (const k of [1, 2, 4]) await waitForDone(p1.page, k, 0);
    expect(await waitForPhase(p4.page, ['approving'])).toBe('approving');
    expect(p4.errors).toEqual([]);
    await browser4.close();

    // Participant 3 approves: the others deal and wait for the absent participant 4.
    const p3 = await joined(2, link);
    expect(await waitForPhase(p1.page, ['dealing'])).toBe('dealing');
    await expect.poll(() => p1.page.getByText('waiting for participant 4').count(), { timeout: 30_000 }).toBe(1);

    // The browser starts again with the same profile: open the link, unlock, and the ceremony completes.
    browser4 = await launch();
    const back = await openParticipant(browser4, 3, link, browser4.pages()[0]);
    await resumeCeremony(back.page);
    const pages = [p1.page, p2.page, p3.page, back.page];
    await Promise.all(pages.map((page) => backupStep(page)));
    const keys = await Promise.all(pages.map((page) => backUpAndReadKey(page)));
    expect(keys[0]).toMatch(/^0x[0-9a-f]{96}$/);
    expect(new Set(keys).size).toBe(1);
    for (const p of [p1, p2, p3, back]) expect(p.errors).toEqual([]);
  }, 300_000);

  it('is told in words when the passphrase is wrong, and gets in with the right one after a reload', async () => {
    const { link } = newCeremony(app.url, await relay());
    const p = await joined(1, link);
    await waitForDone(p.page, 2, 0);

    await reloadAndResume(p.page, WRONG_PASSPHRASE);
    const error = p.page.getByTestId('session-error');
    await error.waitFor({ timeout: 60_000 });
    expect((await error.textContent())!.trim()).toBe('That passphrase does not open this ceremony in this browser.');
    expect(await p.page.locator('body').innerText()).not.toMatch(/\bat .*\.(js|ts):\d+|Error:|STORE_BAD_PASSWORD/);
    expect(await p.page.getByTestId('phase').count()).toBe(0);

    await reloadAndResume(p.page, PASSPHRASE);
    expect(await waitForPhase(p.page, ['approving'], 60_000)).toBe('approving');
    await waitForDone(p.page, 2, 0, 5_000);
    expect(await p.page.getByTestId('session-error').count()).toBe(0);
    expect(p.errors).toEqual([]);
  }, 90_000);
});

/** Contracts on a chain nobody serves: enough for the pages to check a vault's address, which they never read. */
const DEPLOYMENT = {
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:9',
  depositContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  clusterFactory: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
} as const;

/** A devnet ceremony of the 4 KEYS that pays into its vault under `terms` (as Create builds it). */
function vaultCeremony(url: string, r: RelayProcess, terms: VaultTerms) {
  const choices = { operators: ADDRESSES, network: 'devnet', relays: [r.ws, r.tcp], now: Math.floor(Date.now() / 1000), uuid: randomUUID() };
  const draft = buildDefinition({ ...choices, withdrawalAddress: DEPLOYMENT.clusterFactory });
  const vault = predictVaultAddress(vaultConfigOf(draft, terms), DEPLOYMENT.clusterFactory, DEPLOYMENT.depositContract);
  const definition = buildDefinition({ ...choices, withdrawalAddress: vault, feeRecipient: vault });
  return { definition, link: withVaultTerms(joinLink(url, definition), terms), vault };
}

describe('a participant who cheats', () => {
  it('a bad share: every honest page shows the abort naming participant 1 and its address; no backup step', async () => {
    const r = await relay();
    // The ceremony pays into a vault, whose config names every operator: the cheater too.
    const terms: VaultTerms = { bondPerOperator: parseEther('3'), termSeconds: 7200, commissionBps: 1250, fundingDeadline: Math.floor(Date.now() / 1000) + 5 * 86_400 };
    const { definition, link, vault } = vaultCeremony(app.url, r, terms);
    const cheater = faultyParticipant('bad-share', definition.operators.length);
    expect(cheater).toBe(1);

    // The cheater: a headless participant in this process, its deal rewritten with a wrong share for participant 2.
    const store = createMemorySecretStore();
    const random = (n: number) => new Uint8Array(randomBytes(n));
    const { seed } = await loadParticipant(store, withHash(definition), cheater, random);
    const board = await createLibp2pBoard({ relays: [r.tcp], transports: nodeTransports() });
    const stop = new AbortController();
    cleanups.push(() => board.close());
    cleanups.push(async () => stop.abort());
    const wallet = createLocalWallet(KEYS[cheater - 1]!);
    const cheating = runCeremony({
      board: faultyBoard(board, 'bad-share', { definition, index: cheater, seed }),
      store,
      definition: withHash(definition),
      index: cheater,
      randomBytes: random,
      signApproval: (typedData) => wallet.signTypedData(typedData),
      clock: createSystemClock(),
      signal: stop.signal,
    });
    cheating.catch(() => undefined);

    const honest = await Promise.all([1, 2, 3].map((k) => joined(k, link, true)));
    for (const [k, { page }] of honest.entries()) {
      expect(await waitForPhase(page, ['aborted', 'succeeded'])).toBe('aborted');
      const abort = page.getByTestId('abort');
      await abort.waitFor();
      const text = (await abort.textContent())!.replace(/\s+/g, ' ');
      expect(text).toContain(`participant ${cheater} (${ADDRESSES[cheater - 1]})`);
      expect(text).not.toMatch(/participant [234] \(/);
      const culprits = page.locator('table.grid tbody tr.culprit');
      expect(await culprits.count()).toBe(1);
      expect((await culprits.locator('td').first().textContent())!.trim()).toBe(String(cheater));
      expect(await page.getByTestId('backup-password').count()).toBe(0);
      if (k === 0) await page.screenshot({ path: join(SHOTS, 'abort.png') });
    }
    // The cheater's run ends too (its own engine saw only its honest deal, so it blames the accuser: no matter).
    expect((await cheating).phase).toBe('aborted');
    // Still no backup step a moment later (nothing moves on after an abort).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const { page, errors } of honest) {
      expect(await page.getByTestId('backup-password').count()).toBe(0);
      expect(errors).toEqual([]);
    }
    // "Start a new ceremony without this operator": the create screen, filled in with the others.
    const { page } = honest[0]!;
    await page.getByTestId('restart-without').click();
    const operators = (await page.getByTestId('operators').inputValue()).split('\n');
    expect(operators.map((a) => a.toLowerCase())).toEqual(ADDRESSES.filter((_, k) => k + 1 !== cheater).map((a) => a.toLowerCase()));
    await page.getByTestId('join-link').waitFor();
    await page.screenshot({ path: join(SHOTS, 'restart-without.png'), fullPage: true });
    // Not into the old vault (it would hold the cheater's bond slot): a new vault on the same terms, from its own address.
    expect(await page.getByTestId('use-vault').isChecked()).toBe(true);
    expect(await page.getByTestId('vault-bond-input').inputValue()).toBe('3');
    expect(await page.getByTestId('vault-term').inputValue()).toBe('custom');
    expect(await page.getByTestId('vault-term-hours').inputValue()).toBe('2');
    const predicted = (await page.getByTestId('vault-predicted').textContent())!.trim();
    expect(predicted).not.toBe(vault);
    const restartLink = await page.getByTestId('join-link').inputValue();
    expect(withdrawalAddressOf(parseJoinLink(restartLink))).toBe(predicted.toLowerCase());
    expect(vaultTermsOfLink(restartLink)).toMatchObject({ bondPerOperator: terms.bondPerOperator, termSeconds: 7200, commissionBps: 1250 });
    await page.getByTestId('use-address').click();
    expect(await page.getByTestId('withdrawal').inputValue()).toBe('');
  }, 240_000);
});
