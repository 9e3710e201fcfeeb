// The vault, end to end in the browser against a real anvil chain (CONTRACTS.md, issue 6): one operator creates
// the ceremony with its vault on the Create screen; 4 isolated Chromium contexts with injected test wallets open
// the join link, create the vault, post their bonds, stake the rest, run the DKG over a real relay, check and sign
// the deposit (the in-browser checks, then an EIP-712 check over the deposit root, sent over the relay), see a
// deposit for another key move the root and sign again, deposit 32 ETH, and — after the term — request the exit,
// settle and claim. Node checks every step on chain: the DepositEvent carries the vault's credentials and the group key.
// A second ceremony: t colluders who kept their keystores front-run with 1 ETH for the group key to their own
// credentials, and every honest browser refuses to check and sign (no check ever reaches the relay).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createPublicClient, createTestClient, createWalletClient, decodeEventLog, getAddress, http, parseEther, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { decodeSecretKey, encodeSecretKey, reconstructSecret } from '../../src/core/bls/index.js';
import { decryptKeystore } from '../../src/core/keystore/index.js';
import { readFileSync } from 'node:fs';
import { createDepositData, executionWithdrawalCredentials, getNetwork } from '../../src/core/eth/index.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { startLocalChain, type LocalChain } from '../../src/adapters/chain/localChain.js';
import { depositContractAbi } from '../../src/adapters/chain/depositContract.generated.js';
import { clusterVaultAbi } from '../../src/adapters/chain/clusterVault.generated.js';
import { factoryPredictVault, predictVaultAddress, readVault } from '../../src/adapters/chain/clusterVault.js';
import { parseJoinLink } from '../../src/app/joinLink.js';
import { vaultConfigOf, vaultTermsOfLink, withdrawalAddressOf } from '../../src/app/vaultTerms.js';
import { ADDRESSES, KEYS, PASSPHRASE, SHOTS, backUpAndReadKey, startWebApp, type WebApp } from './ceremonyHelpers.js';
import { installTestWallet } from './testWallet.js';

let app: WebApp;
let relay: RelayProcess;
let chain: LocalChain;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [chain, relay, app] = await Promise.all([startLocalChain(), startRelayProcess(), startWebApp('sv-e2e-vault-')]);
});

afterAll(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await app?.close();
  await relay?.stop();
  await chain?.stop();
});

const anvil = { id: 31337, name: 'anvil', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [''] } } } as const;

/** A browser context that sees the test chain and relay as `npm start` would write them. */
async function newContext(): Promise<BrowserContext> {
  const context = await app.browser.newContext({ viewport: { width: 1100, height: 1300 } });
  contexts.push(context);
  const deployment = { chainId: chain.chainId, rpcUrl: chain.rpcUrl, depositContract: chain.depositContract, clusterFactory: chain.clusterFactory };
  await context.route('**/deployment.local.json', (route) => route.fulfill({ json: deployment }));
  await context.route('**/relays.local.json', (route) => route.fulfill({ json: { relays: [relay.ws, relay.tcp] } }));
  return context;
}

/** A page whose injected wallet holds `privateKey` (an operator's by default). */
async function operatorPage(k: number, privateKey: Hex = KEYS[k]!): Promise<{ page: Page; errors: string[] }> {
  const page = await (await newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await installTestWallet(page, { privateKey, chainId: 31337, knownChainIds: [31337], rpcUrl: chain.rpcUrl });
  return { page, errors };
}

/** What each vault button's action is called on the page. */
const LABELS: Record<string, string> = {
  'vault-create': 'Create the vault',
  'vault-bond': 'Post your bond',
  'vault-stake': 'Stake',
  'vault-sign-check': 'Check and sign the deposit',
  'vault-deposit': 'Deposit 32 ETH',
  'vault-exit': 'Request the exit',
  'vault-vote': 'Vote for an early exit',
  'vault-settle': 'Settle',
  'vault-claim': 'Claim',
};

/** Click a vault action and wait until the page reports this very action confirmed on chain, or the deposit check signed and sent (or refused: throws). */
async function act(page: Page, testId: string, timeout = 60_000): Promise<void> {
  await page.getByTestId(testId).click({ timeout });
  const label = LABELS[testId]!;
  const done = await page.waitForFunction(
    (label) => {
      const el = document.querySelector('[data-testid="vault-action"]');
      const text = el?.textContent ?? '';
      if (!text.trim().startsWith(label)) return false;
      return /confirmed in block|and sent to the other operators/.test(text) || el!.classList.contains('bad') ? text : false;
    },
    label,
    { timeout },
  );
  const text = (await done.jsonValue()) as string;
  if (!/confirmed in block|and sent to the other operators/.test(text)) throw new Error(`${testId}: ${text}`);
}

/** Prints how long each stage took, so a slow or stuck run says where its time went. */
function stages(): (name: string) => void {
  const t0 = Date.now();
  let last = t0;
  return (name) => {
    const now = Date.now();
    console.log(`vault e2e: ${name} in ${((now - last) / 1000).toFixed(1)} s (${((now - t0) / 1000).toFixed(1)} s in all)`);
    last = now;
  };
}

const phaseIs = (page: Page, phase: string) => page.getByTestId('vault-phase').filter({ hasText: phase }).waitFor({ timeout: 30_000 });
/** The page's tally of the operators' deposit checks reads `text`. */
const checksRead = (page: Page, text: RegExp) => expect.poll(() => page.getByTestId('deposit-checks').textContent(), { timeout: 30_000 }).toMatch(text);

describe('a ceremony paying into its vault, in 4 browsers on a real chain', () => {
  it('create → bonds and stake → DKG → check and sign → root moved, sign again → deposit → exit after the term → settle → claim', async () => {
    const stage = stages();
    const rpc = http(chain.rpcUrl);
    const client = createPublicClient({ chain: { ...anvil, rpcUrls: { default: { http: [chain.rpcUrl] } } }, transport: rpc, pollingInterval: 50 });
    const testClient = createTestClient({ chain: anvil, mode: 'anvil', transport: rpc });
    for (const a of ADDRESSES) await testClient.setBalance({ address: a, value: parseEther('100') });

    // The creator fills in Create: the vault is the default withdrawal address, its address known in advance.
    const creator = await operatorPage(0);
    await creator.page.goto(app.url);
    await creator.page.getByRole('button', { name: 'Create a ceremony' }).first().click();
    await creator.page.getByTestId('operators').fill(ADDRESSES.join('\n'));
    expect(await creator.page.getByTestId('use-vault').isChecked()).toBe(true);
    await creator.page.getByTestId('vault-bond-input').fill('2');
    await creator.page.getByTestId('vault-term').selectOption('custom');
    await creator.page.getByTestId('vault-term-hours').fill('1');
    const predicted = (await creator.page.getByTestId('vault-predicted').textContent())!.trim();
    await creator.page.screenshot({ path: join(SHOTS, 'create-vault.png'), fullPage: true });
    const link = await creator.page.getByTestId('join-link').inputValue();

    // What the link says is checkable: our CREATE2 computation and the factory's agree with the credentials.
    const definition = parseJoinLink(link);
    const terms = vaultTermsOfLink(link)!;
    expect(terms).toMatchObject({ bondPerOperator: parseEther('2'), termSeconds: 3600 });
    const config = vaultConfigOf(definition, terms);
    const vault = getAddress(withdrawalAddressOf(definition));
    expect(vault).toBe(predicted);
    expect(predictVaultAddress(config, chain.clusterFactory, chain.depositContract)).toBe(vault);
    expect(await factoryPredictVault(client as never, chain.clusterFactory, config)).toBe(vault);
    expect(definition.validators[0]!.feeRecipient.toLowerCase()).toBe(vault.toLowerCase());

    stage('created the link on Create');
    // A link whose terms were changed (a bigger bond) describes another vault: the page refuses it before anyone pays or approves.
    const tampered = await operatorPage(1);
    await tampered.page.goto(link.replace(/&v=\d+/, `&v=${parseEther('3')}`));
    await tampered.page.getByTestId('connect-wallet').first().click();
    await tampered.page.getByTestId('vault-refused').waitFor();
    expect(await tampered.page.getByTestId('vault-problem').first().textContent()).toMatch(/Do not bond: the link or the definition was changed/);
    expect(await tampered.page.getByTestId('continue').count()).toBe(0);
    expect(await tampered.page.getByTestId('vault-bond').count()).toBe(0);
    await tampered.page.context().close();

    stage('refused the tampered link');
    const pages = [creator, ...(await Promise.all([1, 2, 3].map((k) => operatorPage(k))))].map((p) => p.page);
    const errors = [creator.errors];
    await Promise.all(pages.map((p) => p.goto(link)));
    await Promise.all(pages.map((p) => p.getByTestId('connect-wallet').first().click()));
    for (const p of pages) await p.getByTestId('vault-checked').waitFor();

    stage('opened the link in 4 pages');
    // Nobody has created the vault: the first operator does; then everyone bonds, the creator stakes 4 ETH, and a
    // staker who is no operator opens the same link and stakes the remaining 20.
    await phaseIs(pages[0]!, 'not created yet');
    await act(pages[0]!, 'vault-create');
    await Promise.all(pages.map((p) => phaseIs(p, 'Funding')));
    await Promise.all(pages.map((p) => act(p, 'vault-bond')));
    await pages[0]!.getByTestId('vault-stake-amount').fill('4');
    await act(pages[0]!, 'vault-stake');
    const stakerAccount = chain.accounts[7]!;
    const staker = await operatorPage(-1, stakerAccount.privateKey);
    errors.push(staker.errors);
    await staker.page.goto(link);
    await staker.page.getByTestId('connect-wallet').first().click();
    await staker.page.getByTestId('not-operator').filter({ hasText: 'or stake in the vault below' }).waitFor();
    await staker.page.getByTestId('vault-stake-amount').fill('20');
    await act(staker.page, 'vault-stake');
    await pages[0]!.getByTestId('vault-funded').filter({ hasText: '32 ETH' }).waitFor({ timeout: 10_000 });
    await pages[0]!.screenshot({ path: join(SHOTS, 'vault-funded.png'), fullPage: true });
    const funded = await readVault(client as never, vault);
    expect(funded.totalFunded).toBe(parseEther('32'));
    expect(funded.operators.every((o) => o.bonded)).toBe(true);

    stage('created, bonded, staked');
    // The ceremony, as in the plain e2e: approve, run, back up.
    for (const p of pages) {
      await p.getByTestId('continue').click();
      await p.getByTestId('passphrase').fill(PASSPHRASE);
      await p.getByTestId('passphrase-repeat').fill(PASSPHRASE);
      await p.getByTestId('approve').click();
    }
    await Promise.all(pages.map((p) => p.getByTestId('backup-password').waitFor({ timeout: 240_000 })));
    const keys = await Promise.all(pages.map((p) => backUpAndReadKey(p)));
    expect(new Set(keys).size).toBe(1);

    stage('ran the DKG and backed up');
    // Before signing, each page has read the deposit contract: no deposit for the key yet; nobody has checked.
    await Promise.all(pages.map((p) => p.locator('[data-testid="vault-onchain"][data-state="none"]').waitFor({ timeout: 30_000 })));
    await checksRead(pages[0]!, /^0 of 4 operators checked the deposit \(deposit root 0x[0-9a-f]{4}…, block \d+\)\.\s*Missing: operator 1 \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), operator 2 .*operator 4/);
    // Every operator checks and signs in one step (its browser checked the deposit data first); the checks reach
    // every page over the relay.
    for (const p of pages) await act(p, 'vault-sign-check');
    await Promise.all(pages.map((p) => checksRead(p, /^4 of 4 operators checked the deposit/)));
    await pages[1]!.getByTestId('vault-deposit').waitFor({ timeout: 15_000 });
    await pages[1]!.screenshot({ path: join(SHOTS, 'vault-checked.png'), fullPage: true });

    stage('every operator checked and signed');
    // Someone deposits 1 ETH for another key: the deposit root moves, the checks no longer hold, the vault would
    // refuse them (DepositRootChanged). Every page says so in words and offers the one step again.
    const outsider = chain.accounts[8]!;
    const other = createDepositData(encodeSecretKey(0x5eed_0717n), { withdrawalCredentials: executionWithdrawalCredentials(outsider.address, 1), amount: 1_000_000_000n, network: getNetwork('devnet') });
    const wallet = createWalletClient({ account: privateKeyToAccount(outsider.privateKey), chain: { ...anvil, rpcUrls: { default: { http: [chain.rpcUrl] } } }, transport: rpc });
    const otherTx = await wallet.writeContract({
      address: chain.depositContract,
      abi: depositContractAbi,
      functionName: 'deposit',
      args: [toHex(other.pubkey), toHex(other.withdrawalCredentials), toHex(other.signature), toHex(other.depositDataRoot)],
      value: parseEther('1'),
    });
    expect((await client.waitForTransactionReceipt({ hash: otherTx })).status).toBe('success');
    await Promise.all(
      pages.map((p) => expect.poll(() => p.getByTestId('deposit-root-moved').textContent(), { timeout: 30_000 }).toBe('A deposit was made to the deposit contract after the checks; every operator checks and signs again.')),
    );
    await checksRead(pages[1]!, /^0 of 4 operators checked the deposit/);
    expect(await pages[1]!.getByTestId('vault-deposit').count()).toBe(0);
    await pages[1]!.screenshot({ path: join(SHOTS, 'vault-root-moved.png'), fullPage: true });
    for (const p of pages) await act(p, 'vault-sign-check');
    await Promise.all(pages.map((p) => checksRead(p, /^4 of 4 operators checked the deposit/)));
    expect(await pages[1]!.getByTestId('deposit-root-moved').count()).toBe(0);

    stage('saw the root move and signed again');
    await pages[1]!.getByTestId('vault-deposit').waitFor({ timeout: 15_000 });
    await act(pages[1]!, 'vault-deposit');
    await Promise.all(pages.map((p) => phaseIs(p, 'Deposited')));
    const logs = await client.getLogs({ address: chain.depositContract, fromBlock: 0n });
    const events = logs.map((l) => decodeEventLog({ abi: depositContractAbi, data: l.data, topics: l.topics }).args as { pubkey: Hex; withdrawal_credentials: Hex; amount: Hex });
    // The other key's 1 ETH, then the vault's 32 ETH to the group key with the vault's credentials.
    expect(events.map((e) => e.pubkey)).toEqual([toHex(other.pubkey), keys[0]]);
    expect(events[1]!.withdrawal_credentials).toBe(`0x01${'0'.repeat(22)}${vault.slice(2).toLowerCase()}`);
    expect(events[1]!.amount).toBe('0x0040597307000000'); // 32e9 gwei, little-endian
    expect(await client.getBalance({ address: vault })).toBe(0n);

    stage('deposited');
    // The page's own on-chain check now shows the deposit, and so does Verify deposits for the key.
    await pages[1]!.locator('[data-testid="vault-onchain"][data-state="ok"]').waitFor({ timeout: 30_000 });
    expect(await pages[1]!.getByTestId('vault-onchain').textContent()).toMatch(/Deposited: 32 ETH to the vault's credentials/);
    const checker = await (await newContext()).newPage();
    await checker.goto(app.url);
    await checker.getByRole('button', { name: 'Verify deposits' }).first().click();
    await checker.getByTestId('onchain-pubkey').fill(keys[0]!);
    await checker.getByTestId('onchain-expected').fill(vault);
    await checker.getByTestId('onchain-check').click();
    await expect.poll(() => checker.getByTestId('onchain-summary').textContent(), { timeout: 30_000 }).toMatch(/Deposited correctly/);
    await checker.screenshot({ path: join(SHOTS, 'vault-deposit-onchain.png'), fullPage: true });

    stage('checked the deposit on chain');
    // Before the term ends nobody may request the exit, and 2 votes of a threshold of 3 do not change that; after the
    // term, any one operator can, alone.
    await act(pages[0]!, 'vault-vote');
    await act(pages[1]!, 'vault-vote');
    await pages[2]!.getByTestId('vault-vote').filter({ hasText: '(2 of 3)' }).waitFor({ timeout: 15_000 });
    expect(await pages[2]!.getByTestId('vault-exit').count()).toBe(0);
    expect(await pages[0]!.getByTestId('vault-vote').count()).toBe(0);
    await testClient.increaseTime({ seconds: 3601 });
    await testClient.mine({ blocks: 1 });
    await pages[2]!.getByTestId('vault-exit').waitFor({ timeout: 15_000 });
    await act(pages[2]!, 'vault-exit');
    await Promise.all(pages.map((p) => phaseIs(p, 'Exiting')));
    const exitLogs = await client.getContractEvents({ address: vault, abi: clusterVaultAbi, eventName: 'ExitRequested', fromBlock: 0n });
    expect(exitLogs).toHaveLength(1);

    stage('voted and requested the exit');
    // The consensus layer returns the principal and some rewards; anyone settles, and each claims its part.
    await testClient.setBalance({ address: vault, value: parseEther('32.5') });
    await act(pages[3]!, 'vault-settle');
    await Promise.all(pages.map((p) => phaseIs(p, 'Settled')));
    const claimers = [...ADDRESSES, stakerAccount.address] as Address[];
    const before = await Promise.all(claimers.map((a) => client.getBalance({ address: a })));
    for (const p of [...pages, staker.page]) {
      await p.getByTestId('vault-claim').waitFor({ timeout: 15_000 });
      await act(p, 'vault-claim');
    }
    await pages[0]!.screenshot({ path: join(SHOTS, 'vault-claimed.png'), fullPage: true });
    const after = await Promise.all(claimers.map((a) => client.getBalance({ address: a })));
    // Each operator got back at least its bond (less gas), the creator also its 4 ETH stake, the staker its 20 ETH;
    // the 0.5 ETH of rewards split too (the stakers' 3/4 less 10 % commission).
    const least = ['5.9', '1.9', '1.9', '1.9', '20.2'].map((e) => parseEther(e));
    after.forEach((b, k) => expect(b - before[k]!).toBeGreaterThan(least[k]!));
    expect(await client.getBalance({ address: vault })).toBe(0n);
    // Everything is paid out: nothing is left to settle or claim, and the page offers neither.
    await pages[0]!.getByTestId('vault-claim').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await pages[0]!.getByTestId('vault-settle').count()).toBe(0);
    stage('settled and claimed');
    // My validators reopens the ceremony with its vault.
    await pages[3]!.getByRole('button', { name: 'My validators' }).click();
    await pages[3]!.getByTestId('saved-ceremony').getByRole('button', { name: 'Open' }).click();
    await phaseIs(pages[3]!, 'Settled');
    stage('reopened from My validators');
    expect(errors.flat()).toEqual([]);
    // Many steps, each bounded on its own above; on a loaded 2-core machine the whole runs several times its 60 s.
  }, 420_000);

  it('a front-run for the group key with other credentials: every honest browser refuses to check and sign', async () => {
    const stage = stages();
    const rpc = http(chain.rpcUrl);
    const viemChain = { ...anvil, rpcUrls: { default: { http: [chain.rpcUrl] } } };
    const client = createPublicClient({ chain: viemChain, transport: rpc, pollingInterval: 50 });
    const testClient = createTestClient({ chain: anvil, mode: 'anvil', transport: rpc });
    for (const a of ADDRESSES) await testClient.setBalance({ address: a, value: parseEther('100') });
    const creator = await operatorPage(0);
    await creator.page.goto(app.url);
    await creator.page.getByRole('button', { name: 'Create a ceremony' }).first().click();
    await creator.page.getByTestId('operators').fill(ADDRESSES.join('\n'));
    const link = await creator.page.getByTestId('join-link').inputValue();
    const vault = getAddress(withdrawalAddressOf(parseJoinLink(link)));
    const others = await Promise.all([1, 2, 3].map((k) => operatorPage(k)));
    const pages = [creator, ...others].map((p) => p.page);
    await Promise.all(pages.map((p) => p.goto(link)));
    await Promise.all(pages.map((p) => p.getByTestId('connect-wallet').first().click()));
    for (const p of pages) await p.getByTestId('vault-checked').waitFor();
    await act(pages[0]!, 'vault-create');
    await Promise.all(pages.map((p) => phaseIs(p, 'Funding')));
    stage('opened a second vault ceremony in 4 pages');
    for (const p of pages) {
      await p.getByTestId('continue').click();
      await p.getByTestId('passphrase').fill(PASSPHRASE);
      await p.getByTestId('passphrase-repeat').fill(PASSPHRASE);
      await p.getByTestId('approve').click();
    }
    await Promise.all(pages.map((p) => p.getByTestId('backup-password').waitFor({ timeout: 240_000 })));
    // t = 3 colluders keep their keystores: together they hold the group's secret key.
    const shares: { index: number; secret: bigint }[] = [];
    const keys: string[] = [];
    for (const [k, page] of pages.entries()) {
      await page.getByTestId('backup-password').fill('keystore password 123');
      await page.getByTestId('backup-password-repeat').fill('keystore password 123');
      await page.getByTestId('prepare-backup').click();
      await page.getByTestId('backup-confirm').waitFor({ timeout: 120_000 });
      if (k < 3) {
        const names = await page.getByTestId('download').allTextContents();
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').nth(names.indexOf(`keystore-0-${k + 1}.json`)).click()]);
        const path = join(app.dir, `colluder-${k + 1}-${file.suggestedFilename()}`);
        await file.saveAs(path);
        shares.push({ index: k + 1, secret: decodeSecretKey(await decryptKeystore(JSON.parse(readFileSync(path, 'utf8')), 'keystore password 123')) });
      }
      await page.getByTestId('backup-confirm').check();
      await page.getByTestId('backup-done').click();
      keys.push((await page.getByTestId('group-key').first().textContent())!.trim());
    }
    await Promise.all(pages.map((p) => p.getByTestId('vault-sign-check').waitFor({ timeout: 30_000 })));
    await Promise.all(pages.map((p) => p.locator('[data-testid="vault-onchain"][data-state="none"]').waitFor({ timeout: 30_000 })));
    stage('ran the DKG; 3 colluders kept their keystores');
    // They deposit 1 ETH for the group key to their own credentials, before any honest check: the first valid
    // deposit for a key sets its credentials, so the vault's 32 ETH would only top up their validator.
    const thief = chain.accounts[9]!;
    const frontRun = createDepositData(encodeSecretKey(reconstructSecret(shares)), { withdrawalCredentials: executionWithdrawalCredentials(thief.address, 1), amount: 1_000_000_000n, network: getNetwork('devnet') });
    expect(toHex(frontRun.pubkey)).toBe(keys[0]);
    const wallet = createWalletClient({ account: privateKeyToAccount(thief.privateKey), chain: viemChain, transport: rpc });
    const tx = await wallet.writeContract({
      address: chain.depositContract,
      abi: depositContractAbi,
      functionName: 'deposit',
      args: [toHex(frontRun.pubkey), toHex(frontRun.withdrawalCredentials), toHex(frontRun.signature), toHex(frontRun.depositDataRoot)],
      value: parseEther('1'),
    });
    expect((await client.waitForTransactionReceipt({ hash: tx })).status).toBe('success');
    // Each page still offers the step (it read the chain before); the step reads the logs again and refuses to sign.
    for (const p of pages) {
      await p.getByTestId('vault-sign-check').click();
      const text = await p.waitForFunction(
        () => {
          const el = document.querySelector('[data-testid="vault-action"]');
          return el?.classList.contains('bad') || /and sent to the other operators/.test(el?.textContent ?? '') ? el!.textContent : false;
        },
        undefined,
        { timeout: 60_000 },
      );
      expect(await text.jsonValue()).toMatch(/^Check and sign the deposit:\s*Not signed: the deposit that creates the validator .* sets .*the validator's funds would go there/);
      await p.getByTestId('deposit-problems').filter({ hasText: "the validator's funds would go there" }).waitFor({ timeout: 15_000 });
      expect(await p.getByTestId('vault-sign-check').count()).toBe(0);
    }
    await pages[0]!.screenshot({ path: join(SHOTS, 'vault-front-run-refused.png'), fullPage: true });
    // Nobody signed: no check reached the relay, and the vault never offers the deposit.
    await checksRead(pages[3]!, /^0 of 4 operators checked the deposit/);
    expect(await pages[3]!.getByTestId('vault-deposit').count()).toBe(0);
    expect((await readVault(client as never, vault)).phase).toBe('Funding');
    stage('every page refused to sign');
    expect([creator, ...others].flatMap((p) => p.errors)).toEqual([]);
  }, 420_000);
});
