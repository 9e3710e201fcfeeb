// The on-chain part of the Verify deposits screen in headless Chromium: the production build reads a real anvil
// chain (named by a routed /deployment.local.json), finds the deposits for a typed key or for a dropped file's
// keys, and shows a valid deposit as valid and a front-run as the problem it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from 'viem';
import type { Page } from 'playwright-core';
import { SHOTS, startWebApp, type WebApp } from './ceremonyHelpers.js';
import { freePort } from '../relayProcess.js';
import { depositOnChain, signedDeposit as signed, startTestChain, type TestChain } from '../integration/chain/helpers.js';
import { formatDepositFile, getNetwork } from '../../src/core/eth/index.js';

const devnet = getNetwork('devnet');
const VAULT = '0x1111111111111111111111111111111111111111';
const ATTACKER = '0x2222222222222222222222222222222222222222';

let t: TestChain;
let app: WebApp;
let page: Page;
const errors: string[] = [];
const good = signed(31n, VAULT, 32_000_000_000n);
const honest = signed(32n, VAULT, 32_000_000_000n);
const attack = signed(32n, ATTACKER, 1_000_000_000n);
let attackBlock: bigint;

/** Serve `deployment` (or a 404) as /deployment.local.json to `p`. */
async function routeDeployment(p: Page, deployment: object | undefined): Promise<void> {
  await p.route('**/deployment.local.json', (route) => (deployment ? route.fulfill({ json: deployment }) : route.fulfill({ status: 404, body: 'not found' })));
}

async function openVerify(p: Page): Promise<void> {
  await p.goto(app.url);
  await p.getByRole('button', { name: 'Verify deposits' }).click();
  await p.getByRole('heading', { name: 'On chain' }).waitFor();
}

async function checkKey(pubkey: string, expected = ''): Promise<void> {
  await page.getByTestId('onchain-pubkey').fill(pubkey);
  await page.getByTestId('onchain-expected').fill(expected);
  await page.getByTestId('onchain-check').click();
}

beforeAll(async () => {
  t = await startTestChain();
  const [, a, b] = t.chain.accounts;
  await depositOnChain(t, a!, good);
  attackBlock = (await depositOnChain(t, b!, attack)).block;
  await depositOnChain(t, a!, honest);
  app = await startWebApp('sv-e2e-onchain-');
  page = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await routeDeployment(page, { chainId: 31337, rpcUrl: t.chain.rpcUrl, depositContract: t.chain.depositContract, clusterFactory: t.chain.clusterFactory });
  await openVerify(page);
});

afterAll(async () => {
  await app?.close();
  await t?.chain.stop();
});

describe('Verify deposits on chain', () => {
  it('names the chain it reads, and refuses a malformed key in words', async () => {
    await expect.poll(() => page.getByTestId('onchain').textContent()).toContain(`on devnet (chain id 31337) through ${t.chain.rpcUrl}`);
    await checkKey('0x1234');
    await expect.poll(() => page.getByTestId('onchain-input-error').textContent()).toBe('A public key is 48 bytes (96 hex digits); this has 4 digits.');
  });

  it('shows a valid deposit as deposited correctly', async () => {
    await checkKey(toHex(good.pubkey), VAULT);
    await page.getByTestId('onchain-summary').waitFor();
    expect(await page.getByTestId('onchain-summary').textContent()).toMatch(/Deposited correctly/);
    const result = page.getByTestId('onchain-result');
    expect(await result.getAttribute('data-state')).toBe('ok');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('1 deposit, 32 ETH in all');
    expect(text).toContain('creates the validator');
    expect(text).toContain('valid');
    expect(text).toContain(`Expected: 0x01 or 0x02 credentials of address ${VAULT}`);
    await page.screenshot({ path: join(SHOTS, 'verify-onchain-valid.png'), fullPage: true });
  });

  it('shows a front-run key as a problem, naming the earlier deposit and its credentials', async () => {
    await checkKey(toHex(honest.pubkey), toHex(honest.withdrawalCredentials));
    await expect.poll(() => page.getByTestId('onchain-summary').textContent()).toMatch(/This key has a problem on chain/);
    const result = page.getByTestId('onchain-result');
    expect(await result.getAttribute('data-state')).toBe('fail');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain(`an earlier deposit (block ${attackBlock}`);
    expect(text).toContain(`0x01 credentials of address ${ATTACKER}`);
    expect(text).toContain('ONCHAIN_FRONT_RUN');
    expect(text).toContain('2 deposits, 33 ETH in all');
    expect(await result.locator('tbody tr').count()).toBe(2);
    expect(await result.locator('tbody tr').first().locator('td.wrong').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'verify-onchain-frontrun.png'), fullPage: true });
  });

  it("checks every key of a dropped file against the file's credentials", async () => {
    const notDeposited = signed(33n, VAULT, 32_000_000_000n);
    const file = join(app.dir, 'deposit_data-onchain.json');
    writeFileSync(file, formatDepositFile([good, honest, notDeposited], devnet));
    await page.setInputFiles('[data-testid=file]', file);
    await expect.poll(() => page.getByTestId('summary').textContent()).toMatch(/All 3 entries are valid for devnet/);
    await page.getByTestId('onchain-check-file').click();
    await expect.poll(() => page.getByTestId('onchain-summary').textContent()).toMatch(/1 of 3 keys deposited correctly, 1 with a problem, 1 not found on chain\./);
    expect(await page.getByTestId('onchain-result').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['ok', 'fail', 'none']);
    await page.screenshot({ path: join(SHOTS, 'verify-onchain-file.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('says so in words when no chain is configured or the RPC is unreachable', async () => {
    const bare = await app.browser.newPage();
    await routeDeployment(bare, undefined);
    await openVerify(bare);
    await expect.poll(() => bare.getByTestId('onchain-unavailable').textContent()).toMatch(/needs a configured chain/);
    expect(await bare.getByTestId('onchain-check').isDisabled()).toBe(true);
    await bare.close();

    const port = await freePort();
    const dead = await app.browser.newPage();
    await routeDeployment(dead, { chainId: 31337, rpcUrl: `http://127.0.0.1:${port}`, depositContract: t.chain.depositContract, clusterFactory: t.chain.clusterFactory });
    await openVerify(dead);
    await dead.getByTestId('onchain-pubkey').fill(toHex(good.pubkey));
    await dead.getByTestId('onchain-check').click();
    await expect.poll(() => dead.getByTestId('onchain-error').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^Could not reach the RPC at http://127\\.0\\.0\\.1:${port}: `));
    await dead.close();
  });
});
