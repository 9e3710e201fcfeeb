/**
 * Gas used by each ClusterFactory / ClusterVault function, measured on a local anvil (prague) over one full
 * lifecycle with 4 operators and 2 stakers, plus `deposit` with 16 operators (its cost grows with n: one
 * deposit check per operator). `runGas()` returns markdown tables.
 */
import { createPublicClient, createTestClient, createWalletClient, decodeEventLog, http, keccak256, parseEther, toHex, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { depositContractAbi } from '../src/adapters/chain/depositContract.generated.js';
import { depositCheckTypedData } from '../src/core/eth/depositCheck.js';
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
    const v = clusterVaultAbi as Abi;
    const sorted = (list: readonly LocalAccount[]) => [...list].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    /** Create and fully fund a vault for `ops` (bond `bond` each, stakers fill the rest in equal parts). */
    const fundedVault = async (ops: readonly LocalAccount[], stakers: readonly LocalAccount[], bond: bigint, salt: bigint): Promise<Address> => {
      const n = BigInt(ops.length);
      const block = await pub.getBlock();
      const config = {
        operators: sorted(ops).map((o) => o.address),
        threshold: Math.ceil((2 * ops.length) / 3),
        bondPerOperator: bond,
        stakerCapacity: parseEther('32') - n * bond,
        termSeconds: 86_400n,
        commissionBps: 1000,
        fundingDeadline: block.timestamp + 3600n,
        credentialType: 1,
        salt: toHex(salt, { size: 32 }),
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
      for (const op of ops) await call(op, vault, v, 'postBond', [], bond);
      const part = config.stakerCapacity / BigInt(stakers.length);
      for (const s of stakers) await call(s, vault, v, 'stake', [], part);
      return vault;
    };
    /** Every operator signs its deposit check over the current deposit root; `acc[0]` sends the deposit. */
    const depositWithChecks = async (vault: Address, ops: readonly LocalAccount[], seed: bigint) => {
      const entry = createDepositData(encodeSecretKey(seed), {
        withdrawalCredentials: executionWithdrawalCredentials(vault),
        amount: 32_000_000_000n,
        network: getNetwork('devnet'),
      });
      const pubkey: Hex = toHex(entry.pubkey);
      const dataRoot: Hex = toHex(entry.depositDataRoot);
      const depositRoot = (await pub.readContract({ address: chain.depositContract, abi: depositContractAbi, functionName: 'get_deposit_root' })) as Hex;
      const typed = depositCheckTypedData({ chainId: chain.chainId, vault, pubkey, depositDataRoot: dataRoot, depositRoot });
      const checks = await Promise.all(sorted(ops).map((op) => privateKeyToAccount(op.privateKey).signTypedData(typed)));
      return call(acc[0]!, vault, v, 'deposit', [pubkey, toHex(entry.signature), dataRoot, depositRoot, checks]);
    };

    const ops = [acc[1]!, acc[2]!, acc[3]!, acc[4]!];
    const stakers = [acc[5]!, acc[6]!];
    const vault = await fundedVault(ops, stakers, parseEther('2'), 1n);
    await depositWithChecks(vault, ops, 4242n);
    await call(ops[0]!, vault, v, 'publishSignedExit', [toHex(new Uint8Array(200))]);
    await call(ops[0]!, vault, v, 'voteExit');
    await test.increaseTime({ seconds: 86_401 });
    await test.mine({ blocks: 1 });
    await call(stakers[0]!, vault, v, 'requestExit', [parseEther('0.001')], parseEther('0.001'));
    await test.setBalance({ address: vault, value: parseEther('33') });
    await call(acc[0]!, vault, v, 'settle');
    for (const who of [...ops, ...stakers]) await call(who, vault, v, 'claim');

    // deposit with 16 operators (keys made here, funded by anvil_setBalance); measured apart from the lifecycle rows.
    const many: LocalAccount[] = Array.from({ length: 16 }, (_, i) => {
      const privateKey = keccak256(toHex(`gas bench operator ${i}`));
      return { address: privateKeyToAccount(privateKey).address, privateKey } as LocalAccount;
    });
    for (const op of many) await test.setBalance({ address: op.address, value: parseEther('10') });
    const lifecycleRows = rows.length;
    const big = await fundedVault(many, stakers, parseEther('1'), 2n);
    await depositWithChecks(big, many, 4343n);
    const deposit16 = rows.splice(lifecycleRows).find((r) => r[0] === 'deposit')![1];

    // The paths without anyone's vote: principal back with no exit request settles; a cancel, then a sweep.
    const measureApart = async (label: string, run: () => Promise<unknown>) => {
      const before = rows.length;
      await run();
      const gas = rows.splice(before).at(-1)![1];
      rows.push([label, gas]);
    };
    const early = await fundedVault(ops, stakers, parseEther('2'), 3n);
    await depositWithChecks(early, ops, 4444n);
    rows.splice(lifecycleRows);
    await test.setBalance({ address: early, value: parseEther('31') });
    await measureApart('settle (no exit request, 31 ETH back)', () => call(acc[0]!, early, v, 'settle'));
    const lifecycleAndEarly = rows.length;
    const cancelled = await fundedVault(ops, stakers, parseEther('2'), 4n);
    rows.splice(lifecycleAndEarly);
    await test.increaseTime({ seconds: 3_601 });
    await test.mine({ blocks: 1 });
    await measureApart('cancel (4 bonds, 2 stakes)', () => call(acc[0]!, cancelled, v, 'cancel'));
    await test.setBalance({ address: cancelled, value: parseEther('33') });
    await measureApart('sweep (6 who paid in)', () => call(acc[0]!, cancelled, v, 'sweep'));

    const byFn = new Map<string, bigint[]>();
    for (const [fn, gas] of rows) byFn.set(fn, [...(byFn.get(fn) ?? []), gas]);
    const lines = ['| function | calls | gas used (min) | gas used (max) |', '|---|---:|---:|---:|'];
    for (const [fn, gases] of byFn) {
      const min = gases.reduce((a, b) => (a < b ? a : b));
      const max = gases.reduce((a, b) => (a > b ? a : b));
      lines.push(`| ${fn} | ${gases.length} | ${min.toLocaleString('en-US')} | ${max.toLocaleString('en-US')} |`);
    }
    return (
      lines.join('\n') +
      '\n\n4 operators, 2 stakers, anvil --hardfork prague; deposit verifies 4 EIP-712 deposit checks (ECDSA) and reads the deposit root; settle credits 6 pull balances (also without an exit request, once 16 ETH or more is back); cancel and sweep credit the 6 who paid in; requestExit pays the EIP-7002 fee and refunds the excess.' +
      `\n\n| deposit with n operators (EOA checks) | gas used |\n|---|---:|\n| n = 4 | ${byFn.get('deposit')![0]!.toLocaleString('en-US')} |\n| n = 16 | ${deposit16.toLocaleString('en-US')} |`
    );
  } finally {
    await chain.stop();
  }
}
