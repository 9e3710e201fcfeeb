/** Every revert path with its custom error, early exit by t votes, cancel with refunds, a reentrant claimer. */
import { getAddress, parseEther, toFunctionSelector, type Abi, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advance,
  clusterFactoryAbi,
  compileTestContract,
  createVault,
  depositArgs,
  depositRootNow,
  depositWithChecks,
  expectRevert,
  fund,
  makeConfig,
  makeDeposit,
  now,
  send,
  signCheck,
  signChecks,
  startTestChain,
  vaultCall,
  vaultRead,
  type ClusterConfig,
  type LocalAccount,
  type TestChain,
} from './helpers.js';
import { MAX_FUNDING_PERIOD_SECONDS } from '../../../src/app/vaultTerms.js';

let t: TestChain;
let ops: LocalAccount[];
let stakers: LocalAccount[];
let outsider: LocalAccount;
beforeAll(async () => {
  t = await startTestChain();
  const a = t.chain.accounts;
  ops = [a[1]!, a[2]!, a[3]!, a[4]!];
  stakers = [a[5]!, a[6]!];
  outsider = a[8]!;
});
afterAll(async () => {
  await t?.chain.stop();
});

function create(config: ClusterConfig) {
  return send(t, outsider, { address: t.chain.clusterFactory, abi: clusterFactoryAbi as Abi, functionName: 'createCluster', args: [config] });
}

/** A deposited vault (4 operators, 2 stakers), returned with its config and deposit. */
async function depositedVault(over: Partial<ClusterConfig> = {}) {
  const config = await makeConfig(t, ops, over);
  const vault = await createVault(t, outsider, config);
  await fund(t, vault, config, ops, stakers);
  const dep = makeDeposit(vault, 7n);
  await depositWithChecks(t, outsider, vault, ops, dep);
  return { config, vault, dep };
}

describe('ClusterFactory validation', () => {
  it('rejects bad configurations with typed errors', async () => {
    const good = await makeConfig(t, ops);
    const [o0, o1, o2, o3] = good.operators as [Address, Address, Address, Address];
    await expectRevert(create({ ...good, operators: [o0, o1], threshold: 2, stakerCapacity: parseEther('28') }), 'BadOperatorCount', [2n]);
    await expectRevert(create({ ...good, operators: [o1, o0, o2, o3] }), 'OperatorsNotSorted', [1n]);
    await expectRevert(create({ ...good, operators: [o0, o0, o2, o3] }), 'OperatorsNotSorted', [1n]);
    await expectRevert(create({ ...good, threshold: 2 }), 'BadThreshold', [2n, 4n]);
    await expectRevert(create({ ...good, threshold: 5 }), 'BadThreshold', [5n, 4n]);
    // t >= ceil(2n/3): for n = 5 the old majority rule allowed t = 3, now 4 is the least.
    const five = [o0, o1, o2, o3, '0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF' as Address];
    const fiveConfig = { ...good, operators: five, stakerCapacity: parseEther('22') };
    await expectRevert(create({ ...fiveConfig, threshold: 3 }), 'BadThreshold', [3n, 5n]);
    await createVault(t, outsider, { ...fiveConfig, threshold: 4 });
    // The funding deadline at most 30 days after creation (judged by the block time; the simulation runs at the latest block).
    const start = await now(t);
    const max = 30n * 86_400n;
    expect(BigInt(MAX_FUNDING_PERIOD_SECONDS)).toBe(max);
    expect(await t.publicClient.readContract({ address: t.chain.clusterFactory, abi: clusterFactoryAbi, functionName: 'MAX_FUNDING_PERIOD' })).toBe(max);
    await expectRevert(create({ ...good, fundingDeadline: start + max + 1n }), 'FundingTooLong', [max, max + 1n]);
    await createVault(t, outsider, { ...good, salt: `0x${'77'.repeat(32)}`, fundingDeadline: start + max });
    await expectRevert(create({ ...good, bondPerOperator: 0n, stakerCapacity: parseEther('32') }), 'BadBond', [0n]);
    await expectRevert(create({ ...good, bondPerOperator: parseEther('9'), stakerCapacity: 0n }), 'BadBond', [parseEther('9')]);
    await expectRevert(create({ ...good, stakerCapacity: parseEther('25') }), 'BadCapacity', [parseEther('24'), parseEther('25')]);
    await expectRevert(create({ ...good, termSeconds: 0n }), 'BadTerm', []);
    await expectRevert(create({ ...good, commissionBps: 10_001 }), 'BadCommission', [10_001n]);
    await expectRevert(create({ ...good, credentialType: 0 }), 'BadCredentialType', [0]);
    const past = (await now(t)) - 1n;
    await expectRevert(create({ ...good, fundingDeadline: past }), 'DeadlinePassed', [past]);
    const vault = await createVault(t, outsider, good);
    await expectRevert(create(good), 'ClusterExists', [vault]);
  });

  it('accepts 3 operators with t = 2, and operators funding everything (capacity 0)', async () => {
    const three = await makeConfig(t, ops.slice(0, 3), { threshold: 2 });
    await createVault(t, outsider, three);
    const all = await makeConfig(t, ops, { bondPerOperator: parseEther('8') });
    expect(all.stakerCapacity).toBe(0n);
    const vault = await createVault(t, outsider, all);
    expect(await vaultRead(t, vault, 'withdrawalCredentials')).toBe(`0x01${'00'.repeat(11)}${vault.slice(2).toLowerCase()}`);
    const compounding = await makeConfig(t, ops, { credentialType: 2 });
    const v2 = await createVault(t, outsider, compounding);
    expect(await vaultRead(t, v2, 'withdrawalCredentials')).toBe(`0x02${'00'.repeat(11)}${v2.slice(2).toLowerCase()}`);
  });
});

describe('ClusterVault reverts', () => {
  it('funding phase errors', async () => {
    const config = await makeConfig(t, ops);
    const vault = await createVault(t, outsider, config);
    const bond = config.bondPerOperator;
    await expectRevert(vaultCall(t, stakers[0]!, vault, 'postBond', [], bond), 'NotOperator', [getAddress(stakers[0]!.address)]);
    await expectRevert(vaultCall(t, ops[0]!, vault, 'postBond', [], bond - 1n), 'WrongBond', [bond, bond - 1n]);
    await vaultCall(t, ops[0]!, vault, 'postBond', [], bond);
    await expectRevert(vaultCall(t, ops[0]!, vault, 'postBond', [], bond), 'BondAlreadyPosted', [getAddress(ops[0]!.address)]);
    const min = await vaultRead<bigint>(t, vault, 'minStake');
    expect(min).toBe(config.stakerCapacity / 64n);
    await expectRevert(vaultCall(t, stakers[0]!, vault, 'stake', [], min - 1n), 'StakeTooSmall', [min, min - 1n]);
    await expectRevert(vaultCall(t, stakers[0]!, vault, 'stake', [], config.stakerCapacity + 1n), 'CapacityExceeded', [config.stakerCapacity, config.stakerCapacity + 1n]);
    const dep = makeDeposit(vault, 9n);
    const root = await depositRootNow(t);
    const checks = await signChecks(t, ops, vault, dep, root);
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, checks)), 'NotFullyFunded', [bond]);
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs({ ...dep, signature: '0x00' }, root, checks)), 'BadLength', [96n, 1n]);
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs({ ...dep, pubkey: '0x1234' }, root, checks)), 'BadLength', [48n, 2n]);
    await expectRevert(vaultCall(t, outsider, vault, 'cancel'), 'FundingOpen', [config.fundingDeadline]);
    await expectRevert(vaultCall(t, ops[0]!, vault, 'voteExit'), 'WrongPhase', [0]);
    await expectRevert(vaultCall(t, ops[0]!, vault, 'requestExit', [1n], 1n), 'WrongPhase', [0]);
    await expectRevert(vaultCall(t, outsider, vault, 'settle'), 'WrongPhase', [0]);
    await expectRevert(vaultCall(t, outsider, vault, 'claim'), 'NothingToClaim', [getAddress(outsider.address)]);
    // Plain ether is refused while funding (only postBond / stake count).
    await expect(t.publicClient.call({ to: vault, value: 1n, account: outsider.address })).rejects.toThrow(/revert/i);

    // Fill the rest, but one operator checked another deposit data root.
    for (const op of ops.slice(1)) await vaultCall(t, op, vault, 'postBond', [], bond);
    await vaultCall(t, stakers[0]!, vault, 'stake', [], config.stakerCapacity);
    const sorted = [...ops].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const wrong = [...checks];
    wrong[3] = await signCheck(t, sorted[3]!, vault, { pubkey: dep.pubkey, depositDataRoot: `0x${'ab'.repeat(32)}` }, root);
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, wrong)), 'BadDepositCheck', [config.operators[3]]);
    await advance(t, 3601);
    // After the funding deadline the deposit is closed, even with every check over the current root.
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, checks)), 'FundingClosed', [config.fundingDeadline]);
    await expectRevert(vaultCall(t, ops[1]!, vault, 'postBond', [], bond), 'FundingClosed', [config.fundingDeadline]);
    await expectRevert(vaultCall(t, stakers[1]!, vault, 'stake', [], 1n), 'FundingClosed', [config.fundingDeadline]);
  });

  it('deposited / exiting phase errors', async () => {
    const { vault } = await depositedVault();
    await expectRevert(vaultCall(t, ops[0]!, vault, 'postBond', [], parseEther('2')), 'WrongPhase', [1]);
    await expectRevert(vaultCall(t, outsider, vault, 'cancel'), 'WrongPhase', [1]);
    const termEndsAt = await vaultRead<bigint>(t, vault, 'termEndsAt');
    await expectRevert(vaultCall(t, ops[0]!, vault, 'requestExit', [1n], 1n), 'TermNotOver', [termEndsAt]);
    await expectRevert(vaultCall(t, outsider, vault, 'voteExit'), 'NotOperator', [getAddress(outsider.address)]);
    await vaultCall(t, ops[0]!, vault, 'voteExit');
    await expectRevert(vaultCall(t, ops[0]!, vault, 'voteExit'), 'AlreadyVoted', [getAddress(ops[0]!.address)]);
    await expectRevert(vaultCall(t, outsider, vault, 'publishSignedExit', ['0x01']), 'NotOperator', [getAddress(outsider.address)]);
    // Nothing back while the validator runs: not settleable until 16 ETH arrive or 60 days after the term.
    await expectRevert(vaultCall(t, outsider, vault, 'settle'), 'NotSettleable', [0n, termEndsAt + 60n * 86_400n]);
    await advance(t, 86_401);
    await expectRevert(vaultCall(t, outsider, vault, 'requestExit', [1n], 1n), 'NotParticipant', [getAddress(outsider.address)]);
    await expectRevert(vaultCall(t, stakers[0]!, vault, 'requestExit', [0n], 1n), 'FeeTooHigh', [1n, 0n]);
    await expectRevert(vaultCall(t, stakers[0]!, vault, 'requestExit', [1n], 0n), 'FeeNotCovered', [1n, 0n]);
    await vaultCall(t, stakers[0]!, vault, 'requestExit', [1n], 1n);
    const firstAt = await vaultRead<bigint>(t, vault, 'firstExitRequestAt');
    await expectRevert(vaultCall(t, ops[1]!, vault, 'requestExit', [1n], 1n), 'ExitCooldown', [firstAt + 86_400n]);
    await advance(t, 86_400);
    await vaultCall(t, ops[1]!, vault, 'requestExit', [1n], 1n); // repeatable after the cooldown
    expect(await vaultRead<bigint>(t, vault, 'exitRequestCount')).toBe(2n);
    // Less than 16 ETH back and the grace period not over.
    await t.testClient.setBalance({ address: vault, value: parseEther('15') });
    await expectRevert(vaultCall(t, outsider, vault, 'settle'), 'NotSettleable', [parseEther('15'), firstAt + 60n * 86_400n]);
    // After the grace period, settle what is there; principal arriving later is settled on top.
    await advance(t, 60 * 86_400);
    await vaultCall(t, outsider, vault, 'settle');
    await expectRevert(vaultCall(t, outsider, vault, 'settle'), 'NothingToSettle', []);
    expect(await vaultRead<bigint>(t, vault, 'allocatedToOperators')).toBe(0n); // a 17 ETH shortfall ate all 8 ETH of bonds
    await t.testClient.setBalance({ address: vault, value: parseEther('33') }); // +18 ETH arrive: 33 total received
    await vaultCall(t, outsider, vault, 'settle');
    expect(await vaultRead<bigint>(t, vault, 'totalReceived')).toBe(parseEther('33'));
    // Same result as settling 33 ETH at once: stakers 24 + 0.75·(1 − 10 %) = 24.675; operators the rest.
    expect(await vaultRead<bigint>(t, vault, 'allocatedToStakers')).toBe(parseEther('24.675'));
    expect(await vaultRead<bigint>(t, vault, 'allocatedToOperators')).toBe(parseEther('8.325'));
  });

  it('early exit by t votes lets anyone request before the term', async () => {
    const { vault, config } = await depositedVault();
    for (const op of ops.slice(0, config.threshold - 1)) await vaultCall(t, op, vault, 'voteExit');
    await expectRevert(vaultCall(t, outsider, vault, 'requestExit', [1n], 1n), 'TermNotOver');
    const r = await vaultCall(t, ops[config.threshold - 1]!, vault, 'voteExit');
    expect(r.status).toBe('success');
    expect(await vaultRead<bigint>(t, vault, 'exitVotes')).toBe(BigInt(config.threshold));
    await vaultCall(t, outsider, vault, 'requestExit', [5n], 5n);
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(2);
    await vaultCall(t, ops[0]!, vault, 'publishSignedExit', ['0xdeadbeef']);
  });

  it('cancel after the funding deadline refunds everyone exactly', async () => {
    const config = await makeConfig(t, ops);
    const vault = await createVault(t, outsider, config);
    await vaultCall(t, ops[0]!, vault, 'postBond', [], config.bondPerOperator);
    await vaultCall(t, ops[2]!, vault, 'postBond', [], config.bondPerOperator);
    await vaultCall(t, stakers[0]!, vault, 'stake', [], parseEther('5'));
    await vaultCall(t, stakers[1]!, vault, 'stake', [], parseEther('3'));
    await vaultCall(t, stakers[0]!, vault, 'stake', [], parseEther('1'));
    await advance(t, 3601);
    await vaultCall(t, outsider, vault, 'cancel');
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(4);
    await expectRevert(vaultCall(t, stakers[1]!, vault, 'stake', [], parseEther('1')), 'WrongPhase', [4]);
    const expected: [LocalAccount, bigint][] = [
      [ops[0]!, config.bondPerOperator],
      [ops[2]!, config.bondPerOperator],
      [stakers[0]!, parseEther('6')],
      [stakers[1]!, parseEther('3')],
    ];
    for (const [who, amount] of expected) {
      expect(await vaultRead<bigint>(t, vault, 'claimable', [who.address])).toBe(amount);
      await vaultCall(t, who, vault, 'claim');
    }
    expect(await vaultRead<bigint>(t, vault, 'claimable', [ops[1]!.address])).toBe(0n);
    expect(await t.publicClient.getBalance({ address: vault })).toBe(0n);
  });

  it('a reentrant claimer cannot drain the vault', async () => {
    const attacker = compileTestContract('ReentrantClaimer.sol', 'ReentrantClaimer');
    const config = await makeConfig(t, ops);
    const vault = await createVault(t, outsider, config);
    const hash = await t.wallet(outsider).deployContract({ abi: attacker.abi as Abi, bytecode: attacker.bytecode, args: [vault] });
    const deployed = await t.publicClient.waitForTransactionReceipt({ hash });
    const evil = getAddress(deployed.contractAddress!);
    await send(t, outsider, { address: evil, abi: attacker.abi as Abi, functionName: 'stakeIntoVault', value: parseEther('4') });
    await fund(t, vault, { ...config, stakerCapacity: config.stakerCapacity - parseEther('4') }, ops, [stakers[0]!]);
    const dep = makeDeposit(vault, 11n);
    await depositWithChecks(t, outsider, vault, ops, dep);
    await advance(t, 86_401);
    await vaultCall(t, ops[0]!, vault, 'requestExit', [1n], 1n);
    await t.testClient.setBalance({ address: vault, value: parseEther('32') });
    await vaultCall(t, outsider, vault, 'settle');
    const due = await vaultRead<bigint>(t, vault, 'claimable', [evil]);
    expect(due).toBe(parseEther('4'));
    await send(t, outsider, { address: evil, abi: attacker.abi as Abi, functionName: 'attack' });
    expect(await t.publicClient.getBalance({ address: evil })).toBe(due);
    const read = (fn: string) => t.publicClient.readContract({ address: evil, abi: attacker.abi as Abi, functionName: fn });
    expect(await read('attempts')).toBe(1n);
    expect(await read('successes')).toBe(0n);
    expect(((await read('lastError')) as Hex).slice(0, 10)).toBe(toFunctionSelector('Reentrancy()'));
    expect(await t.publicClient.getBalance({ address: vault })).toBe(parseEther('28'));
    expect(await vaultRead<bigint>(t, vault, 'outstanding')).toBe(parseEther('28'));
  });
});
