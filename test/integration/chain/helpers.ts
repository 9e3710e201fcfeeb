/** Helpers for the chain integration tests: one local anvil per test file, typed clients, cluster setup. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeEventLog,
  getAddress,
  http,
  parseEther,
  type Abi,
  type Address,
  type Hash,
  type Hex,
  toHex,
  type Log,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { expect } from 'vitest';
import { compileSolidity, readContractSources } from '../../../contracts/compile.js';
import { clusterFactoryAbi } from '../../../src/adapters/chain/clusterFactory.generated.js';
import { clusterVaultAbi } from '../../../src/adapters/chain/clusterVault.generated.js';
import { encodeSecretKey } from '../../../src/core/bls/index.js';
import { createDepositData, executionWithdrawalCredentials, getNetwork, type DepositEntry } from '../../../src/core/eth/index.js';
import { depositContractAbi } from '../../../src/adapters/chain/depositContract.generated.js';
import { readDepositRoot } from '../../../src/adapters/chain/clusterVault.js';
import { depositCheckTypedData } from '../../../src/core/eth/depositCheck.js';
import type { VaultConfig } from '../../../src/app/vaultTerms.js';
import { startLocalChain, type LocalAccount, type LocalChain } from '../../../src/adapters/chain/localChain.js';

export { clusterFactoryAbi, clusterVaultAbi };

/** The anvil chain as a viem chain object. */
function chainOf(rpcUrl: string) {
  return {
    id: 31337,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const;
}

/** A started chain with clients. */
export async function startTestChain() {
  const chain = await startLocalChain();
  const viemChain = chainOf(chain.rpcUrl);
  const transport = http(chain.rpcUrl);
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 20 });
  const testClient = createTestClient({ chain: viemChain, transport, mode: 'anvil' });
  const wallet = (acct: LocalAccount) => createWalletClient({ account: privateKeyToAccount(acct.privateKey), chain: viemChain, transport });
  return { chain, publicClient, testClient, wallet };
}
export type TestChain = Awaited<ReturnType<typeof startTestChain>>;

/** simulate → write → wait; throws (the simulation's error) without sending when the call would revert. */
export async function send(
  t: TestChain,
  from: LocalAccount,
  req: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint },
) {
  const { request } = await t.publicClient.simulateContract({ ...req, account: privateKeyToAccount(from.privateKey) } as never);
  const hash = await t.wallet(from).writeContract(request as never);
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  expect(receipt.status).toBe('success');
  return receipt;
}

/** Call a vault function: simulate, write, wait. */
export function vaultCall(t: TestChain, from: LocalAccount, vault: Address, functionName: string, args: readonly unknown[] = [], value?: bigint) {
  return send(t, from, { address: vault, abi: clusterVaultAbi as Abi, functionName, args, ...(value !== undefined ? { value } : {}) });
}

/** Read a vault view. */
export function vaultRead<T>(t: TestChain, vault: Address, functionName: string, args: readonly unknown[] = []): Promise<T> {
  return t.publicClient.readContract({ address: vault, abi: clusterVaultAbi as Abi, functionName, args }) as Promise<T>;
}

/** Expect `p` to reject with the custom error `errorName` (and `args` if given), decoded by viem. */
export async function expectRevert(p: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected revert ${errorName}`).toBeInstanceOf(BaseError);
  const reverted = (caught as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
  expect(reverted, `no ContractFunctionRevertedError in: ${String(caught)}`).toBeInstanceOf(ContractFunctionRevertedError);
  const data = (reverted as ContractFunctionRevertedError).data;
  expect(data?.errorName).toBe(errorName);
  if (args) expect(data?.args ?? []).toEqual(args);
}

/** The ClusterConfig tuple as viem takes it: the app's type, with any credential type (tests pass invalid ones). */
export type ClusterConfig = Omit<VaultConfig, 'credentialType'> & { credentialType: number };

/** The latest block's timestamp. */
export async function now(t: TestChain): Promise<bigint> {
  return (await t.publicClient.getBlock()).timestamp;
}

/** Advance the chain clock by `seconds` and mine a block. */
export async function advance(t: TestChain, seconds: bigint | number): Promise<void> {
  await t.testClient.increaseTime({ seconds: Number(seconds) });
  await t.testClient.mine({ blocks: 1 });
}

let saltCounter = 0;

/** A valid config for `operators` (sorted here), bond 2 ETH by default, term 1 day, deadline in 1 hour. */
export async function makeConfig(t: TestChain, operators: readonly LocalAccount[], over: Partial<ClusterConfig> = {}): Promise<ClusterConfig> {
  const ops = operators.map((o) => getAddress(o.address)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const n = BigInt(ops.length);
  const bond = over.bondPerOperator ?? parseEther('2');
  saltCounter += 1;
  return {
    operators: ops,
    threshold: Math.floor((2 * ops.length + 2) / 3),
    bondPerOperator: bond,
    stakerCapacity: parseEther('32') - n * bond,
    termSeconds: 86_400n,
    commissionBps: 1000,
    fundingDeadline: (await now(t)) + 3600n,
    credentialType: 1,
    salt: `0x${saltCounter.toString(16).padStart(64, '0')}`,
    ...over,
  };
}

/** Create the vault for `config` from `from`; checks predictVault agrees and returns the vault address. */
export async function createVault(t: TestChain, from: LocalAccount, config: ClusterConfig): Promise<Address> {
  const predicted = (await t.publicClient.readContract({
    address: t.chain.clusterFactory,
    abi: clusterFactoryAbi,
    functionName: 'predictVault',
    args: [config],
  })) as Address;
  const receipt = await send(t, from, { address: t.chain.clusterFactory, abi: clusterFactoryAbi as Abi, functionName: 'createCluster', args: [config] });
  const created = decodeLogs(receipt.logs, clusterFactoryAbi as Abi).find((l) => l.eventName === 'ClusterCreated');
  expect(created).toBeDefined();
  const vault = getAddress((created!.args as { vault: Address }).vault);
  expect(vault).toBe(getAddress(predicted));
  return vault;
}

/** Decode the logs that match `abi` (others skipped). */
export function decodeLogs(logs: readonly Log[], abi: Abi): { address: Address; eventName: string; args: unknown }[] {
  const out: { address: Address; eventName: string; args: unknown }[] = [];
  for (const log of logs) {
    try {
      const d = decodeEventLog({ abi, data: log.data, topics: log.topics });
      out.push({ address: getAddress(log.address), eventName: String(d.eventName), args: d.args });
    } catch {
      // not from this abi
    }
  }
  return out;
}

/** Post all bonds and fill the staker capacity with `stakers` in equal parts (the last takes the rest). */
export async function fund(t: TestChain, vault: Address, config: ClusterConfig, operators: readonly LocalAccount[], stakers: readonly LocalAccount[]): Promise<void> {
  for (const op of operators) await vaultCall(t, op, vault, 'postBond', [], config.bondPerOperator);
  if (config.stakerCapacity === 0n) return;
  const part = config.stakerCapacity / BigInt(stakers.length);
  for (let i = 0; i < stakers.length; i++) {
    const amount = i === stakers.length - 1 ? config.stakerCapacity - part * BigInt(stakers.length - 1) : part;
    await vaultCall(t, stakers[i]!, vault, 'stake', [], amount);
  }
}

/** Compile a test-only contract from contracts/test/ (solc in-process). */
export function compileTestContract(file: string, name: string) {
  const compiled = compileSolidity(readContractSources([file], join(dirname(fileURLToPath(import.meta.url)), '../../../contracts/test')));
  const c = compiled[`${file}:${name}`];
  if (!c) throw new Error(`${name} not found in ${file}`);
  return c;
}

export type { LocalAccount, LocalChain };

/** A real signed 32 ETH deposit (network devnet) for a BLS key derived from `seed`, credentials = `vault`, as hex. */
export function makeDeposit(vault: Address, seed: bigint, credentialType: 1 | 2 = 1) {
  const entry = signedDeposit(seed, vault, 32_000_000_000n, credentialType);
  return {
    pubkey: toHex(entry.pubkey),
    signature: toHex(entry.signature),
    depositDataRoot: toHex(entry.depositDataRoot),
    withdrawalCredentials: toHex(entry.withdrawalCredentials),
  };
}

const DEPOSIT = 32n * 10n ** 18n;

/** The settlement split, computed independently of the contract (CONTRACTS.md settle). */
export function referenceSplit(received: bigint, stakerCapacity: bigint, commissionBps: bigint): { toOperators: bigint; toStakers: bigint } {
  const bonds = DEPOSIT - stakerCapacity;
  if (received < DEPOSIT) {
    const shortfall = DEPOSIT - received;
    const bondLoss = shortfall < bonds ? shortfall : bonds;
    const stakerLoss = shortfall - bondLoss;
    return { toOperators: bonds - bondLoss, toStakers: stakerCapacity - stakerLoss };
  }
  const rewards = received - DEPOSIT;
  const gross = (rewards * stakerCapacity) / DEPOSIT;
  const toStakers = stakerCapacity + gross - (gross * commissionBps) / 10_000n;
  return { toOperators: received - toStakers, toStakers };
}

/** A deposit signed by the BLS key of `seed`, to 0x01 (or `credentialType`) credentials of `to`, on the devnet. */
export function signedDeposit(seed: bigint, to: string, gwei: bigint, credentialType: 1 | 2 = 1): DepositEntry {
  return createDepositData(encodeSecretKey(seed), {
    withdrawalCredentials: executionWithdrawalCredentials(to, credentialType),
    amount: gwei,
    network: getNetwork('devnet'),
  });
}

/** Send `entry` straight to the deposit contract from `from`; resolves to its block number and transaction hash. */
export async function depositOnChain(t: TestChain, from: LocalAccount, entry: DepositEntry): Promise<{ block: bigint; tx: Hash }> {
  const receipt = await send(t, from, {
    address: t.chain.depositContract,
    abi: depositContractAbi as Abi,
    functionName: 'deposit',
    args: [toHex(entry.pubkey), toHex(entry.withdrawalCredentials), toHex(entry.signature), toHex(entry.depositDataRoot)],
    value: entry.amount * 1_000_000_000n,
  });
  return { block: receipt.blockNumber, tx: receipt.transactionHash };
}

/** A vault deposit's arguments as makeDeposit returns them. */
export type VaultDepositArgs = ReturnType<typeof makeDeposit>;

/** The deposit contract's root now (what an operator's check signs). */
export async function depositRootNow(t: TestChain): Promise<Hex> {
  return (await readDepositRoot(t.publicClient as never, t.chain.depositContract)).depositRoot;
}

/** `signer`'s EIP-712 deposit check over `dep` and `depositRoot` for `vault` (an EOA's 65-byte signature). */
export function signCheck(t: TestChain, signer: LocalAccount, vault: Address, dep: { pubkey: Hex; depositDataRoot: Hex }, depositRoot: Hex): Promise<Hex> {
  const typed = depositCheckTypedData({ chainId: t.chain.chainId, vault, pubkey: dep.pubkey, depositDataRoot: dep.depositDataRoot, depositRoot });
  return privateKeyToAccount(signer.privateKey).signTypedData(typed);
}

/** Every operator's check (in the vault's order of `operators`, i.e. sorted by address) over `depositRoot`. */
export async function signChecks(t: TestChain, operators: readonly LocalAccount[], vault: Address, dep: { pubkey: Hex; depositDataRoot: Hex }, depositRoot: Hex): Promise<Hex[]> {
  const sorted = [...operators].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  return Promise.all(sorted.map((op) => signCheck(t, op, vault, dep, depositRoot)));
}

/** The arguments of `deposit(pubkey, signature, depositDataRoot, depositRoot, checks)`. */
export function depositArgs(dep: VaultDepositArgs, depositRoot: Hex, checks: readonly Hex[]): readonly unknown[] {
  return [dep.pubkey, dep.signature, dep.depositDataRoot, depositRoot, checks];
}

/** All operators check the current deposit root and `from` sends the vault's deposit. */
export async function depositWithChecks(t: TestChain, from: LocalAccount, vault: Address, operators: readonly LocalAccount[], dep: VaultDepositArgs) {
  const root = await depositRootNow(t);
  const checks = await signChecks(t, operators, vault, dep, root);
  return vaultCall(t, from, vault, 'deposit', depositArgs(dep, root, checks));
}
