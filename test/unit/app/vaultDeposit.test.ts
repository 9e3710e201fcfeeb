/**
 * The deposit checks as a receiver judges and counts them (vaultDeposit.ts): a check is kept only for this vault,
 * key and deposit data and only when its signature is the operator's own (or its contract wallet's, by ERC-1271);
 * all n must be over the deposit root the deposit contract has now, and a check over an older root says the root
 * moved. Real EIP-712 signatures by real keys (viem), no chain.
 */
import { describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { depositCheckDigest, depositCheckTypedData } from '../../../src/core/eth/depositCheck.js';
import { judgeDepositCheck, keepDepositCheck, tallyDepositChecks, HELD_ROOTS_PER_OPERATOR, type DepositCheckContext, type HeldDepositCheck } from '../../../src/app/vaultDeposit.js';
import type { DepositCheckMessage } from '../../../src/app/depositCheckMessage.js';
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

  it('one check per operator and root, and only the newest few roots per operator', async () => {
    let h: HeldDepositCheck[] = [];
    h = keepDepositCheck(h, await held(1, rootA, 100));
    h = keepDepositCheck(h, await held(1, rootA, 101));
    expect(h).toHaveLength(1);
    expect(h[0]!.block).toBe(101);
    for (let i = 0; i < HELD_ROOTS_PER_OPERATOR + 2; i++) h = keepDepositCheck(h, await held(1, hex(32), 200 + i));
    h = keepDepositCheck(h, await held(2, rootA));
    expect(h.filter((c) => c.index === 1)).toHaveLength(HELD_ROOTS_PER_OPERATOR);
    expect(Math.min(...h.filter((c) => c.index === 1).map((c) => c.block))).toBe(200 + 2);
  });
});
