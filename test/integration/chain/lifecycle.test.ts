/** The whole vault lifecycle on a real local chain: create → bonds → stakes → checks → deposit → exit → settle → claim. */
import { encodeAbiParameters, encodeDeployData, getAbiItem, getAddress, getContractAddress, keccak256, parseEther, toHex, type Abi, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositContractAbi } from '../../../src/adapters/chain/depositContract.generated.js';
import { clusterFactoryAbi } from '../../../src/adapters/chain/clusterFactory.generated.js';
import { clusterVaultBytecode } from '../../../src/adapters/chain/clusterVault.generated.js';
import { WITHDRAWAL_REQUEST_ADDRESS } from '../../../src/adapters/chain/systemContracts.data.js';
import {
  advance,
  clusterVaultAbi,
  createVault,
  decodeLogs,
  depositArgs,
  expectRevert,
  fund,
  makeConfig,
  makeDeposit,
  referenceSplit,
  signChecks,
  startTestChain,
  vaultCall,
  vaultRead,
  type TestChain,
} from './helpers.js';

const configParam = getAbiItem({ abi: clusterFactoryAbi, name: 'configHash' }).inputs[0];

let t: TestChain;
beforeAll(async () => {
  t = await startTestChain();
});
afterAll(async () => {
  await t?.chain.stop();
});

describe('ClusterVault lifecycle', () => {
  it('runs create → bond → stake → check → deposit → requestExit → settle → claim with no wei created or lost', async () => {
    const acc = t.chain.accounts;
    const operators = [acc[1]!, acc[2]!, acc[3]!, acc[4]!];
    const stakers = [acc[5]!, acc[6]!, acc[7]!];
    const config = await makeConfig(t, operators, { bondPerOperator: parseEther('2'), commissionBps: 1000 });
    // The browser's local CREATE2 computation (viem) agrees with the factory.
    const configHash = keccak256(encodeAbiParameters([configParam], [config]));
    const initCode = encodeDeployData({ abi: clusterVaultAbi, bytecode: clusterVaultBytecode, args: [config, t.chain.depositContract, WITHDRAWAL_REQUEST_ADDRESS] });
    const local = getContractAddress({ opcode: 'CREATE2', from: t.chain.clusterFactory, salt: configHash, bytecode: initCode });
    const vault = await createVault(t, acc[9]!, config);
    expect(vault).toBe(local);
    expect(await vaultRead(t, vault, 'operators')).toEqual(config.operators);

    await fund(t, vault, config, operators, stakers);
    expect(await vaultRead<bigint>(t, vault, 'totalFunded')).toBe(parseEther('32'));
    expect(await t.publicClient.getBalance({ address: vault })).toBe(parseEther('32'));

    const dep = makeDeposit(vault, 0x5eedn);
    expect(await vaultRead<Hex>(t, vault, 'withdrawalCredentials')).toBe(dep.withdrawalCredentials);
    const rootBefore = await t.publicClient.readContract({ address: t.chain.depositContract, abi: depositContractAbi, functionName: 'get_deposit_root' });
    const checks = await signChecks(t, operators, vault, dep, rootBefore);
    const receipt = await vaultCall(t, stakers[0]!, vault, 'deposit', depositArgs(dep, rootBefore, checks));
    const depositEvents = decodeLogs(receipt.logs, depositContractAbi as Abi).filter((l) => l.eventName === 'DepositEvent');
    expect(depositEvents).toHaveLength(1);
    const ev = depositEvents[0]!;
    expect(ev.address).toBe(getAddress(t.chain.depositContract));
    const args = ev.args as { pubkey: Hex; withdrawal_credentials: Hex; amount: Hex; signature: Hex };
    expect(args.pubkey).toBe(dep.pubkey);
    expect(args.withdrawal_credentials).toBe(dep.withdrawalCredentials);
    expect(args.withdrawal_credentials.slice(26).toLowerCase()).toBe(vault.slice(2).toLowerCase());
    expect(args.amount).toBe('0x0040597307000000'); // 32e9 gwei, little-endian uint64
    expect(args.signature).toBe(dep.signature);
    const rootAfter = await t.publicClient.readContract({ address: t.chain.depositContract, abi: depositContractAbi, functionName: 'get_deposit_root' });
    expect(rootAfter).not.toBe(rootBefore);
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(1);
    expect(await t.publicClient.getBalance({ address: vault })).toBe(0n);

    // Before the term: nobody alone can exit.
    const termEndsAt = await vaultRead<bigint>(t, vault, 'termEndsAt');
    await expectRevert(vaultCall(t, operators[0]!, vault, 'requestExit', [10n], 10n), 'TermNotOver', [termEndsAt]);

    await advance(t, config.termSeconds + 1n);

    // EIP-7002 request from the vault: fee read by staticcall (1 wei at zero excess), excess refunded.
    const caller = operators[2]!;
    const callerBefore = await t.publicClient.getBalance({ address: caller.address });
    const sent = parseEther('0.01');
    const exitReceipt = await vaultCall(t, caller, vault, 'requestExit', [sent], sent);
    const gas = exitReceipt.gasUsed * exitReceipt.effectiveGasPrice;
    const callerAfter = await t.publicClient.getBalance({ address: caller.address });
    expect(callerBefore - callerAfter - gas).toBe(1n); // paid exactly the fee
    expect(await t.publicClient.getBalance({ address: WITHDRAWAL_REQUEST_ADDRESS })).toBe(1n);
    const exitEv = decodeLogs(exitReceipt.logs, clusterVaultAbi as Abi).find((l) => l.eventName === 'ExitRequested');
    expect(exitEv?.args).toMatchObject({ caller: getAddress(caller.address), fee: 1n, requestCount: 1n });
    // The predeploy's queue (EIP-7002 storage layout): count at slot 1, tail at slot 3, entry at 4 + 3·index.
    const slot = (i: bigint) => t.publicClient.getStorageAt({ address: WITHDRAWAL_REQUEST_ADDRESS, slot: toHex(i, { size: 32 }) });
    expect(BigInt((await slot(1n)) ?? 0)).toBe(1n);
    expect(BigInt((await slot(3n)) ?? 0)).toBe(1n);
    expect(getAddress(`0x${(await slot(4n))!.slice(26)}`)).toBe(vault);
    const pubkey = dep.pubkey.slice(2);
    expect((await slot(5n))!.slice(2)).toBe(pubkey.slice(0, 64));
    expect((await slot(6n))!.slice(2)).toBe(pubkey.slice(64) + '0000000000000000' + '0000000000000000'); // pubkey[32:48] ‖ uint64 0 ‖ pad
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(2);
    // Repeatable only after the cooldown.
    const last = await vaultRead<bigint>(t, vault, 'lastExitRequestAt');
    await expectRevert(vaultCall(t, stakers[1]!, vault, 'requestExit', [10n], 10n), 'ExitCooldown', [last + 86_400n]);

    // The principal and rewards come back.
    const received = parseEther('32') + parseEther('1.234567891234567891');
    await t.testClient.setBalance({ address: vault, value: received });
    const settleReceipt = await vaultCall(t, acc[9]!, vault, 'settle');
    const ref = referenceSplit(received, config.stakerCapacity, BigInt(config.commissionBps));
    const settled = decodeLogs(settleReceipt.logs, clusterVaultAbi as Abi).find((l) => l.eventName === 'Settled');
    expect(settled?.args).toEqual({ received, toOperators: ref.toOperators, toStakers: ref.toStakers });
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(3);

    let claimed = 0n;
    for (const who of [...operators, ...stakers]) {
      const due = await vaultRead<bigint>(t, vault, 'claimable', [who.address]);
      expect(due).toBeGreaterThan(0n);
      const before = await t.publicClient.getBalance({ address: who.address });
      const r = await vaultCall(t, who, vault, 'claim');
      const after = await t.publicClient.getBalance({ address: who.address });
      expect(after - before + r.gasUsed * r.effectiveGasPrice).toBe(due);
      claimed += due;
    }
    expect(claimed).toBe(received);
    expect(await t.publicClient.getBalance({ address: vault })).toBe(0n);
    expect(await vaultRead<bigint>(t, vault, 'outstanding')).toBe(0n);
  });
});
