/** The app's view of a vault on a real chain: the local CREATE2 address, the full read, and reverts in words. */
import { getAddress, parseEther, type Abi, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, depositArgs, depositOnChain, fund, makeConfig, makeDeposit, signChecks, signedDeposit, startTestChain, vaultCall, type LocalAccount, type TestChain } from './helpers.js';
import { depositContractAbi } from '../../../src/adapters/chain/depositContract.generated.js';
import { blockHashAt, factoryPredictVault, predictVaultAddress, readDepositCount, readDepositRoot, readVault } from '../../../src/adapters/chain/clusterVault.js';
import { fetchDepositEvents } from '../../../src/adapters/chain/depositEvents.js';
import { scanCoverageProblem } from '../../../src/app/vaultDeposit.js';
import { walletErrorInWords } from '../../../src/adapters/chain/browserWallet.js';
import { clusterVaultAbi } from '../../../src/adapters/chain/clusterVault.generated.js';
import type { VaultConfig } from '../../../src/app/vaultTerms.js';

let t: TestChain;
let ops: LocalAccount[];
let staker: LocalAccount;
beforeAll(async () => {
  t = await startTestChain();
  ops = t.chain.accounts.slice(1, 5);
  staker = t.chain.accounts[6]!;
});
afterAll(async () => {
  await t?.chain.stop();
});

describe('the vault seen by the app', () => {
  it('is where the app computes it, the factory predicts it and createCluster puts it', async () => {
    for (const over of [{}, { credentialType: 2 }, { bondPerOperator: parseEther('8'), stakerCapacity: 0n }]) {
      const config = (await makeConfig(t, ops, over)) as VaultConfig;
      const local = predictVaultAddress(config, t.chain.clusterFactory, t.chain.depositContract);
      expect(await factoryPredictVault(t.publicClient as never, t.chain.clusterFactory, config)).toBe(local);
      expect(await createVault(t, ops[0]!, config)).toBe(local);
    }
    const config = (await makeConfig(t, ops)) as VaultConfig;
    const other = predictVaultAddress({ ...config, threshold: 4 }, t.chain.clusterFactory, t.chain.depositContract);
    expect(other).not.toBe(predictVaultAddress(config, t.chain.clusterFactory, t.chain.depositContract));
  });

  it('reads an undeployed vault as such, then its whole state as it fills', async () => {
    const config = (await makeConfig(t, ops)) as VaultConfig;
    const address = predictVaultAddress(config, t.chain.clusterFactory, t.chain.depositContract);
    const before = await readVault(t.publicClient as never, address);
    expect(before.deployed).toBe(false);
    await createVault(t, ops[0]!, config);
    const empty = await readVault(t.publicClient as never, address, getAddress(ops[0]!.address));
    expect(empty).toMatchObject({ deployed: true, phase: 'Funding', bondCount: 0, totalFunded: 0n, factory: getAddress(t.chain.clusterFactory) });
    expect(empty.operators.map((o) => o.address)).toEqual(config.operators);
    expect(empty.withdrawalCredentials).toBe(`0x01${'0'.repeat(22)}${address.slice(2).toLowerCase()}`);
    expect(empty.exitFee).toBeGreaterThan(0n);

    await fund(t, address, config, ops, [staker]);
    const deposit = makeDeposit(address, 77n);
    const full = await readVault(t.publicClient as never, address);
    expect(full.totalFunded).toBe(parseEther('32'));
    expect(full.bondCount).toBe(4);
    expect(full.operators.every((o) => o.bonded && !o.votedExit)).toBe(true);
    expect(full.stakers).toEqual([{ address: getAddress(staker.address), stake: config.stakerCapacity }]);

    const reading = await readDepositRoot(t.publicClient as never, t.chain.depositContract);
    const checks = await signChecks(t, ops, address, deposit, reading.depositRoot);
    await vaultCall(t, ops[1]!, address, 'deposit', depositArgs(deposit, reading.depositRoot, checks));
    const deposited = await readVault(t.publicClient as never, address);
    expect(deposited.phase).toBe('Deposited');
    expect(deposited.validatorPubkey).toBe(deposit.pubkey);
    expect(deposited.termEndsAt).toBeGreaterThan(0);
    expect(deposited.outstanding).toBe(0n);
  });

  it('reads the deposit root with the block it belongs to; any deposit changes it', async () => {
    const first = await readDepositRoot(t.publicClient as never, t.chain.depositContract);
    const block = await t.publicClient.getBlock({ blockNumber: first.blockNumber });
    expect(first.blockHash).toBe(block.hash);
    const atBlock = await t.publicClient.readContract({ address: t.chain.depositContract, abi: depositContractAbi, functionName: 'get_deposit_root', blockNumber: first.blockNumber });
    expect(first.depositRoot).toBe(atBlock);
    await depositOnChain(t, staker, signedDeposit(991n, staker.address, 1_000_000_000n));
    const second = await readDepositRoot(t.publicClient as never, t.chain.depositContract);
    expect(second.blockNumber).toBeGreaterThan(first.blockNumber);
    expect(second.depositRoot).not.toBe(first.depositRoot);
    await expect(readDepositRoot(t.publicClient as never, staker.address as Address)).rejects.toThrow(/no deposit contract/);
  });

  it('the deposit count read with the root equals what a log scan up to that block proves it saw', async () => {
    await depositOnChain(t, staker, signedDeposit(992n, staker.address, 1_000_000_000n));
    const reading = await readDepositRoot(t.publicClient as never, t.chain.depositContract);
    expect(reading.depositCount).toBeGreaterThan(0n);
    const full = await fetchDepositEvents(t.publicClient as never, { depositContract: t.chain.depositContract, toBlock: reading.blockNumber, pubkeys: [] });
    expect(full.toBlock).toBe(reading.blockNumber);
    expect(scanCoverageProblem({ depositCount: reading.depositCount, lastDepositIndex: full.lastDepositIndex, countBeforeScan: 0n })).toBeUndefined();
    // A scan that stops short of the root's block (a lagging node) does not prove it: a later deposit hides there.
    await depositOnChain(t, staker, signedDeposit(993n, staker.address, 1_000_000_000n));
    const later = await readDepositRoot(t.publicClient as never, t.chain.depositContract);
    const short = await fetchDepositEvents(t.publicClient as never, { depositContract: t.chain.depositContract, toBlock: reading.blockNumber });
    expect(scanCoverageProblem({ depositCount: later.depositCount, lastDepositIndex: short.lastDepositIndex, countBeforeScan: 0n })).toMatch(/Nothing was signed/);
    // A range with no deposit in it proves completeness by the count before it.
    const quietFrom = later.blockNumber + 1n;
    await t.testClient.mine({ blocks: 2 });
    const quiet = await readDepositRoot(t.publicClient as never, t.chain.depositContract);
    const none = await fetchDepositEvents(t.publicClient as never, { depositContract: t.chain.depositContract, fromBlock: quietFrom, toBlock: quiet.blockNumber });
    expect(none.lastDepositIndex).toBeUndefined();
    const before = await readDepositCount(t.publicClient as never, t.chain.depositContract, quietFrom - 1n);
    expect(scanCoverageProblem({ depositCount: quiet.depositCount, lastDepositIndex: none.lastDepositIndex, countBeforeScan: before })).toBeUndefined();
    expect(await blockHashAt(t.publicClient as never, quiet.blockNumber)).toBe(quiet.blockHash);
  });

  it('explains a revert with the contract’s own error, in words', async () => {
    const config = (await makeConfig(t, ops)) as VaultConfig;
    const address: Address = await createVault(t, ops[0]!, config);
    const attempt = (from: LocalAccount, functionName: string, value?: bigint) =>
      t.publicClient
        .simulateContract({ address, abi: clusterVaultAbi as Abi, functionName, account: from.address as Address, ...(value !== undefined ? { value } : {}) } as never)
        .then(
          () => 'no error',
          (e: unknown) => walletErrorInWords(e),
        );
    expect(await attempt(ops[0]!, 'postBond', parseEther('1'))).toBe('The bond must be exactly 2 ETH; 1 ETH was sent.');
    expect(await attempt(staker, 'postBond', parseEther('2'))).toBe(`${getAddress(staker.address)} is not an operator of this vault.`);
    expect(await attempt(staker, 'claim')).toBe('There is nothing to claim for this account.');
    expect(await attempt(ops[0]!, 'voteExit')).toBe('The vault is in its Funding phase, where this is not allowed.');
  });
});
