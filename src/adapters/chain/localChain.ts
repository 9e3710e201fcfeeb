/**
 * A local Prague devnet for tests and `npm start`: spawns the anvil binary from the @foundry-rs/anvil npm package on
 * loopback, installs the EIP-4788/7002/7251 system contracts, deploys the official deposit contract as the first
 * transaction of anvil's account 0 (so it lands at the devnet address 0x5FbDB2315678afecb367f032d93F642f64180aa3)
 * and then the ClusterFactory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createPublicClient, createWalletClient, getAddress, http, type Address, type Hex } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { clusterFactoryAbi, clusterFactoryBytecode } from './clusterFactory.generated.js';
import { depositContractAbi, depositContractBytecode } from './depositContract.generated.js';
import { SYSTEM_CONTRACTS, WITHDRAWAL_REQUEST_ADDRESS } from './systemContracts.data.js';

/** anvil's chain id, which the `devnet` network expects. */
export const LOCAL_CHAIN_ID = 31337;
/** Where the deposit contract lands: the first contract created by anvil's account 0. */
export const LOCAL_DEPOSIT_CONTRACT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
/** anvil's well-known development mnemonic (public; never use it on a real network). */
const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT_COUNT = 10;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** A funded development account. */
export interface LocalAccount {
  address: Address;
  privateKey: Hex;
}

/** Options for {@link startLocalChain}. */
export interface LocalChainOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Loopback host only (default 127.0.0.1). */
  host?: string;
  /** Milliseconds to wait for anvil to answer (default 15000). */
  startTimeoutMs?: number;
}

/** A running local chain. */
export interface LocalChain {
  rpcUrl: string;
  chainId: number;
  depositContract: Address;
  clusterFactory: Address;
  /** anvil's default dev accounts (10 000 ETH each at start). */
  accounts: readonly LocalAccount[];
  /** The PID of the anvil process. */
  pid: number;
  /** Stop the anvil process started here (only that one). */
  stop: () => Promise<void>;
}

/** The anvil binary shipped by the platform package of @foundry-rs/anvil. */
export function resolveAnvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    const bin = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', exe);
    if (existsSync(bin)) return bin;
  } catch {
    // fall through
  }
  throw new Error(`anvil binary not found: install @foundry-rs/anvil (platform package ${pkg})`);
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited with code ${child.exitCode}: ${stderr()}`);
    try {
      await rpc(url, 'eth_chainId');
      return;
    } catch {
      if (Date.now() > until) throw new Error(`anvil did not answer on ${url} within ${timeoutMs} ms: ${stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The 10 anvil dev accounts (derived from the public development mnemonic). */
export function anvilAccounts(): LocalAccount[] {
  return Array.from({ length: ACCOUNT_COUNT }, (_, i) => {
    const hd = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i });
    const key = hd.getHdKey().privateKey;
    if (!key) throw new Error('no private key derived');
    const privateKey = `0x${Buffer.from(key).toString('hex')}` as Hex;
    return { address: hd.address, privateKey };
  });
}

async function setup(rpcUrl: string, accounts: readonly LocalAccount[]): Promise<{ clusterFactory: Address }> {
  for (const c of SYSTEM_CONTRACTS) await rpc(rpcUrl, 'anvil_setCode', [c.address, c.runtime]);
  const deployer = accounts[0];
  if (!deployer) throw new Error('no dev account');
  const account = privateKeyToAccount(deployer.privateKey);
  const chain = {
    id: LOCAL_CHAIN_ID,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const nonce = await publicClient.getTransactionCount({ address: account.address });
  if (nonce !== 0) throw new Error(`account 0 has nonce ${nonce}; the deposit contract must be its first transaction`);
  const depositHash = await wallet.deployContract({ abi: depositContractAbi, bytecode: depositContractBytecode });
  const depositReceipt = await publicClient.waitForTransactionReceipt({ hash: depositHash, pollingInterval: 50 });
  if (depositReceipt.status !== 'success' || !depositReceipt.contractAddress || getAddress(depositReceipt.contractAddress) !== LOCAL_DEPOSIT_CONTRACT) {
    throw new Error(`the deposit contract landed at ${depositReceipt.contractAddress}, expected ${LOCAL_DEPOSIT_CONTRACT}`);
  }
  const factoryHash = await wallet.deployContract({
    abi: clusterFactoryAbi,
    bytecode: clusterFactoryBytecode,
    args: [LOCAL_DEPOSIT_CONTRACT, WITHDRAWAL_REQUEST_ADDRESS],
  });
  const factoryReceipt = await publicClient.waitForTransactionReceipt({ hash: factoryHash, pollingInterval: 50 });
  if (factoryReceipt.status !== 'success' || !factoryReceipt.contractAddress) throw new Error('ClusterFactory deployment failed');
  return { clusterFactory: getAddress(factoryReceipt.contractAddress) };
}

/**
 * Start anvil (`--hardfork prague --chain-id 31337`) on loopback, install the Prague system contracts, deploy the
 * deposit contract (asserted at {@link LOCAL_DEPOSIT_CONTRACT}) and the ClusterFactory.
 */
export async function startLocalChain(options: LocalChainOptions = {}): Promise<LocalChain> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the local chain listens on loopback only, not ${host}`);
  const port = options.port && options.port > 0 ? options.port : await freePort(host);
  const args = ['--hardfork', 'prague', '--host', host, '--port', String(port), '--chain-id', String(LOCAL_CHAIN_ID), '--silent'];
  const child = spawn(resolveAnvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('anvil did not start');
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      await waitExit(child);
    }
  };
  const rpcUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    await waitReady(rpcUrl, child, options.startTimeoutMs ?? 15_000, () => stderr);
    const accounts = anvilAccounts();
    const { clusterFactory } = await setup(rpcUrl, accounts);
    return { rpcUrl, chainId: LOCAL_CHAIN_ID, depositContract: LOCAL_DEPOSIT_CONTRACT, clusterFactory, accounts, pid, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
