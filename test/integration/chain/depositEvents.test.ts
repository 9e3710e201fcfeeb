// Deposits made straight to the official deposit contract on a real anvil chain, read back by the DepositEvent
// adapter (chunked eth_getLogs, filtered by pubkey) and judged by the checker: a valid deposit, a front-run, and
// the adapter's errors in words (wrong chain, no contract, unreachable RPC, an RPC that refuses ranges).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRpcClient, fetchDepositEvents, type DepositScanProgress } from '../../../src/adapters/chain/depositEvents.js';
import { ChainError } from '../../../src/ports/chain.js';
import { checkOnchainDeposits } from '../../../src/core/eth/depositEvents.js';
import { getNetwork } from '../../../src/core/eth/index.js';
import { hexToBytes } from '../../../src/core/bytes.js';
import { freePort } from '../../relayProcess.js';
import { depositOnChain, signedDeposit, startTestChain, type LocalAccount, type TestChain } from './helpers.js';

const devnet = getNetwork('devnet');
const VAULT = '0x1111111111111111111111111111111111111111';
const ATTACKER = '0x2222222222222222222222222222222222222222';

/** Sign a deposit for the key of `seed` and send it to the deposit contract from `from`. */
async function depositFor(t: TestChain, from: LocalAccount, seed: bigint, to: string, gwei: bigint) {
  const entry = signedDeposit(seed, to, gwei);
  return { pubkey: toHex(entry.pubkey), credentials: toHex(entry.withdrawalCredentials), ...(await depositOnChain(t, from, entry)) };
}

/** A JSON-RPC proxy in front of anvil that answers eth_getLogs with an error when `refuse(from, to)` says so. */
async function refusingProxy(target: string, refuse: (from: bigint, to: bigint) => boolean): Promise<{ url: string; server: Server; refused: number }> {
  const state = { url: '', server: undefined as unknown as Server, refused: 0 };
  state.server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const call = JSON.parse(body) as { id: number; method: string; params: { fromBlock: string; toBlock: string }[] };
    const p = call.params?.[0];
    if (call.method === 'eth_getLogs' && p && refuse(BigInt(p.fromBlock), BigInt(p.toBlock))) {
      state.refused += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, error: { code: -32005, message: 'query exceeds max block range 4' } }));
      return;
    }
    const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(await upstream.text());
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

let t: TestChain;
let valid: Awaited<ReturnType<typeof depositFor>>;
let frontRun: Awaited<ReturnType<typeof depositFor>>;
let honest: Awaited<ReturnType<typeof depositFor>>;
let noise: Awaited<ReturnType<typeof depositFor>>;
const servers: Server[] = [];

beforeAll(async () => {
  t = await startTestChain();
  const [, a, b, c] = t.chain.accounts;
  valid = await depositFor(t, a!, 11n, VAULT, 32_000_000_000n);
  noise = await depositFor(t, c!, 12n, VAULT, 32_000_000_000n);
  // The front-run: someone holding the key deposits 1 ETH with their own credentials before the honest deposit.
  frontRun = await depositFor(t, b!, 13n, ATTACKER, 1_000_000_000n);
  await t.testClient.mine({ blocks: 3 });
  honest = await depositFor(t, a!, 13n, VAULT, 32_000_000_000n);
});
afterAll(async () => {
  for (const s of servers) s.close();
  await t?.chain.stop();
});

describe('DepositEvent logs on a real chain', () => {
  it('finds each key’s deposits over many small ranges, in chain order, and the checker gives the verdicts', async () => {
    const progress: DepositScanProgress[] = [];
    const result = await fetchDepositEvents(createRpcClient(t.chain.rpcUrl), {
      depositContract: t.chain.depositContract,
      pubkeys: [valid.pubkey, frontRun.pubkey.toUpperCase().replace('0X', '0x')],
      expectedChainId: 31337,
      chunkSize: 2n,
      onProgress: (p) => progress.push(p),
    });
    const latest = await t.publicClient.getBlockNumber();
    expect(result).toMatchObject({ chainId: 31337, fromBlock: 0n, toBlock: latest });
    expect(result.events.map((e) => [e.pubkey, e.blockNumber, e.transactionHash])).toEqual([
      [valid.pubkey, valid.block, valid.tx],
      [frontRun.pubkey, frontRun.block, frontRun.tx],
      [honest.pubkey, honest.block, honest.tx],
    ]);
    expect(result.events.map((e) => e.index)).toEqual(['0x0000000000000000', '0x0200000000000000', '0x0300000000000000']);
    expect(result.events.every((e) => e.pubkey !== noise.pubkey)).toBe(true);
    expect(progress.length).toBe(Math.ceil(Number(latest + 1n) / 2));
    expect(progress.at(-1)).toMatchObject({ scannedTo: latest, found: 3 });

    const report = checkOnchainDeposits({
      targets: [
        { pubkey: valid.pubkey, expectedCredentials: valid.credentials },
        { pubkey: honest.pubkey, expectedCredentials: honest.credentials },
      ],
      events: result.events,
      network: devnet,
    });
    expect(report.state).toBe('fail');
    const [ok, attacked] = report.verdicts;
    expect(ok).toMatchObject({ state: 'ok', totalAmount: 32_000_000_000n, effectiveCredentials: hexToBytes(valid.credentials), problems: [] });
    expect(ok!.deposits[0]).toMatchObject({ role: 'creates', signatureCheck: 'valid', index: 0n, blockNumber: valid.block });
    expect(attacked!.state).toBe('fail');
    expect(attacked!.effectiveCredentials).toEqual(hexToBytes(frontRun.credentials));
    expect(attacked!.deposits.map((d) => [d.role, d.blockNumber])).toEqual([
      ['creates', frontRun.block],
      ['top-up', honest.block],
    ]);
    expect(attacked!.problems.map((p) => p.code)).toEqual(['ONCHAIN_FRONT_RUN']);
    expect(attacked!.problems[0]!.message).toContain(`an earlier deposit (block ${frontRun.block}, deposit index 2) set other withdrawal credentials, 0x01 credentials of address ${ATTACKER}`);
    expect(attacked!.totalAmount).toBe(33_000_000_000n);
  });

  it('honours fromBlock and toBlock, and returns every key’s events without a filter', async () => {
    const client = createRpcClient(t.chain.rpcUrl);
    const all = await fetchDepositEvents(client, { depositContract: t.chain.depositContract });
    expect(all.events).toHaveLength(4);
    const late = await fetchDepositEvents(client, { depositContract: t.chain.depositContract, fromBlock: frontRun.block + 1n });
    expect(late.events.map((e) => e.transactionHash)).toEqual([honest.tx]);
    const early = await fetchDepositEvents(client, { depositContract: t.chain.depositContract, toBlock: noise.block });
    expect(early.events.map((e) => e.transactionHash)).toEqual([valid.tx, noise.tx]);
  });

  it('shrinks the range when the RPC refuses a large one, and still finds everything', async () => {
    const proxy = await refusingProxy(t.chain.rpcUrl, (from, to) => to - from + 1n > 4n);
    servers.push(proxy.server);
    const result = await fetchDepositEvents(createRpcClient(proxy.url), { depositContract: t.chain.depositContract, chunkSize: 64n, minChunkSize: 2n });
    expect(proxy.refused).toBeGreaterThan(0);
    expect(result.events).toHaveLength(4);
  });

  it('says so in words when the RPC refuses every range, serves another chain, has no contract, or is unreachable', async () => {
    const proxy = await refusingProxy(t.chain.rpcUrl, () => true);
    servers.push(proxy.server);
    const client = createRpcClient(t.chain.rpcUrl);
    const failure = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ChainError);
      expect((e as Error).message).not.toMatch(/\n\s+at /);
      return e as ChainError;
    };
    const refused = await failure(fetchDepositEvents(createRpcClient(proxy.url), { depositContract: t.chain.depositContract, rpcUrl: proxy.url, chunkSize: 8n, minChunkSize: 2n }));
    expect(refused.code).toBe('CHAIN_REFUSED');
    expect(refused.message).toMatch(/^the RPC at http:\/\/127\.0\.0\.1:\d+ refused the deposit logs of blocks 0–1: .*max block range/);

    const wrongChain = await failure(fetchDepositEvents(client, { depositContract: t.chain.depositContract, expectedChainId: 1, rpcUrl: t.chain.rpcUrl }));
    expect(wrongChain.code).toBe('CHAIN_WRONG_CHAIN');
    expect(wrongChain.message).toBe(`the RPC at ${t.chain.rpcUrl} serves chain id 31337, not the expected 1`);

    const noContract = await failure(fetchDepositEvents(client, { depositContract: VAULT }));
    expect(noContract.code).toBe('CHAIN_NO_CONTRACT');
    expect(noContract.message).toBe(`there is no contract at ${VAULT} on chain 31337: is the deposit contract address right?`);

    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await failure(fetchDepositEvents(createRpcClient(deadUrl), { depositContract: t.chain.depositContract, rpcUrl: deadUrl }));
    expect(unreachable.code).toBe('CHAIN_UNREACHABLE');
    expect(unreachable.message).toMatch(new RegExp(`^could not reach the RPC at ${deadUrl.replace(/\./g, '\\.')}: `));
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const p = fetchDepositEvents(createRpcClient(t.chain.rpcUrl), {
      depositContract: t.chain.depositContract,
      chunkSize: 1n,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(p).rejects.toMatchObject({ code: 'CHAIN_ABORTED' });
  });
});
