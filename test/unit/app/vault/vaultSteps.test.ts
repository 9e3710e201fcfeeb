// The vault's next steps for an account (what the panel offers), and the exit request's fee policy.
import { describe, expect, it } from 'vitest';
import { exitFeeCap, vaultSteps } from '../../../../src/app/vault/index.js';
import { createMemoryChain } from '../../../../src/adapters/memory/index.js';
import type { VaultView } from '../../../../src/ports/chain.js';
import type { CeremonyDefinition } from '../../../../src/core/dkg/definition.js';

const ETH = 10n ** 18n;
const ops = ['0x1000000000000000000000000000000000000001', '0x1000000000000000000000000000000000000002', '0x1000000000000000000000000000000000000003'] as const;
const definition = { threshold: 2, operators: ops.map((address) => ({ address })) } as unknown as CeremonyDefinition;
const terms = { bondPerOperator: 2n * ETH, termSeconds: 1000, commissionBps: 0, fundingDeadline: 5000 };

async function viewOf(over: Partial<VaultView>): Promise<VaultView> {
  const base = await createMemoryChain().readVault(ops[0]);
  return { ...base, deployed: true, operators: ops.map((address) => ({ address, bonded: false, votedExit: false })), ...over };
}
const steps = async (over: Partial<VaultView>, account: string | undefined, now = 1000, extra: Partial<Parameters<typeof vaultSteps>[0]> = {}) =>
  vaultSteps({ view: await viewOf(over), definition, terms, account, now, tally: undefined, blocked: false, ...extra });

describe('vault steps', () => {
  it('offers the bond to an operator without one while funding is open, and stake while capacity is left', async () => {
    expect(await steps({}, ops[1])).toMatchObject({ fundingOpen: true, canBond: true, canStake: true, canCancel: false });
    expect(await steps({}, '0x2000000000000000000000000000000000000009')).toMatchObject({ canBond: false, canStake: true });
    expect(await steps({ totalStaked: 26n * ETH }, ops[1])).toMatchObject({ canStake: false });
    expect(await steps({}, ops[1], 5001)).toMatchObject({ fundingOpen: false, canBond: false, canCancel: true });
  });

  it('signs a check only for an operator without one, deposits with all checks and 32 ETH, never when blocked', async () => {
    const tally = { depositRoot: '0xaa', checked: [{ index: 1, address: ops[0], by: 'signer' as const, block: 1 }], missing: [], rootMoved: false, checks: ['0x01', '0x02', '0x03'] as `0x${string}`[] };
    expect(await steps({}, ops[1], 1000, { tally })).toMatchObject({ canSignCheck: true });
    expect(await steps({}, ops[0], 1000, { tally })).toMatchObject({ canSignCheck: false, canDeposit: false });
    expect(await steps({ totalFunded: 32n * ETH }, ops[0], 1000, { tally })).toMatchObject({ canDeposit: true, fundedPermille: 1000 });
    expect(await steps({ totalFunded: 32n * ETH }, ops[1], 1000, { tally, blocked: true })).toMatchObject({ canSignCheck: false, canDeposit: false });
  });

  it('opens the exit with t votes, or at the term end for a participant', async () => {
    expect(await steps({ phase: 'Deposited', termEndsAt: 2000 }, ops[0])).toMatchObject({ canVote: true, canRequestExit: false });
    expect(await steps({ phase: 'Deposited', termEndsAt: 2000, exitVotes: 2 }, ops[0])).toMatchObject({ canVote: false, canRequestExit: true });
    expect(await steps({ phase: 'Deposited', termEndsAt: 900 }, ops[0])).toMatchObject({ canRequestExit: true });
    expect(await steps({ phase: 'Deposited', termEndsAt: 900 }, '0x2000000000000000000000000000000000000009')).toMatchObject({ canRequestExit: false });
    expect(await steps({ phase: 'Settled', balance: 2n, outstanding: 1n, claimable: 1n }, ops[0])).toMatchObject({ canSettle: true, canClaim: true });
  });

  it('caps the exit fee at twice the fee read (1 wei when unread or zero)', () => {
    expect(exitFeeCap(5n)).toBe(10n);
    expect(exitFeeCap(undefined)).toBe(2n);
    expect(exitFeeCap(0n)).toBe(1n);
  });
});
