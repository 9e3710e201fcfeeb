/**
 * Settlement properties on the real chain (fast-check, a handful of runs): random bonds, stakes and returned amounts
 * below and above 32 ETH. No wei is created or lost; a shortfall hits the bonds first; settling in two steps equals
 * settling once.
 */
import fc from 'fast-check';
import { parseEther, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advance,
  createVault,
  depositWithChecks,
  makeConfig,
  makeDeposit,
  referenceSplit,
  startTestChain,
  vaultCall,
  vaultRead,
  type LocalAccount,
  type TestChain,
} from './helpers.js';

let t: TestChain;
beforeAll(async () => {
  t = await startTestChain();
});
afterAll(async () => {
  await t?.chain.stop();
});

const ETH = 10n ** 18n;
let seed = 100n;

describe('settlement (property)', () => {
  it('conserves every wei and charges bonds first', async () => {
    const acc = t.chain.accounts;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 5 }),
        fc.bigInt({ min: ETH / 10n, max: 6n * ETH }), // bond (capped to 32/n below)
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 3 }), // stake weights
        fc.bigInt({ min: 0n, max: 40n * ETH }), // total received
        fc.integer({ min: 0, max: 10_000 }), // commission bps
        fc.integer({ min: 0, max: 100 }), // percent of `received` in the first settlement
        async (n, bondRaw, weights, received, bps, firstPct) => {
          const operators = acc.slice(1, 1 + n) as LocalAccount[];
          const stakers = acc.slice(6, 6 + weights.length) as LocalAccount[];
          const bond = bondRaw > (32n * ETH) / BigInt(n) ? (32n * ETH) / BigInt(n) : bondRaw;
          const config = await makeConfig(t, operators, { bondPerOperator: bond, commissionBps: bps, threshold: Math.ceil((2 * n) / 3) });
          const vault = await createVault(t, acc[0]!, config);
          for (const op of operators) await vaultCall(t, op, vault, 'postBond', [], bond);
          // Stakes by weight; each at least minStake (capacity/64), the last one fills the rest.
          const cap = config.stakerCapacity;
          const stakeOf = new Map<Address, bigint>();
          if (cap > 0n) {
            const min = (cap + 63n) / 64n;
            const total = BigInt(weights.reduce((a, b) => a + b, 0));
            let left = cap;
            for (let i = 0; i < stakers.length && left > 0n; i++) {
              let amount = i === stakers.length - 1 ? left : (cap * BigInt(weights[i]!)) / total;
              if (amount < min) amount = min < left ? min : left;
              if (amount > left) amount = left;
              await vaultCall(t, stakers[i]!, vault, 'stake', [], amount);
              stakeOf.set(stakers[i]!.address, amount);
              left -= amount;
            }
            if (left > 0n) await vaultCall(t, stakers[0]!, vault, 'stake', [], left);
          }
          const dep = makeDeposit(vault, seed++);
          await depositWithChecks(t, acc[0]!, vault, operators, dep);
          await advance(t, config.termSeconds + 1n);
          await vaultCall(t, operators[0]!, vault, 'requestExit', [1n], 1n);
          await advance(t, 61 * 86_400); // past the grace period: settle works for any amount
          // Funds arrive in two parts; settle after each.
          const first = (received * BigInt(firstPct)) / 100n;
          await t.testClient.setBalance({ address: vault, value: first });
          if (first > 0n) await vaultCall(t, acc[0]!, vault, 'settle');
          await t.testClient.setBalance({ address: vault, value: received });
          if (received > first) await vaultCall(t, acc[0]!, vault, 'settle');
          if (received === 0n) return;

          const ref = referenceSplit(received, config.stakerCapacity, BigInt(bps));
          expect(await vaultRead<bigint>(t, vault, 'allocatedToOperators')).toBe(ref.toOperators);
          expect(await vaultRead<bigint>(t, vault, 'allocatedToStakers')).toBe(ref.toStakers);
          const bonds = BigInt(n) * bond;
          if (received < 32n * ETH) {
            const shortfall = 32n * ETH - received;
            if (shortfall <= bonds) expect(ref.toStakers).toBe(config.stakerCapacity);
            else expect(ref.toOperators).toBe(0n);
          } else {
            expect(ref.toStakers).toBeGreaterThanOrEqual(config.stakerCapacity);
            expect(ref.toOperators).toBeGreaterThanOrEqual(bonds);
          }
          let sumOps = 0n;
          for (const op of operators) sumOps += await vaultRead<bigint>(t, vault, 'claimable', [op.address]);
          let sumStakers = 0n;
          for (const s of stakers) sumStakers += await vaultRead<bigint>(t, vault, 'claimable', [s.address]);
          expect(sumOps).toBe(ref.toOperators);
          expect(sumStakers).toBe(ref.toStakers);
          // Pro rata within 2 wei per settlement for every staker.
          for (const [addr, st] of stakeOf) {
            const due = await vaultRead<bigint>(t, vault, 'claimable', [addr]);
            const exact = (ref.toStakers * st) / (cap === 0n ? 1n : cap);
            expect(due - exact <= BigInt(stakers.length) * 2n && exact - due <= 2n).toBe(true);
          }
          let claimed = 0n;
          for (const who of [...operators, ...stakers]) {
            const due = await vaultRead<bigint>(t, vault, 'claimable', [who.address]);
            if (due > 0n) {
              await vaultCall(t, who, vault, 'claim');
              claimed += due;
            }
          }
          expect(claimed).toBe(received);
          expect(await t.publicClient.getBalance({ address: vault })).toBe(0n);
        },
      ),
      {
        numRuns: 8,
        seed: 20261123,
        examples: [
          [4, 2n * ETH, [1, 1], 31n * ETH, 1000, 50], // small shortfall: bonds only
          [4, 2n * ETH, [3, 1], 20n * ETH, 1000, 0], // big shortfall: stakers lose too
          [3, parseEther('0.5'), [1, 2, 3], parseEther('33.333333333333333333'), 777, 70], // rewards with dust
        ],
      },
    );
  });
});
