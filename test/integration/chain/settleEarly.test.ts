/**
 * No hostages (CONTRACTS.md settle): principal that comes back without any exit request or vote (slashed, ejected,
 * a presigned exit) settles; a missing or reverting EIP-7002 predeploy only stops `requestExit`, never the money; a
 * 16 ETH donation that settles the vault early stops neither exit votes nor requests and changes no final payout.
 * And ether arriving after a cancellation is swept to those who paid in. Withdrawals are imitated with
 * anvil_setBalance, as in the other chain tests.
 */
import { getAddress, parseEther, type Abi, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHDRAWAL_REQUEST_ADDRESS } from '../../../src/adapters/chain/systemContracts.data.js';
import {
  advance,
  clusterVaultAbi,
  createVault,
  decodeLogs,
  depositWithChecks,
  expectRevert,
  fund,
  makeConfig,
  makeDeposit,
  referenceSplit,
  startTestChain,
  vaultCall,
  vaultRead,
  type ClusterConfig,
  type LocalAccount,
  type TestChain,
} from './helpers.js';

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

let seed = 5000n;

/** A deposited vault: 4 operators with 2 ETH bonds, stakers 12 + 12 ETH, 10 % commission, a one-day term. */
async function depositedVault(over: Partial<ClusterConfig> = {}) {
  const config = await makeConfig(t, ops, over);
  const vault = await createVault(t, outsider, config);
  await fund(t, vault, config, ops, stakers);
  seed += 1n;
  await depositWithChecks(t, outsider, vault, ops, makeDeposit(vault, seed));
  expect(await vaultRead<number>(t, vault, 'phase')).toBe(1);
  return { config, vault };
}

const balance = (address: Address) => t.publicClient.getBalance({ address });

/** Everyone claims; returns what each got, and checks the vault is empty afterwards. */
async function claimAll(vault: Address): Promise<Map<Address, bigint>> {
  const got = new Map<Address, bigint>();
  for (const who of [...ops, ...stakers]) {
    const due = await vaultRead<bigint>(t, vault, 'claimable', [who.address]);
    if (due === 0n) continue;
    const before = await balance(who.address);
    const r = await vaultCall(t, who, vault, 'claim');
    expect((await balance(who.address)) - before + r.gasUsed * r.effectiveGasPrice).toBe(due);
    got.set(getAddress(who.address), due);
  }
  expect(await balance(vault)).toBe(0n);
  expect(await vaultRead<bigint>(t, vault, 'outstanding')).toBe(0n);
  return got;
}

/** What each operator and staker is owed for a cumulative `received`, per the split (equal / pro rata, before rounding remainders). */
function expectedShares(config: ClusterConfig, received: bigint) {
  const ref = referenceSplit(received, config.stakerCapacity, BigInt(config.commissionBps));
  return { ...ref, perOperator: ref.toOperators / 4n, perStaker: ref.toStakers / 2n };
}

describe('settling without an exit request', () => {
  it('a validator slashed and exited early: 31.5 ETH back, no request, no vote: anyone settles, claims pay the split', async () => {
    const { config, vault } = await depositedVault();
    expect(await vaultRead<bigint>(t, vault, 'exitRequestCount')).toBe(0n);
    const received = parseEther('31.5');
    await t.testClient.setBalance({ address: vault, value: received });
    const r = await vaultCall(t, outsider, vault, 'settle');
    const ev = decodeLogs(r.logs, clusterVaultAbi as Abi).find((l) => l.eventName === 'Settled');
    const exp = expectedShares(config, received);
    expect(ev?.args).toEqual({ received, toOperators: exp.toOperators, toStakers: exp.toStakers });
    expect(exp.toOperators).toBe(parseEther('7.5')); // the 0.5 ETH shortfall hits the bonds
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(3);
    const got = await claimAll(vault);
    for (const op of ops) expect(got.get(getAddress(op.address))! - exp.perOperator).toBeLessThan(4n);
    for (const s of stakers) expect(got.get(getAddress(s.address))).toBe(exp.perStaker);
    expect([...got.values()].reduce((a, b) => a + b, 0n)).toBe(received);
  });

  it('below 16 ETH it waits; 60 days after the term it settles whatever is there, and later arrivals on top', async () => {
    const { config, vault } = await depositedVault();
    const termEndsAt = await vaultRead<bigint>(t, vault, 'termEndsAt');
    await t.testClient.setBalance({ address: vault, value: parseEther('15.9') });
    await expectRevert(vaultCall(t, outsider, vault, 'settle'), 'NotSettleable', [parseEther('15.9'), termEndsAt + 60n * 86_400n]);
    await advance(t, config.termSeconds + 60n * 86_400n);
    await vaultCall(t, outsider, vault, 'settle');
    await t.testClient.setBalance({ address: vault, value: parseEther('32.2') }); // 16.3 more arrive
    await vaultCall(t, outsider, vault, 'settle');
    const exp = expectedShares(config, parseEther('32.2'));
    expect(await vaultRead<bigint>(t, vault, 'allocatedToOperators')).toBe(exp.toOperators);
    expect(await vaultRead<bigint>(t, vault, 'allocatedToStakers')).toBe(exp.toStakers);
  });
});

describe('the EIP-7002 predeploy is not needed for the money', () => {
  for (const [what, code] of [
    ['missing', '0x'],
    ['reverting', '0x5f5ffd'], // PUSH0 PUSH0 REVERT
  ] as const) {
    it(`a ${what} predeploy: requestExit says so, the principal still settles and is claimed`, async () => {
      const original = (await t.publicClient.getCode({ address: WITHDRAWAL_REQUEST_ADDRESS })) as Hex;
      const { config, vault } = await depositedVault();
      await advance(t, config.termSeconds + 1n);
      await t.testClient.setCode({ address: WITHDRAWAL_REQUEST_ADDRESS, bytecode: code });
      try {
        await expectRevert(vaultCall(t, stakers[0]!, vault, 'requestExit', [parseEther('0.01')], parseEther('0.01')), 'FeeReadFailed', []);
        const received = parseEther('32.4');
        await t.testClient.setBalance({ address: vault, value: received });
        await vaultCall(t, outsider, vault, 'settle');
        const got = await claimAll(vault);
        expect([...got.values()].reduce((a, b) => a + b, 0n)).toBe(received);
        const exp = expectedShares(config, received);
        for (const s of stakers) expect(got.get(getAddress(s.address))).toBe(exp.perStaker);
      } finally {
        await t.testClient.setCode({ address: WITHDRAWAL_REQUEST_ADDRESS, bytecode: original });
      }
    });
  }
});

describe('a 16 ETH donation while the validator runs', () => {
  it('settles early but blocks no exit vote or request, and the final payouts equal settling everything once', async () => {
    const { config, vault } = await depositedVault();
    const { vault: twin } = await depositedVault({ salt: `0x${'99'.repeat(32)}` });
    // Someone sends 16 ETH (a forced send cannot be refused); anyone may now settle it.
    await t.testClient.setBalance({ address: vault, value: parseEther('16') });
    await vaultCall(t, outsider, vault, 'settle');
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(3);
    // t operators still vote an early exit, and anyone then requests it (the validator is still running).
    for (const op of ops.slice(0, config.threshold)) await vaultCall(t, op, vault, 'voteExit');
    expect(await vaultRead<bigint>(t, vault, 'exitVotes')).toBe(BigInt(config.threshold));
    const r = await vaultCall(t, outsider, vault, 'requestExit', [parseEther('0.01')], parseEther('0.01'));
    expect(decodeLogs(r.logs, clusterVaultAbi as Abi).find((l) => l.eventName === 'ExitRequested')?.args).toMatchObject({ caller: getAddress(outsider.address), requestCount: 1n });
    // After the term, a single staker can also request again (after the cooldown).
    await advance(t, config.termSeconds + 1n);
    await vaultCall(t, stakers[1]!, vault, 'requestExit', [parseEther('0.01')], parseEther('0.01'));
    expect(await vaultRead<bigint>(t, vault, 'exitRequestCount')).toBe(2n);
    // The principal comes back: 32.8 ETH on top of the 16 (the stakers' early 16 ETH is still unclaimed).
    const outstanding = await vaultRead<bigint>(t, vault, 'outstanding');
    await t.testClient.setBalance({ address: vault, value: outstanding + parseEther('32.8') });
    await vaultCall(t, outsider, vault, 'settle');
    // The twin vault receives the same 48.8 ETH at once after its exit.
    await t.testClient.setBalance({ address: twin, value: parseEther('48.8') });
    await vaultCall(t, outsider, twin, 'settle');
    for (const fn of ['totalReceived', 'allocatedToOperators', 'allocatedToStakers']) {
      expect(await vaultRead<bigint>(t, vault, fn)).toBe(await vaultRead<bigint>(t, twin, fn));
    }
    const exp = expectedShares(config, parseEther('48.8'));
    expect(await vaultRead<bigint>(t, vault, 'allocatedToStakers')).toBe(exp.toStakers);
    const a = await claimAll(vault);
    const b = await claimAll(twin);
    for (const who of [...ops, ...stakers]) {
      const diff = a.get(getAddress(who.address))! - b.get(getAddress(who.address))!;
      expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(4n); // equal up to the rounding remainders of two steps
    }
  });
});

describe('ether after a cancellation', () => {
  it('cancel refunds, then sweep credits what arrives later pro rata to what each paid in', async () => {
    const config = await makeConfig(t, ops);
    const vault = await createVault(t, outsider, config);
    await vaultCall(t, ops[0]!, vault, 'postBond', [], config.bondPerOperator); // 2
    await vaultCall(t, ops[1]!, vault, 'postBond', [], config.bondPerOperator); // 2
    await vaultCall(t, stakers[0]!, vault, 'stake', [], parseEther('6'));
    await vaultCall(t, stakers[1]!, vault, 'stake', [], parseEther('10')); // 20 paid in
    await expectRevert(vaultCall(t, outsider, vault, 'sweep'), 'WrongPhase', [0]);
    await advance(t, 3601);
    await vaultCall(t, outsider, vault, 'cancel');
    await expectRevert(vaultCall(t, outsider, vault, 'sweep'), 'NothingToSweep', []);
    // A withdrawal of a validator deposited for this vault's key outside it: 5 ETH arrive after the cancellation.
    await t.testClient.setBalance({ address: vault, value: parseEther('25') });
    const r = await vaultCall(t, outsider, vault, 'sweep');
    expect(decodeLogs(r.logs, clusterVaultAbi as Abi).find((l) => l.eventName === 'Swept')?.args).toEqual({ amount: parseEther('5') });
    await expectRevert(vaultCall(t, outsider, vault, 'sweep'), 'NothingToSweep', []);
    const due = async (who: LocalAccount) => vaultRead<bigint>(t, vault, 'claimable', [who.address]);
    expect(await due(ops[0]!)).toBe(parseEther('2.5')); // 2 + 5·2/20
    expect(await due(ops[1]!)).toBe(parseEther('2.5'));
    expect(await due(ops[2]!)).toBe(0n); // paid nothing, gets nothing
    expect(await due(stakers[0]!)).toBe(parseEther('7.5')); // 6 + 5·6/20
    expect(await due(stakers[1]!)).toBe(parseEther('12.5')); // 10 + 5·10/20
    const got = await claimAll(vault);
    expect([...got.values()].reduce((x, y) => x + y, 0n)).toBe(parseEther('25'));
    // More later: swept again, even after everyone claimed.
    await t.testClient.setBalance({ address: vault, value: 7n });
    await vaultCall(t, outsider, vault, 'sweep');
    expect(await due(stakers[0]!)).toBe(2n); // floor(7·6/20)
    expect(await due(stakers[1]!)).toBe(3n); // floor(7·10/20); the 2 wei left over go to operators[0]
    const shares = await Promise.all([...ops, ...stakers].map(due));
    expect(shares.reduce((x, y) => x + y, 0n)).toBe(7n);
  });

  it('a cancelled vault nobody paid into sweeps to the operators equally', async () => {
    const config = await makeConfig(t, ops);
    const vault = await createVault(t, outsider, config);
    await advance(t, 3601);
    await vaultCall(t, outsider, vault, 'cancel');
    await t.testClient.setBalance({ address: vault, value: parseEther('4') });
    await vaultCall(t, outsider, vault, 'sweep');
    for (const op of ops) expect(await vaultRead<bigint>(t, vault, 'claimable', [op.address])).toBe(parseEther('1'));
  });
});
