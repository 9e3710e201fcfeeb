/**
 * The deposit checks as a receiver judges and counts them (vaultDeposit.ts): a check is kept only for this vault,
 * key and deposit data and only when its signature is the operator's own (or its contract wallet's, by ERC-1271);
 * all n must be over the deposit root the deposit contract has now, and a check over an older root says the root
 * moved. Real EIP-712 signatures by real keys (viem), no chain.
 */
import { describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { depositCheckDigest, depositCheckTypedData } from '../../../src/core/eth/depositCheck.js';
import { judgeDepositCheck, keepDepositCheck, scanCoverageProblem, tallyDepositChecks, HELD_ROOTS_PER_OPERATOR, type DepositCheckContext, type HeldDepositCheck } from '../../../src/app/vaultDeposit.js';
import type { DepositCheckMessage } from '../../../src/core/eth/depositCheckMessage.js';
import { toHex0x } from '../../../src/core/wire/fields.js';
import { seededBytes } from '../../helpers.js';

const bytes = seededBytes('vaultDeposit');
const hex = (n: number) => toHex0x(bytes(n)) as `0x${string}`;
const accounts = [1, 2, 3, 4].map((k) => privateKeyToAccount(`0x${k.toString(16).padStart(64, '0')}`));
const operators = accounts.map((a) => a.address);
const vault = hex(20);
const deposit = { pubkey: hex(48), signature: hex(96), depositDataRoot: hex(32) };
const ctx: DepositCheckContext = { configHash: hex(32), chainId: 31337, vault, deposit, operators };
const rootA = hex(32);
const rootB = hex(32);
const noCode = async () => 'no-code' as const;

/** Operator k's (1-based) real check over `root`, as the board carries it. */
async function checkBy(k: number, root: string, block = 100, over: Partial<DepositCheckMessage> = {}): Promise<DepositCheckMessage> {
  const m = { configHash: ctx.configHash, chainId: 31337, vault, operator: operators[k - 1]!.toLowerCase(), pubkey: deposit.pubkey, depositDataRoot: deposit.depositDataRoot, depositRoot: root, block, ...over };
  const typed = depositCheckTypedData({ chainId: m.chainId, vault: m.vault, pubkey: m.pubkey, depositDataRoot: m.depositDataRoot, depositRoot: m.depositRoot });
  const signature = await accounts[k - 1]!.signTypedData(typed);
  return { ...m, signature, ...over };
}

async function held(k: number, root: string, block = 100): Promise<HeldDepositCheck> {
  const r = await judgeDepositCheck(await checkBy(k, root, block), ctx, noCode);
  if (!('check' in r)) throw new Error(r.problem);
  return r.check;
}

describe('judging a deposit check at the boundary', () => {
  it("keeps an operator's own check, with its number in ceremony order", async () => {
    const r = await judgeDepositCheck(await checkBy(3, rootA), ctx, noCode);
    expect(r).toMatchObject({ check: { index: 3, by: 'signer', depositRoot: rootA } });
  });

  it.each([
    ['another ceremony', { configHash: hex(32) }, /another ceremony/],
    ['another chain', { chainId: 1 }, /chain 1, not 31337/],
    ['another vault', { vault: hex(20) }, /for the vault/],
    ['another key', { pubkey: hex(48) }, /another validator key/],
    ['other deposit data', { depositDataRoot: hex(32) }, /other deposit data/],
    ['someone who is no operator', { operator: hex(20) }, /is not an operator/],
  ])('drops a check for %s', async (_, over, reason) => {
    const r = await judgeDepositCheck(await checkBy(1, rootA, 100, over as Partial<DepositCheckMessage>), ctx, noCode);
    expect(r).toMatchObject({ problem: expect.stringMatching(reason) });
  });

  it("drops operator 2's name on operator 1's signature, and a signature over another root", async () => {
    const mine = await checkBy(1, rootA);
    expect(await judgeDepositCheck({ ...mine, operator: operators[1]!.toLowerCase() }, ctx, noCode)).toEqual({ problem: "its signature is not operator 2's" });
    expect(await judgeDepositCheck({ ...mine, depositRoot: rootB }, ctx, noCode)).toEqual({ problem: "its signature is not operator 1's" });
    expect(await judgeDepositCheck({ ...mine, signature: hex(130) }, ctx, noCode)).toEqual({ problem: "its signature is not operator 1's" });
  });

  it("a signature that is not the operator's own key's: kept when its contract wallet accepts it (ERC-1271), dropped when it refuses", async () => {
    const m = { ...(await checkBy(2, rootA)), signature: hex(130) };
    const asked: { operator: string; digest: string; signature: string }[] = [];
    const accepted = await judgeDepositCheck(m, ctx, async (q) => (asked.push(q), 'accepts'));
    expect(accepted).toMatchObject({ check: { index: 2, by: 'wallet' } });
    expect(asked).toEqual([{ operator: operators[1]!.toLowerCase(), digest: depositCheckDigest({ chainId: 31337, vault, pubkey: deposit.pubkey, depositDataRoot: deposit.depositDataRoot, depositRoot: rootA }), signature: m.signature }]);
    expect(await judgeDepositCheck(m, ctx, async () => 'refuses')).toEqual({ problem: "operator 2's contract wallet does not accept its signature" });
  });

  it('keeps it for the vault to judge when the wallet cannot be asked (the RPC is down)', async () => {
    const m = { ...(await checkBy(2, rootA)), signature: hex(130) };
    const r = await judgeDepositCheck(m, ctx, async () => {
      throw new Error('unreachable');
    });
    expect(r).toMatchObject({ check: { index: 2, by: 'contract' } });
  });
});

describe('keeping and counting the checks', () => {
  it('k of n over the current root, who is missing in ceremony order, and the checks in the vault order once all are in', async () => {
    let h: HeldDepositCheck[] = [];
    for (const k of [2, 4]) h = keepDepositCheck(h, await held(k, rootA));
    const part = tallyDepositChecks(h, operators, [...operators].reverse(), rootA);
    expect(part.checked.map((c) => c.index)).toEqual([2, 4]);
    expect(part.missing).toEqual([{ index: 1, address: operators[0] }, { index: 3, address: operators[2] }]);
    expect(part).toMatchObject({ rootMoved: false, checks: undefined });
    for (const k of [1, 3]) h = keepDepositCheck(h, await held(k, rootA));
    const all = tallyDepositChecks(h, operators, [...operators].reverse(), rootA.toUpperCase().replace('0X', '0x'));
    expect(all.missing).toEqual([]);
    const byIndex = (k: number) => h.find((c) => c.index === k)!.signature;
    expect(all.checks).toEqual([byIndex(4), byIndex(3), byIndex(2), byIndex(1)]);
  });

  it('after a deposit moved the root, every check is stale: none counts, the root moved, and re-signing counts again', async () => {
    let h: HeldDepositCheck[] = [];
    for (const k of [1, 2, 3, 4]) h = keepDepositCheck(h, await held(k, rootA, 100));
    const moved = tallyDepositChecks(h, operators, operators, rootB);
    expect(moved).toMatchObject({ checked: [], rootMoved: true, checks: undefined });
    expect(moved.missing.map((m) => m.staleRoot)).toEqual([rootA, rootA, rootA, rootA]);
    for (const k of [1, 2, 3]) h = keepDepositCheck(h, await held(k, rootB, 120));
    const three = tallyDepositChecks(h, operators, operators, rootB);
    expect(three.checked.map((c) => c.index)).toEqual([1, 2, 3]);
    expect(three.missing).toEqual([{ index: 4, address: operators[3], staleRoot: rootA }]);
    expect(three.checks).toBeUndefined();
  });

  it('a check over the current root counts whatever block a later one over an older root claims (the block is not signed)', async () => {
    let h = keepDepositCheck([], await held(1, rootB, 120));
    h = keepDepositCheck(h, await held(1, rootA, 999));
    const t = tallyDepositChecks(h, operators, operators, rootB);
    expect(t.checked).toEqual([{ index: 1, address: operators[0], by: 'signer', block: 120 }]);
    expect(t.rootMoved).toBe(false);
  });

  it('one check per operator and root: the first verified one stays (a replay with another block changes nothing)', async () => {
    let h: HeldDepositCheck[] = [];
    h = keepDepositCheck(h, await held(1, rootA, 100));
    h = keepDepositCheck(h, await held(1, rootA, 101));
    expect(h).toHaveLength(1);
    expect(h[0]!.block).toBe(100);
  });

  it("replayed old checks with huge blocks never push out the operator's check over the current root", async () => {
    let h = keepDepositCheck([], await held(1, rootB, 120));
    const old = await Promise.all(Array.from({ length: HELD_ROOTS_PER_OPERATOR + 3 }, () => hex(32)).map((root, i) => held(1, root, 1_000_000 + i)));
    for (const c of old) h = keepDepositCheck(h, c);
    const t = tallyDepositChecks(h, operators, operators, rootB);
    expect(t.checked).toEqual([{ index: 1, address: operators[0], by: 'signer', block: 120 }]);
    expect(h.filter((c) => c.index === 1)).toHaveLength(HELD_ROOTS_PER_OPERATOR + 4);
  });

  it('a check that could not be verified never displaces a verified one, and only a few are held per operator', async () => {
    const unverified = async (k: number, root: string, block: number): Promise<HeldDepositCheck> => ({ ...(await checkBy(k, root, block)), signature: hex(65), index: k, by: 'contract' });
    let h = keepDepositCheck([], await held(2, rootA, 100));
    h = keepDepositCheck(h, await unverified(2, rootA, 500));
    expect(h).toEqual([expect.objectContaining({ index: 2, by: 'signer', block: 100 })]);
    // An unverified one first, then the verified one over the same root replaces it.
    let g = keepDepositCheck([], await unverified(3, rootA, 100));
    g = keepDepositCheck(g, await held(3, rootA, 90));
    expect(g).toEqual([expect.objectContaining({ index: 3, by: 'signer' })]);
    // Junk under an operator's name while the chain cannot be asked: capped, first come first kept.
    for (let i = 0; i < HELD_ROOTS_PER_OPERATOR + 3; i++) g = keepDepositCheck(g, await unverified(3, hex(32), 200 + i));
    expect(g.filter((c) => c.index === 3 && c.by === 'contract')).toHaveLength(HELD_ROOTS_PER_OPERATOR);
    expect(g.filter((c) => c.index === 3 && c.by === 'contract').map((c) => c.block)).toEqual([200, 201, 202, 203]);
    expect(tallyDepositChecks(g, operators, operators, rootA).checked).toEqual([{ index: 3, address: operators[2], by: 'signer', block: 90 }]);
  });
});

describe('the log scan must cover the root it signs', () => {
  it('complete: the last deposit seen is the last one the root counts, or none came in the range and the count did not change', () => {
    expect(scanCoverageProblem({ depositCount: 7n, lastDepositIndex: 6n, countBeforeScan: 0n })).toBeUndefined();
    expect(scanCoverageProblem({ depositCount: 5n, lastDepositIndex: undefined, countBeforeScan: 5n })).toBeUndefined();
    expect(scanCoverageProblem({ depositCount: 0n, lastDepositIndex: undefined, countBeforeScan: 0n })).toBeUndefined();
  });

  it('incomplete: logs from a lagging node miss deposits the root counts (a front-run could hide there), so nothing is signed', () => {
    expect(scanCoverageProblem({ depositCount: 8n, lastDepositIndex: 6n, countBeforeScan: 0n })).toMatch(/covers 8 deposits; the last one in the logs is number 7.*Nothing was signed/);
    expect(scanCoverageProblem({ depositCount: 6n, lastDepositIndex: undefined, countBeforeScan: 5n })).toMatch(/covers 6 deposits; the logs show none of them/);
    expect(scanCoverageProblem({ depositCount: 1n, lastDepositIndex: undefined, countBeforeScan: 0n })).toMatch(/Nothing was signed/);
  });
});
