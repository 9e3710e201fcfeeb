// The browser wallet adapter (src/adapters/chain/browserWallet.ts) in real headless Chromium, on a Vite dev server
// serving test/e2e/walletHarness/, with the EIP-6963 test wallet of test/e2e/testWallet.ts injected in the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getAddress, parseEther, recoverTypedDataAddress, type Hex, type TypedDataDefinition } from 'viem';
import { clusterFactoryAbi } from '../../src/adapters/chain/clusterFactory.generated.js';
import { clusterVaultAbi } from '../../src/adapters/chain/clusterVault.generated.js';
import { predictVaultAddress, readVault } from '../../src/adapters/chain/clusterVault.js';
// @ts-expect-error plain JS helper shared with the scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.js';
import { createBrowserWallet, walletErrorInWords } from '../../src/adapters/chain/browserWallet.js';
import { createLocalWallet } from '../../src/adapters/chain/localWallet.js';
import { buildDefinition } from '../../src/cli/ceremonyCreate.js';
import { configHash } from '../../src/core/dkg/definition.js';
import { approvalTypedData, deriveCeremonyKeys, type ApprovalTypedData } from '../../src/core/dkg/crypto/index.js';
import type { VaultConfig } from '../../src/app/vaultTerms.js';
import { installTestWallet, type TestWallet } from './testWallet.js';
import { makeConfig, startTestChain, type LocalChain, type TestChain } from '../integration/chain/helpers.js';
import type { Outcome } from './walletHarness/main.js';

const HARNESS = join(process.cwd(), 'test', 'e2e', 'walletHarness');
const DEVNET = 31337;
const MAINNET = 1;

let cacheDir: string;
let server: ViteDevServer;
let browser: Browser;
let page: Page;
let t: TestChain;
let chain: LocalChain;
let wallet: TestWallet;
let privateKey: Hex;
let other: Hex;

/** Call `window.harness[name](...args)` in the page. */
function harness<T>(name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ({ name, args }) => (window as unknown as { harness: Record<string, (...a: unknown[]) => unknown> }).harness[name]!(...args),
    { name, args },
  ) as Promise<T>;
}
const ok = <T>(o: Outcome<T>): T => {
  if (!o.ok) throw new Error(`expected success, got ${o.name}: ${o.message} (${o.words})`);
  return o.value;
};

/** A real approval: a devnet definition naming the test account as operator 1, and fresh ceremony keys. */
function approval(chainId: number): ApprovalTypedData {
  const definition = buildDefinition({
    operators: [wallet.address, '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444'],
    network: 'devnet',
    withdrawalAddress: '0x5555555555555555555555555555555555555555',
    now: Math.floor(Date.now() / 1000),
  });
  const hash = configHash(definition);
  const keys = deriveCeremonyKeys(randomBytes(32), hash);
  return approvalTypedData({ chainId, configHash: hash, index: 1, identityKey: keys.identityKey, encryptionKey: keys.encryptionKey });
}

beforeAll(async () => {
  const executablePath = findChromium() as string | undefined;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium)');
  const [started, launched] = await Promise.all([startTestChain(), chromium.launch({ executablePath, args: CHROMIUM_ARGS })]);
  t = started;
  chain = t.chain;
  browser = launched;
  privateKey = chain.accounts[0]!.privateKey;
  other = chain.accounts[1]!.address;
  // Own dependency cache, so a parallel Vite elsewhere in the repo is not disturbed.
  cacheDir = mkdtempSync(join(tmpdir(), 'sv-wallet-vite-'));
  server = await createServer({
    configFile: false,
    root: HARNESS,
    cacheDir,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    optimizeDeps: { include: ['@wagmi/core', 'viem'] },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0] as string;
  page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The wallet starts on mainnet and does not know the devnet: switching there makes wagmi add it.
  wallet = await installTestWallet(page, { privateKey, chainId: MAINNET, rpcUrl: chain.rpcUrl });
  const chains = [
    { id: DEVNET, name: 'devnet', rpcUrl: chain.rpcUrl },
    { id: MAINNET, name: 'mainnet', rpcUrl: chain.rpcUrl },
  ];
  await page.goto(`${base}?chains=${encodeURIComponent(JSON.stringify(chains))}`);
  await page.getByText('ready').waitFor({ timeout: 30_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\npage errors: ${pageErrors.join('\n')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await chain?.stop();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

describe('browser wallet adapter with an injected EIP-6963 wallet', () => {
  it('discovers the wallet by name, with its rdns id and icon', async () => {
    const wallets = await harness<{ id: string; name: string; icon?: string }[]>('wallets');
    expect(wallets).toContainEqual({ id: wallet.info.rdns, name: 'Test Wallet', icon: expect.stringMatching(/^data:image\/svg\+xml;base64,/) });
    expect(await harness('account')).toBeNull();
  });

  it('says "you rejected" when the user refuses to connect, then connects', async () => {
    wallet.rejectNext('eth_requestAccounts');
    const refused = await harness<Outcome<unknown>>('connect', wallet.info.rdns);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.words).toBe('You rejected the request in your wallet.');
    expect(await harness('account')).toBeNull();

    const account = ok(await harness<Outcome<{ address: string; chainId: number }>>('connect', wallet.info.rdns));
    expect(account).toEqual({ address: wallet.address, chainId: MAINNET });
    expect(await harness('account')).toEqual({ address: wallet.address, chainId: MAINNET });
  });

  it('switches to the devnet, adding the chain the wallet did not know', async () => {
    const account = ok(await harness<Outcome<{ address: string; chainId: number }>>('switchChain', DEVNET));
    expect(account).toEqual({ address: wallet.address, chainId: DEVNET });
    expect(wallet.chainId()).toBe(DEVNET);
    expect(wallet.calls).toContain('wallet_addEthereumChain');
    expect(await harness('seen')).toContainEqual({ address: wallet.address, chainId: DEVNET });
  });

  it('refuses a chain the app is not set up for, in words', async () => {
    const r = await harness<Outcome<unknown>>('switchChain', 17000);
    expect(r.ok ? '' : r.words).toBe('This network is not one the app is set up for.');
  });

  it('signs a real approval: recovers to the account and equals the local wallet signature (RFC 6979)', async () => {
    const typedData = approval(DEVNET);
    const sig = ok(await harness<Outcome<Hex>>('signTypedData', typedData));
    expect(sig).toMatch(/^0x[0-9a-f]{130}$/);
    const recovered = await recoverTypedDataAddress({ ...(typedData as unknown as TypedDataDefinition), signature: sig });
    expect(recovered).toBe(wallet.address);
    const local = await createLocalWallet(privateKey).signTypedData(typedData);
    expect(sig).toBe(`0x${Buffer.from(local).toString('hex')}`);
  });

  it('says "you rejected" when the user refuses to sign', async () => {
    wallet.rejectNext('eth_signTypedData_v4');
    const r = await harness<Outcome<unknown>>('signTypedData', approval(DEVNET));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.words).toBe('You rejected the request in your wallet.');
  });

  it('says "different network" when the approval is for another chain than the wallet is on', async () => {
    const r = await harness<Outcome<unknown>>('signTypedData', approval(MAINNET));
    expect(r.ok ? '' : r.words).toMatch(/different network/);
  });

  it('follows a chain switch made in the wallet itself', async () => {
    await wallet.switchChainInWallet(MAINNET);
    await expect.poll(() => harness('account')).toEqual({ address: wallet.address, chainId: MAINNET });
    ok(await harness('switchChain', DEVNET));
    expect(wallet.calls.filter((m) => m === 'wallet_addEthereumChain')).toHaveLength(1);
  });

  it('sends a transaction through the wallet (eth_sendTransaction filled and signed in Node) and reads via pass-through', async () => {
    const hash = await page.evaluate(
      async ({ rdns, from, to }) => {
        const found: { info: { rdns: string }; provider: { request: (a: { method: string; params?: unknown[] }) => Promise<unknown> } }[] = [];
        const onAnnounce = (e: Event) => found.push((e as CustomEvent).detail);
        window.addEventListener('eip6963:announceProvider', onAnnounce);
        window.dispatchEvent(new Event('eip6963:requestProvider'));
        window.removeEventListener('eip6963:announceProvider', onAnnounce);
        const provider = found.find((d) => d.info.rdns === rdns)!.provider;
        const block = await provider.request({ method: 'eth_blockNumber' });
        if (typeof block !== 'string' || !block.startsWith('0x')) throw new Error(`eth_blockNumber gave ${String(block)}`);
        return provider.request({ method: 'eth_sendTransaction', params: [{ from, to, value: '0x2a' }] });
      },
      { rdns: wallet.info.rdns, from: wallet.address, to: other },
    );
    const client = t.publicClient;
    const receipt = await client.waitForTransactionReceipt({ hash: hash as Hex, pollingInterval: 50 });
    expect(receipt.status).toBe('success');
    expect(receipt.from.toLowerCase()).toBe(wallet.address.toLowerCase());
    const tx = await client.getTransaction({ hash: hash as Hex });
    expect(tx.value).toBe(42n);
    expect(tx.chainId).toBe(DEVNET);
  });

  it('writes to a contract: simulate → wallet → receipt, and explains what the contract or the chain refuses', async () => {
    const json = (write: object) => JSON.stringify(write, (_k, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v));
    ok(await harness('switchChain', DEVNET));
    // The test wallet's account is chain.accounts[0]: it and three others, 2 ETH bonds, 24 ETH for stakers.
    const config = (await makeConfig(t, chain.accounts.slice(0, 4))) as VaultConfig;
    const created = ok(await harness<Outcome<{ steps: string[]; hash: Hex }>>('sendContract', json({ chainId: DEVNET, address: chain.clusterFactory, abi: clusterFactoryAbi, functionName: 'createCluster', args: [config] })));
    expect(created.steps).toEqual(['simulating', 'signing', 'pending', 'confirmed']);
    const vault = predictVaultAddress(config, chain.clusterFactory, chain.depositContract);
    const bond = (value: bigint, chainId = DEVNET) => harness<Outcome<unknown>>('sendContract', json({ chainId, address: vault, abi: clusterVaultAbi, functionName: 'postBond', value }));

    // A call that would revert is explained with the contract's own error, and the wallet is never asked.
    const sent = wallet.calls.filter((m) => m === 'eth_sendTransaction').length;
    const wrong = await bond(parseEther('1'));
    expect(wrong.ok ? '' : wrong.words).toBe('The bond must be exactly 2 ETH; 1 ETH was sent.');
    const otherChain = await bond(parseEther('2'), MAINNET);
    expect(otherChain.ok ? '' : otherChain.words).toMatch(/different network/);
    const balance = await t.publicClient.getBalance({ address: wallet.address });
    await t.testClient.setBalance({ address: wallet.address, value: parseEther('0.5') });
    const poor = await bond(parseEther('2'));
    expect(poor.ok ? '' : poor.words).toBe('Your account does not hold enough ETH for this amount and its gas.');
    await t.testClient.setBalance({ address: wallet.address, value: balance });
    expect(wallet.calls.filter((m) => m === 'eth_sendTransaction').length).toBe(sent);

    wallet.rejectNext('eth_sendTransaction');
    const refused = await bond(parseEther('2'));
    expect(refused.ok ? '' : refused.words).toMatch(/You rejected/);
    ok(await bond(parseEther('2')));
    expect((await readVault(t.publicClient, vault)).operators.find((o) => o.address === getAddress(wallet.address))?.bonded).toBe(true);
  });

  it('disconnects', async () => {
    ok(await harness('disconnect'));
    expect(await harness('account')).toBeNull();
    expect((await harness<unknown[]>('seen')).at(-1)).toBeNull();
    const r = await harness<Outcome<unknown>>('signTypedData', approval(DEVNET));
    expect(r.ok ? '' : r.words).toBe('Your wallet is not connected. Connect it, then try again.');
  });

  it('refuses WalletConnect with a clear error, and says why', async () => {
    const r = await harness<Outcome<unknown>>('walletConnect');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(/@wagmi\/connectors/);
    expect(() => createBrowserWallet({ chains: [{ id: DEVNET, name: 'devnet', rpcUrl: chain.rpcUrl }], walletConnectProjectId: 'x' })).toThrow(/@wagmi\/connectors/);
  });

  it('puts common wallet errors in words', () => {
    const rpc = (code: number, message = 'x') => Object.assign(new Error(message), { code });
    expect(walletErrorInWords(rpc(4001))).toMatch(/You rejected/);
    expect(walletErrorInWords(Object.assign(new Error('wrapped'), { name: 'SwitchChainError', code: 4902, cause: rpc(4902) }))).toMatch(/does not know this network/);
    expect(walletErrorInWords(rpc(4902))).toMatch(/does not know this network/);
    expect(walletErrorInWords(Object.assign(new Error('wrapped'), { name: 'SwitchChainError', code: 4902, cause: rpc(-32603) }))).toMatch(/did not switch network/);
    expect(walletErrorInWords(Object.assign(new Error('Provider not found.'), { name: 'ProviderNotFoundError' }))).toMatch(/No wallet was found/);
    expect(walletErrorInWords(Object.assign(new Error('mismatch'), { name: 'ConnectorChainMismatchError' }))).toMatch(/different network/);
    expect(walletErrorInWords(rpc(-32002))).toMatch(/already has a request open/);
    expect(walletErrorInWords(new Error('boom\nstack'))).toBe('The wallet reported an error: boom');
  });
});
