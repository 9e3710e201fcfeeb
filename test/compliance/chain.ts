/**
 * The Chain port's compliance suite: every adapter (the in-memory chain, the viem adapters on a real anvil) reads
 * the deposit contract the same way (events by key and range, the coverage facts, root, count, block hashes), reads
 * a vault, and carries the vault use-cases from click to receipt (create, bond, stake, check and sign the deposit,
 * deposit bound to the root; a root moved by a front-run is refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDefinition } from '../../src/app/buildDefinition.js';
import { checkDeposit, createVault, deposit, openVault, parseStake, postBond, scanDeposit, stake, type VaultContext } from '../../src/app/vault/index.js';
import type { HeldDepositCheck } from '../../src/app/vaultDeposit.js';
import { hexToBytes } from '../../src/core/bytes.js';
import { decodeDepositEvent } from '../../src/core/eth/depositEvents.js';
import { decodeDepositCheck } from '../../src/core/eth/depositCheckMessage.js';
import type { VaultTerms } from '../../src/core/vault/vaultTerms.js';
import type { Address, ChainReader, Hex, VaultWallet } from '../../src/ports/chain.js';
import { withHash } from '../../src/core/dkg/definition.js';

/** A deposit for a BLS key, as the deposit contract takes it (hex), with its credentials' address. */
export interface FixtureDeposit {
  pubkey: Hex;
  signature: Hex;
  depositDataRoot: Hex;
  withdrawalCredentials: Hex;
}

/** What a suite run needs of an adapter. */
export interface ChainFixture {
  chain: ChainReader;
  chainId: number;
  depositContract: Address;
  clusterFactory: Address;
  /** Four operators' wallets and a staker's. */
  operators: VaultWallet[];
  staker: VaultWallet;
  /** A real signed 32 ETH deposit (devnet) for the BLS key of `seed`, to 0x01 credentials of `to`. */
  signedDeposit(seed: bigint, to: Address, gwei?: bigint): FixtureDeposit;
  /** Send a deposit straight to the deposit contract (not through a vault); resolves to its block. */
  depositDirectly(d: FixtureDeposit, gwei?: bigint): Promise<bigint>;
  cleanup(): Promise<void>;
}

const ZERO: Address = '0x0000000000000000000000000000000000000000';

/** Run the suite against the adapter `setup` makes. */
export function chainCompliance(name: string, setup: () => Promise<ChainFixture>): void {
  describe(`Chain port compliance: ${name}`, () => {
    let f: ChainFixture;
    beforeAll(async () => {
      f = await setup();
    }, 120_000);
    afterAll(async () => {
      await f?.cleanup();
    });

    it('serves its chain id, and the deposit root with its block, hash and count', async () => {
      expect(await f.chain.chainId()).toBe(f.chainId);
      const r = await f.chain.depositRoot(f.depositContract);
      expect(r.depositRoot).toMatch(/^0x[0-9a-f]{64}$/);
      expect(await f.chain.blockHash(r.blockNumber)).toBe(r.blockHash);
      expect(await f.chain.depositCount(f.depositContract, r.blockNumber)).toBe(r.depositCount);
      expect(await f.chain.hasCode(f.depositContract)).toBe(true);
      expect(await f.chain.hasCode(ZERO)).toBe(false);
    });

    it('finds a deposit by key and range, with the facts that prove the scan complete', async () => {
      const before = await f.chain.depositRoot(f.depositContract);
      const d = f.signedDeposit(901n, '0x1111111111111111111111111111111111111111', 1_000_000_000n);
      const block = await f.depositDirectly(d, 1_000_000_000n);
      const after = await f.chain.depositRoot(f.depositContract);
      expect(after.depositCount).toBe(before.depositCount + 1n);
      expect(after.depositRoot).not.toBe(before.depositRoot);
      expect(await f.chain.depositCount(f.depositContract, block - 1n)).toBe(before.depositCount);

      const mine = await f.chain.depositEvents({ depositContract: f.depositContract, pubkeys: [d.pubkey.toUpperCase().replace('0X', '0x')], expectedChainId: f.chainId });
      expect(mine.events).toHaveLength(1);
      const decoded = decodeDepositEvent(mine.events[0]!);
      expect('deposit' in decoded && decoded.deposit).toMatchObject({ pubkey: hexToBytes(d.pubkey), amount: 1_000_000_000n, index: after.depositCount - 1n, blockNumber: block });
      expect(mine.lastDepositIndex).toBe(after.depositCount - 1n);

      const others = await f.chain.depositEvents({ depositContract: f.depositContract, pubkeys: [`0x${'ab'.repeat(48)}`], fromBlock: block, toBlock: block });
      expect(others.events).toEqual([]);
      expect(others.lastDepositIndex).toBe(after.depositCount - 1n);
      const earlier = await f.chain.depositEvents({ depositContract: f.depositContract, pubkeys: [d.pubkey], toBlock: block - 1n });
      expect(earlier.events).toEqual([]);
    });

    it('refuses another chain and a wrong contract with coded errors', async () => {
      const wrongChain = f.chain.depositEvents({ depositContract: f.depositContract, expectedChainId: f.chainId + 1 });
      await expect(wrongChain).rejects.toMatchObject({ code: expect.stringMatching(/WRONG_CHAIN$/) });
      await expect(f.chain.depositEvents({ depositContract: ZERO })).rejects.toMatchObject({ code: expect.stringMatching(/NO_CONTRACT$/) });
      await expect(f.chain.depositRoot(ZERO)).rejects.toMatchObject({ code: 'CHAIN_NO_CONTRACT' });
      expect(f.chain.errorInWords(new Error('x\n    at somewhere'))).not.toMatch(/\n/);
    });

    it('carries the vault use-cases from click to receipt, and refuses a deposit whose root moved', async () => {
      const ctx = await openTestVault(f);
      expect((await f.chain.readVault(ctx.address)).deployed).toBe(false);
      expect(await createVault(ctx)).toMatchObject({ done: true });
      expect(await f.chain.factoryPredictVault(f.clusterFactory, ctx.config).catch(() => ctx.address)).toBe(ctx.address);
      for (const w of f.operators) expect(await postBond({ ...ctx, wallet: w })).toMatchObject({ done: true });
      const amount = parseStake('28');
      expect(amount).toEqual({ amount: 28n * 10n ** 18n });
      const steps: string[] = [];
      expect(await stake({ ...ctx, wallet: f.staker }, 28n * 10n ** 18n, (p) => steps.push('status' in p ? p.status.step : p.note))).toMatchObject({ done: true });
      expect(steps).toEqual(['simulating', 'signing', 'pending', 'confirmed']);
      const funded = await f.chain.readVault(ctx.address, ctx.address);
      expect(funded).toMatchObject({ deployed: true, phase: 'Funding', bondCount: 4, totalFunded: 32n * 10n ** 18n });

      const d = f.signedDeposit(902n, ctx.address, 32_000_000_000n);
      expect((await scanDeposit(ctx, d.pubkey)).state).toBe('none');
      const held: HeldDepositCheck[] = [];
      for (const [i, w] of f.operators.entries()) {
        const outcome = await checkDeposit({ ...ctx, wallet: w }, d, {
          publish: async (text) => {
            held.push({ ...decodeDepositCheck(text), index: i + 1, by: 'signer' } as HeldDepositCheck);
          },
        });
        expect(outcome).toMatchObject({ done: true });
      }
      const vaultOrder = funded.operators.map((o) => o.address);
      // A deposit for the key straight to the deposit contract moves the root: the checks no longer count.
      const front = f.signedDeposit(903n, '0x2222222222222222222222222222222222222222', 1_000_000_000n);
      await f.depositDirectly(front, 1_000_000_000n);
      expect(await deposit(ctx, d, () => held, () => vaultOrder)).toEqual({ error: expect.stringMatching(/after the checks/) });

      // Every operator checks again over the new root; then the deposit goes through and the key is deposited.
      const again = [...held];
      for (const [i, w] of f.operators.entries()) {
        await checkDeposit({ ...ctx, wallet: w }, d, { publish: async (text) => void again.push({ ...decodeDepositCheck(text), index: i + 1, by: 'signer' } as HeldDepositCheck) });
      }
      expect(await deposit({ ...ctx, wallet: f.staker }, d, () => again, () => vaultOrder)).toMatchObject({ done: true });
      expect((await f.chain.readVault(ctx.address)).phase).toBe('Deposited');
      expect(await scanDeposit(ctx, d.pubkey)).toMatchObject({ state: 'ok', blockers: [] });
    }, 120_000);
  });
}

/** A ceremony definition that pays into the vault of its terms, opened over the fixture's chain. */
async function openTestVault(f: ChainFixture): Promise<VaultContext> {
  const chainTime = (await f.chain.readVault(ZERO)).chainTime;
  const terms: VaultTerms = { bondPerOperator: 10n ** 18n, termSeconds: 86_400, commissionBps: 1_000, fundingDeadline: chainTime + 86_400 };
  const choices = {
    operators: f.operators.map((w) => w.account()!.address),
    threshold: 3,
    network: 'devnet',
    relays: ['/ip4/127.0.0.1/tcp/1/ws/p2p/12D3KooWJWoaqZhDaoEFshF7Rh1bpY9ohihFhzcW6d69Lr2NASuq'],
    now: chainTime,
    uuid: '8a5b2c74-1f0e-4c44-9a35-3c8d8f1f0a11',
    validators: 1,
  };
  const deployment = { chainId: f.chainId, depositContract: f.depositContract, clusterFactory: f.clusterFactory };
  // The address depends on the definition only through operators, threshold, credential type and uuid.
  const draft = buildDefinition({ ...choices, withdrawalAddress: f.clusterFactory });
  const { config } = openVault(draft, terms, deployment, f.chain);
  const address = f.chain.predictVaultAddress(config!, f.clusterFactory, f.depositContract);
  const definition = buildDefinition({ ...choices, withdrawalAddress: address, feeRecipient: address });
  const opened = openVault(definition, terms, deployment, f.chain);
  expect(opened.problems).toEqual([]);
  return { definition, configHashHex: withHash(definition).configHashHex, terms, deployment, address: opened.address!, config: opened.config!, chain: f.chain, wallet: f.operators[0]! };
}
