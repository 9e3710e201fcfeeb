/**
 * The vault's deposit is bound to the deposit contract's root (CONTRACTS.md "Why the deposit check is bound to the
 * deposit root"): t colluding operators who front-run the vault with a deposit for the group key to their own
 * credentials — in the same block or an earlier one — leave the 32 ETH in the vault. Plus every way a check can be
 * wrong, an ERC-1271 operator, and the funding deadline boundary.
 */
import { encodeFunctionData, getAddress, parseEther, toHex, type Abi, type Address, type Hash, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositContractAbi } from '../../../src/adapters/chain/depositContract.generated.js';
import { depositCheckDigest, depositCheckDomainSeparator } from '../../../src/core/eth/depositCheck.js';
import {
  clusterVaultAbi,
  compileTestContract,
  createVault,
  decodeLogs,
  depositArgs,
  depositOnChain,
  depositRootNow,
  expectRevert,
  fund,
  makeConfig,
  makeDeposit,
  send,
  signCheck,
  signChecks,
  signedDeposit,
  startTestChain,
  vaultCall,
  vaultRead,
  type LocalAccount,
  type TestChain,
  type VaultDepositArgs,
} from './helpers.js';

let t: TestChain;
let ops: LocalAccount[];
let stakers: LocalAccount[];
let outsider: LocalAccount;
beforeAll(async () => {
  t = await startTestChain();
  const a = t.chain.accounts;
  ops = [a[1]!, a[2]!, a[3]!, a[4]!].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
  stakers = [a[5]!, a[6]!];
  outsider = a[8]!;
});
afterAll(async () => {
  await t?.chain.stop();
});

let seed = 1000n;

/** A fully funded vault (4 operators, t = 3) and its deposit for a fresh group key. */
async function fundedVault() {
  const config = await makeConfig(t, ops);
  expect(config.threshold).toBe(3);
  const vault = await createVault(t, outsider, config);
  await fund(t, vault, config, ops, stakers);
  seed += 1n;
  return { config, vault, dep: makeDeposit(vault, seed), keySeed: seed };
}

/** What the deposit contract recorded for `pubkey`: withdrawal credentials and amounts (gwei, little-endian hex). */
async function depositsFor(pubkey: Hex): Promise<{ credentials: Hex; amount: Hex }[]> {
  const logs = await t.publicClient.getLogs({ address: t.chain.depositContract, fromBlock: 0n });
  return decodeLogs(logs, depositContractAbi as Abi)
    .map((l) => l.args as { pubkey: Hex; withdrawal_credentials: Hex; amount: Hex })
    .filter((a) => a.pubkey === pubkey)
    .map((a) => ({ credentials: a.withdrawal_credentials, amount: a.amount }));
}

/** The t colluders' deposit: the group key (which t shares can sign for) to the first colluder's own 0x01 credentials, 1 ETH. */
function colludersDeposit(keySeed: bigint) {
  return signedDeposit(keySeed, ops[0]!.address, 1_000_000_000n);
}

/** Send a vault deposit without simulating it first (the chain decides), with a fixed gas limit. */
async function sendDepositUnsimulated(from: LocalAccount, vault: Address, dep: VaultDepositArgs, root: Hex, checks: readonly Hex[], priorityFee: bigint): Promise<Hash> {
  return t.wallet(from).sendTransaction({
    to: vault,
    data: encodeFunctionData({ abi: clusterVaultAbi as Abi, functionName: 'deposit', args: depositArgs(dep, root, checks) }),
    gas: 600_000n,
    maxPriorityFeePerGas: priorityFee,
    maxFeePerGas: 100_000_000_000n,
  });
}

describe('deposit checks bound to the deposit root', () => {
  it('the happy path: every operator checks the current root, anyone deposits 32 ETH to the vault', async () => {
    const { vault, dep, config } = await fundedVault();
    const root = await depositRootNow(t);
    // The vault's digest and domain are the ones src/core/eth/depositCheck.ts computes.
    const input = { chainId: t.chain.chainId, vault, pubkey: dep.pubkey, depositDataRoot: dep.depositDataRoot, depositRoot: root };
    expect(await vaultRead<Hex>(t, vault, 'depositCheckDigest', [dep.pubkey, dep.depositDataRoot, root])).toBe(depositCheckDigest(input));
    expect(await vaultRead<Hex>(t, vault, 'DOMAIN_SEPARATOR')).toBe(depositCheckDomainSeparator(t.chain.chainId, vault));
    const checks = await signChecks(t, ops, vault, dep, root);
    const receipt = await vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, checks));
    const ev = decodeLogs(receipt.logs, clusterVaultAbi as Abi).find((l) => l.eventName === 'ValidatorDeposited');
    expect(ev?.args).toMatchObject({ pubkey: dep.pubkey, depositDataRoot: dep.depositDataRoot });
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(1);
    expect(await t.publicClient.getBalance({ address: vault })).toBe(0n);
    expect(await depositsFor(dep.pubkey)).toEqual([{ credentials: dep.withdrawalCredentials, amount: '0x0040597307000000' }]);
    expect(config.operators).toEqual(ops.map((o) => getAddress(o.address)));
  });

  it('t colluders front-running in an earlier block, after all n checks were signed: the deposit reverts, the 32 ETH stay', async () => {
    const { vault, dep, keySeed } = await fundedVault();
    const root = await depositRootNow(t);
    const checks = await signChecks(t, ops, vault, dep, root);
    // The colluders deposit 1 ETH for the group key with their own credentials: the first deposit sets them.
    await depositOnChain(t, ops[0]!, colludersDeposit(keySeed));
    const current = await depositRootNow(t);
    expect(current).not.toBe(root);
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, checks)), 'DepositRootChanged', [root, current]);
    // Fresh checks from the 3 colluders over the new root do not replace the honest operator's: its browser sees
    // the colluders' deposit and refuses to sign again, and its old check is over the old root.
    const honest = 3;
    const mixed = await signChecks(t, ops, vault, dep, current);
    mixed[honest] = checks[honest]!;
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, current, mixed)), 'BadDepositCheck', [getAddress(ops[honest]!.address)]);
    expect(await t.publicClient.getBalance({ address: vault })).toBe(parseEther('32'));
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(0);
    expect(await depositsFor(dep.pubkey)).toEqual([{ credentials: toHex(colludersDeposit(keySeed).withdrawalCredentials), amount: '0x00ca9a3b00000000' }]);
  });

  it('t colluders front-running in the same block as vault.deposit(): the deposit reverts, the 32 ETH stay', async () => {
    const { vault, dep, keySeed } = await fundedVault();
    const root = await depositRootNow(t);
    const checks = await signChecks(t, ops, vault, dep, root);
    const attack = colludersDeposit(keySeed);
    await t.testClient.setAutomine(false);
    let attackHash: Hash;
    let vaultHash: Hash;
    try {
      // The colluders' deposit lands ahead of the vault's in the same block (outbidding it, or built that way).
      attackHash = await t.wallet(ops[0]!).writeContract({
        address: t.chain.depositContract,
        abi: depositContractAbi,
        functionName: 'deposit',
        args: [toHex(attack.pubkey), toHex(attack.withdrawalCredentials), toHex(attack.signature), toHex(attack.depositDataRoot)],
        value: parseEther('1'),
        gas: 300_000n,
        maxPriorityFeePerGas: 50_000_000_000n,
        maxFeePerGas: 100_000_000_000n,
      });
      vaultHash = await sendDepositUnsimulated(outsider, vault, dep, root, checks, 1_000_000_000n);
      await t.testClient.mine({ blocks: 1 });
    } finally {
      await t.testClient.setAutomine(true);
    }
    const attackReceipt = await t.publicClient.waitForTransactionReceipt({ hash: attackHash, pollingInterval: 20 });
    const vaultReceipt = await t.publicClient.waitForTransactionReceipt({ hash: vaultHash, pollingInterval: 20 });
    expect(attackReceipt.blockNumber).toBe(vaultReceipt.blockNumber);
    expect(attackReceipt.transactionIndex).toBeLessThan(vaultReceipt.transactionIndex);
    expect(attackReceipt.status).toBe('success');
    expect(vaultReceipt.status).toBe('reverted');
    // Why it reverted: the same call now, at the state after the block, names the changed root.
    const current = await depositRootNow(t);
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, checks)), 'DepositRootChanged', [root, current]);
    expect(await t.publicClient.getBalance({ address: vault })).toBe(parseEther('32'));
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(0);
    expect(await depositsFor(dep.pubkey)).toEqual([{ credentials: toHex(attack.withdrawalCredentials), amount: '0x00ca9a3b00000000' }]);
  });

  it('an unrelated deposit after the checks also stops the vault; fresh checks over the new root let it deposit', async () => {
    const { vault, dep } = await fundedVault();
    const root = await depositRootNow(t);
    const checks = await signChecks(t, ops, vault, dep, root);
    await depositOnChain(t, outsider, signedDeposit(77_777n, outsider.address, 1_000_000_000n));
    const current = await depositRootNow(t);
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, checks)), 'DepositRootChanged', [root, current]);
    const fresh = await signChecks(t, ops, vault, dep, current);
    await vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, current, fresh));
    expect(await t.publicClient.getBalance({ address: vault })).toBe(0n);
  });

  it('refuses a missing check, a wrong signer, a wrong order, another pubkey or root, another vault and a malleable twin', async () => {
    const { vault, dep, config } = await fundedVault();
    const root = await depositRootNow(t);
    const checks = await signChecks(t, ops, vault, dep, root);
    const deposit = (c: readonly Hex[], r: Hex = root) => vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, r, c));
    const op = (i: number) => config.operators[i]!;
    await expectRevert(deposit(checks.slice(0, 3)), 'WrongCheckCount', [4n, 3n]);
    await expectRevert(deposit([...checks, checks[0]!]), 'WrongCheckCount', [4n, 5n]);
    await expectRevert(deposit([checks[1]!, checks[0]!, checks[2]!, checks[3]!]), 'BadDepositCheck', [op(0)]);
    const byOutsider = await signCheck(t, outsider, vault, dep, root);
    await expectRevert(deposit([checks[0]!, checks[1]!, byOutsider, checks[3]!]), 'BadDepositCheck', [op(2)]);
    const otherKey = makeDeposit(vault, 999_999n);
    await expectRevert(deposit([...checks.slice(0, 3), await signCheck(t, ops[3]!, vault, otherKey, root)]), 'BadDepositCheck', [op(3)]);
    const otherRoot = `0x${'5a'.repeat(32)}` as Hex;
    await expectRevert(deposit([...checks.slice(0, 3), await signCheck(t, ops[3]!, vault, dep, otherRoot)]), 'BadDepositCheck', [op(3)]);
    const otherVault = await createVault(t, outsider, await makeConfig(t, ops));
    await expectRevert(deposit([await signCheck(t, ops[0]!, otherVault, dep, root), ...checks.slice(1)]), 'BadDepositCheck', [op(0)]);
    // Checks over another root are consistent with each other but not with the deposit contract.
    await expectRevert(deposit(await signChecks(t, ops, vault, dep, otherRoot), otherRoot), 'DepositRootChanged', [otherRoot, root]);
    // The high-s twin of operator 1's valid check: ecrecover would accept it, the vault does not.
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const sig = checks[1]!;
    const s = BigInt(`0x${sig.slice(66, 130)}`);
    const v = parseInt(sig.slice(130), 16);
    const twin = `${sig.slice(0, 66)}${(N - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    await expectRevert(deposit([checks[0]!, twin, checks[2]!, checks[3]!]), 'BadDepositCheck', [op(1)]);
    // v = 0/1 instead of 27/28, and a 64-byte compact signature, are refused too.
    await expectRevert(deposit([checks[0]!, `${sig.slice(0, 130)}0${v - 27}` as Hex, checks[2]!, checks[3]!]), 'BadDepositCheck', [op(1)]);
    await expectRevert(deposit([checks[0]!, sig.slice(0, 130) as Hex, checks[2]!, checks[3]!]), 'BadDepositCheck', [op(1)]);
    // All correct: it deposits.
    await deposit(checks);
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(1);
  });

  it('an operator that is an ERC-1271 contract wallet checks through isValidSignature', async () => {
    const wallet = compileTestContract('Erc1271Wallet.sol', 'Erc1271Wallet');
    const owner = t.chain.accounts[7]!;
    const hash = await t.wallet(owner).deployContract({ abi: wallet.abi as Abi, bytecode: wallet.bytecode, args: [owner.address] });
    const walletAddress = getAddress((await t.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
    const walletOp = { address: walletAddress, privateKey: owner.privateKey } as LocalAccount; // the owner's key signs for it
    const members = [ops[0]!, ops[1]!, ops[2]!, walletOp];
    const config = await makeConfig(t, members);
    const vault = await createVault(t, outsider, config);
    for (const op of ops.slice(0, 3)) await vaultCall(t, op, vault, 'postBond', [], config.bondPerOperator);
    await t.wallet(owner).sendTransaction({ to: walletAddress, value: config.bondPerOperator }).then((h) => t.publicClient.waitForTransactionReceipt({ hash: h }));
    const postBond = encodeFunctionData({ abi: clusterVaultAbi as Abi, functionName: 'postBond' });
    await send(t, owner, { address: walletAddress, abi: wallet.abi as Abi, functionName: 'execute', args: [vault, config.bondPerOperator, postBond] });
    expect(await vaultRead<boolean>(t, vault, 'bondPosted', [walletAddress])).toBe(true);
    await vaultCall(t, stakers[0]!, vault, 'stake', [], config.stakerCapacity);
    seed += 1n;
    const dep = makeDeposit(vault, seed);
    const root = await depositRootNow(t);
    const digest = (await vaultRead<Hex>(t, vault, 'depositCheckDigest', [dep.pubkey, dep.depositDataRoot, root])) as Hash;
    const sorted = [...members].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const walletIndex = sorted.indexOf(walletOp);
    // EOAs sign the typed data; the wallet's owner signs the digest for the wallet (its ERC-1271 rule).
    const checks = await Promise.all(sorted.map((m) => (m === walletOp ? privateKeyToAccount(owner.privateKey).sign({ hash: digest }) : signCheck(t, m, vault, dep, root))));
    // A signature by another key than the wallet's owner is refused by the wallet, hence by the vault.
    const forged = [...checks];
    forged[walletIndex] = await privateKeyToAccount(outsider.privateKey).sign({ hash: digest });
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, forged)), 'BadDepositCheck', [walletAddress]);
    // Garbage for the wallet (it answers 0xffffffff) is refused too.
    forged[walletIndex] = '0x1234';
    await expectRevert(vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, forged)), 'BadDepositCheck', [walletAddress]);
    await vaultCall(t, outsider, vault, 'deposit', depositArgs(dep, root, checks));
    expect(await vaultRead<number>(t, vault, 'phase')).toBe(1);
  });

  it('deposit is open until the funding deadline, cancel only after it: never both', async () => {
    const a = await fundedVault();
    const deadline = a.config.fundingDeadline;
    const bConfig = await makeConfig(t, ops, { fundingDeadline: deadline });
    const bVault = await createVault(t, outsider, bConfig);
    const b = { config: bConfig, vault: bVault, dep: makeDeposit(bVault, 55_555n) };
    await fund(t, b.vault, bConfig, ops, stakers);
    const root = await depositRootNow(t);
    const checksA = await signChecks(t, ops, a.vault, a.dep, root);
    const cancel = (vault: Address) => () =>
      t.wallet(outsider).sendTransaction({ to: vault, data: encodeFunctionData({ abi: clusterVaultAbi as Abi, functionName: 'cancel' }), gas: 400_000n });
    // In the block whose time is the deadline itself: A deposits, B cannot be cancelled.
    const [depositA, cancelEarly] = await mineTogether(deadline, [() => sendDepositUnsimulated(outsider, a.vault, a.dep, root, checksA, 1n), cancel(b.vault)]);
    expect(depositA!.status).toBe('success');
    expect(cancelEarly!.status).toBe('reverted');
    expect(await vaultRead<number>(t, a.vault, 'phase')).toBe(1);
    // One second later: B can no longer deposit (even with checks over the root it had), but can be cancelled.
    const rootNow = await depositRootNow(t);
    const lateChecks = await signChecks(t, ops, b.vault, b.dep, rootNow);
    const [depositLate, cancelLate] = await mineTogether(deadline + 1n, [() => sendDepositUnsimulated(outsider, b.vault, b.dep, rootNow, lateChecks, 1n), cancel(b.vault)]);
    expect(depositLate!.status).toBe('reverted');
    expect(cancelLate!.status).toBe('success');
    expect(await vaultRead<number>(t, b.vault, 'phase')).toBe(4);
    await expectRevert(vaultCall(t, outsider, b.vault, 'deposit', depositArgs(b.dep, rootNow, lateChecks)), 'WrongPhase', [4]);
  });
});

/** Mine the transactions `sends` make into one block with time `timestamp`; resolves to their receipts in order. */
async function mineTogether(timestamp: bigint, sends: (() => Promise<Hash>)[]) {
  await t.testClient.setAutomine(false);
  const hashes: Hash[] = [];
  try {
    for (const make of sends) hashes.push(await make());
    await t.testClient.setNextBlockTimestamp({ timestamp });
    await t.testClient.mine({ blocks: 1 });
  } finally {
    await t.testClient.setAutomine(true);
  }
  const receipts = await Promise.all(hashes.map((hash) => t.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })));
  expect(new Set(receipts.map((r) => r.blockNumber)).size).toBe(1);
  expect((await t.publicClient.getBlock({ blockNumber: receipts[0]!.blockNumber })).timestamp).toBe(timestamp);
  return receipts;
}
