// verifyDeposits (src/app/verifyDeposits.ts): the fetch-then-judge of on-chain deposits over the Chain port's
// deposit-events reader, and the deposit file read once for both the verdict and the on-chain targets.
import { describe, expect, it } from 'vitest';
import type { DepositEventsQuery, DepositEventsResult } from '../../../src/ports/chain.js';
import { checkDepositFile, readDepositFileText, verifyDeposits } from '../../../src/app/verifyDeposits.js';
import { getNetwork } from '../../../src/core/eth/networks.js';

const KEY = `0x${'a1'.repeat(48)}`;
const CREDS = `0x01${'00'.repeat(11)}${'11'.repeat(20)}`;

/** A reader that records the query and answers with `events`. */
function reader(events: DepositEventsResult['events'] = []) {
  const asked: DepositEventsQuery[] = [];
  return {
    asked,
    chain: {
      depositEvents: async (q: DepositEventsQuery): Promise<DepositEventsResult> => {
        asked.push(q);
        return { chainId: 17000, fromBlock: q.fromBlock ?? 0n, toBlock: 99n, events, lastDepositIndex: undefined };
      },
    },
  };
}

describe('verifyDeposits', () => {
  it('asks the reader for the keys, on the network\'s chain, from the contract\'s creation; judges what it answers', async () => {
    const { asked, chain } = reader();
    const network = getNetwork('holesky');
    const r = await verifyDeposits({ chain, network, depositContract: network.depositContract as `0x${string}`, targets: [{ pubkey: KEY, expectedCredentials: CREDS }] });
    expect(asked).toEqual([{ depositContract: network.depositContract, pubkeys: [KEY], fromBlock: 0n, expectedChainId: 17000 }]);
    expect(r).toMatchObject({ chainId: 17000, fromBlock: 0n, toBlock: 99n, lastDepositIndex: undefined });
    expect(r.report.state).toBe('none');
    expect(r.report.verdicts.map((v) => v.pubkey)).toEqual([KEY]);
  });

  it('passes a given range, progress and signal through, and reports an unreadable event', async () => {
    const { asked, chain } = reader([{ undecodable: 'bad data', blockNumber: 5n, transactionHash: '0xab', logIndex: 0 }]);
    const network = getNetwork('holesky');
    const signal = new AbortController().signal;
    const onProgress = () => {};
    const r = await verifyDeposits({ chain, network, depositContract: '0x0000000000000000000000000000000000000001', targets: [], fromBlock: 7n, toBlock: 9n, onProgress, signal });
    expect(asked[0]).toMatchObject({ fromBlock: 7n, toBlock: 9n, onProgress, signal });
    expect(r.report.problems.map((p) => p.code)).toEqual(['ONCHAIN_MALFORMED_EVENT']);
  });

  it('lets the reader\'s error through unchanged', async () => {
    const failure = new Error('unreachable');
    const chain = { depositEvents: () => Promise.reject(failure) };
    const network = getNetwork('holesky');
    await expect(verifyDeposits({ chain, network, depositContract: network.depositContract as `0x${string}`, targets: [] })).rejects.toBe(failure);
  });
});

describe('the deposit file, read once', () => {
  it('gives the verdict and the targets from the same reading', () => {
    const row = { pubkey: KEY.slice(2), withdrawal_credentials: CREDS.slice(2), amount: 32000000000 };
    const { verdict, targets } = checkDepositFile([row, row, { pubkey: 'nope' }], 'holesky');
    expect(verdict.valid).toBe(false);
    expect(verdict.entries).toHaveLength(3);
    expect(targets).toEqual([{ pubkey: KEY, expectedCredentials: CREDS }]);
  });

  it('says in words when the text is not JSON', () => {
    expect(readDepositFileText('{')).toEqual({ error: expect.stringMatching(/not valid JSON/) });
    expect(readDepositFileText('[]')).toEqual({ json: [] });
  });
});
