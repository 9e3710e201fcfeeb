/**
 * Gas used by each ClusterFactory / ClusterVault function, measured on a local anvil (prague) over one full
 * lifecycle with 4 operators and 2 stakers. `runGas()` returns a markdown table.
 */
import { createPublicClient, createTestClient, createWalletClient, decodeEventLog, http, parseEther, toHex, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { clusterFactoryAbi } from '../src/adapters/chain/clusterFactory.generated.js';
import { clusterVaultAbi } from '../src/adapters/chain/clusterVault.generated.js';
import { startLocalChain, type LocalAccount } from '../src/adapters/chain/localChain.js';
import { encodeSecretKey } from '../src/core/bls/index.js';
import { createDepositData, executionWithdrawalCredentials, getNetwork } from '../src/core/eth/index.js';

/** Run one lifecycle and return `| function | gas used |` rows as markdown. */
export async function runGas(): Promise<string> {
  const chain = await startLocalChain();
  try {
    const viemChain = {
      id: chain.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    } as const;
    const transport = http(chain.rpcUrl);
    const pub = createPublicClient({ chain: viemChain, transport, pollingInterval: 20 });
    const test = createTestClient({ chain: viemChain, transport, mode: 'anvil' });
    const rows: [string, bigint][] = [];
    const call = async (from: LocalAccount, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = [], value?: bigint) => {
      const account = privateKeyToAccount(from.privateKey);
      const { request } = await pub.simulateContract({ address, abi, functionName, args, account, ...(value !== undefined ? { value } : {}) } as never);
      const hash = await createWalletClient({ account, chain: viemChain, transport }).writeContract(request as never);
      const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
      rows.push([functionName, receipt.gasUsed]);
      return receipt;
    };
    const acc = chain.accounts;
    const ops = [acc[1]!, acc[2]!, acc[3]!, acc[4]!];
    const stakers = [acc[5]!, acc[6]!];
    const operators = ops.map((o) => o.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const bond = parseEther('2');
    const block = await pub.getBlock();
    const config = {
      operators,
      threshold: 3,
      bondPerOperator: bond,
      stakerCapacity: parseEther('32') - 4n * bond,
      termSeconds: 86_400n,
      commissionBps: 1000,
      fundingDeadline: block.timestamp + 3600n,
      credentialType: 1,
      salt: toHex(1n, { size: 32 }),
    };
    const created = await call(acc[0]!, chain.clusterFactory, clusterFactoryAbi as Abi, 'createCluster', [config]);
    let vault: Address | undefined;
    for (const log of created.logs) {
      try {
        const ev = decodeEventLog({ abi: clusterFactoryAbi, data: log.data, topics: log.topics });
        if (ev.eventName === 'ClusterCreated') vault = ev.args.vault;
      } catch {
        // other logs
      }
    }
    if (!vault) throw new Error('no ClusterCreated event');
    const v = clusterVaultAbi as Abi;
    for (const op of ops) await call(op, vault, v, 'postBond', [], bond);
    await call(stakers[0]!, vault, v, 'stake', [], parseEther('12'));
    await call(stakers[1]!, vault, v, 'stake', [], parseEther('12'));
    const entry = createDepositData(encodeSecretKey(4242n), {
      withdrawalCredentials: executionWithdrawalCredentials(vault),
      amount: 32_000_000_000n,
      network: getNetwork('devnet'),
    });
    const pubkey: Hex = toHex(entry.pubkey);
    const root: Hex = toHex(entry.depositDataRoot);
    for (const op of ops) await call(op, vault, v, 'attestDeposit', [pubkey, root]);
    await call(acc[0]!, vault, v, 'deposit', [pubkey, toHex(entry.signature), root]);
    await call(ops[0]!, vault, v, 'publishSignedExit', [toHex(new Uint8Array(200))]);
    await call(ops[0]!, vault, v, 'voteExit');
    await test.increaseTime({ seconds: 86_401 });
    await test.mine({ blocks: 1 });
    await call(stakers[0]!, vault, v, 'requestExit', [parseEther('0.001')], parseEther('0.001'));
    await test.setBalance({ address: vault, value: parseEther('33') });
    await call(acc[0]!, vault, v, 'settle');
    for (const who of [...ops, ...stakers]) await call(who, vault, v, 'claim');

    const byFn = new Map<string, bigint[]>();
    for (const [fn, gas] of rows) byFn.set(fn, [...(byFn.get(fn) ?? []), gas]);
    const lines = ['| function | calls | gas used (min) | gas used (max) |', '|---|---:|---:|---:|'];
    for (const [fn, gases] of byFn) {
      const min = gases.reduce((a, b) => (a < b ? a : b));
      const max = gases.reduce((a, b) => (a > b ? a : b));
      lines.push(`| ${fn} | ${gases.length} | ${min.toLocaleString('en-US')} | ${max.toLocaleString('en-US')} |`);
    }
    return lines.join('\n') + '\n\n4 operators, 2 stakers, anvil --hardfork prague; settle credits 6 pull balances; requestExit pays the EIP-7002 fee and refunds the excess.';
  } finally {
    await chain.stop();
  }
}
