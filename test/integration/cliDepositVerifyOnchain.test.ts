/** `sv deposit verify --rpc` as a user runs it (the real bin/sv.js) against a real anvil chain with real deposits. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, runSv } from '../cli.js';
import { depositOnChain, signedDeposit as signed, startTestChain, type TestChain } from './chain/helpers.js';
import { formatDepositFile, getNetwork, type DepositEntry } from '../../src/core/eth/index.js';

const devnet = getNetwork('devnet');
const VAULT = '0x1111111111111111111111111111111111111111';
const ATTACKER = '0x2222222222222222222222222222222222222222';
const dir = mkdtempSync(join(tmpdir(), 'sv-deposit-onchain-'));

function writeFile(name: string, entries: DepositEntry[]): string {
  const path = join(dir, name);
  writeFileSync(path, formatDepositFile(entries, devnet));
  return path;
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

let t: TestChain;
const good = signed(41n, VAULT, 32_000_000_000n);
const honest = signed(42n, VAULT, 32_000_000_000n);
const attack = signed(42n, ATTACKER, 1_000_000_000n);
const absent = signed(43n, VAULT, 32_000_000_000n);
let attackBlock: bigint;
let honestBlock: bigint;

beforeAll(async () => {
  t = await startTestChain();
  const [, a, b] = t.chain.accounts;
  await depositOnChain(t, a!, good);
  attackBlock = (await depositOnChain(t, b!, attack)).block;
  honestBlock = (await depositOnChain(t, a!, honest)).block;
});
afterAll(async () => {
  await t?.chain.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sv deposit verify --rpc', () => {
  it('a correctly deposited key: exit 0 with its deposit in words', async () => {
    const r = await runSv(['deposit', 'verify', writeFile('good.json', [good]), '--rpc', t.chain.rpcUrl]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('summary: 1 of 1 deposit valid; file VALID');
    expect(r.stdout).toMatch(new RegExp(`on chain: devnet \\(chain id 31337\\), deposit contract ${t.chain.depositContract}, blocks 0–\\d+`));
    expect(r.stdout).toMatch(/0x[0-9a-f]{8}…[0-9a-f]{6} {2}DEPOSITED {2}\(1 deposit, 32 ETH in all\)/);
    expect(r.stdout).toContain(`deposit index 0, block `);
    expect(r.stdout).toContain(`32 ETH to 0x01 credentials of address ${VAULT}, signature valid; creates the validator`);
    expect(r.stdout).toContain('on-chain summary: Deposited correctly');
    expect(r.stderr).toContain('searching the deposits of');
  });

  it('a front-run key and a key not deposited yet: exit 1, the front-run named with the earlier deposit', async () => {
    const r = await runSv(['deposit', 'verify', writeFile('three.json', [good, honest, absent]), '--rpc', t.chain.rpcUrl]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('file VALID');
    expect(r.stdout).toMatch(/ {2}PROBLEM {2}\(2 deposits, 33 ETH in all\)/);
    expect(r.stdout).toContain(`- an earlier deposit (block ${attackBlock}, deposit index 1) set other withdrawal credentials, 0x01 credentials of address ${ATTACKER}`);
    expect(r.stdout).toContain('[ONCHAIN_FRONT_RUN]');
    expect(r.stdout).toMatch(new RegExp(`deposit index 2, block ${honestBlock}, .*signature not checked; top-up`));
    expect(r.stdout).toMatch(/ {2}NOT FOUND {2}\(no deposit\)/);
    expect(r.stdout).toContain('on-chain summary: 1 of 3 keys deposited correctly, 1 with a problem, 1 not found on chain.');
    noStack(r.stdout + r.stderr);
  });

  it('--json adds the on-chain report (big numbers as strings); --from-block is honoured', async () => {
    const file = writeFile('pair.json', [good, honest]);
    const r = await runSv(['deposit', 'verify', file, '--rpc', t.chain.rpcUrl, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.onchain.report.state).toBe('fail');
    expect(out.onchain.report.verdicts.map((v: { state: string }) => v.state)).toEqual(['ok', 'fail']);
    expect(out.onchain.report.verdicts[1].totalAmount).toBe('33000000000');
    // Bytes are 0x + lower-case hex in the JSON, as the report always wrote them.
    const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
    const v1 = out.onchain.report.verdicts[1];
    expect(v1.pubkey).toBe(hex(honest.pubkey));
    expect(v1.expected).toBe(hex(honest.withdrawalCredentials));
    expect(v1.effectiveCredentials).toBe(hex(attack.withdrawalCredentials));
    expect(v1.deposits.map((d: { pubkey: string; withdrawalCredentials: string; signature: string }) => [d.pubkey, d.withdrawalCredentials, d.signature])).toEqual([
      [hex(attack.pubkey), hex(attack.withdrawalCredentials), hex(attack.signature)],
      [hex(honest.pubkey), hex(honest.withdrawalCredentials), hex(honest.signature)],
    ]);
    // Searching after the front-run hides it: the start block matters (the help says so).
    const late = await runSv(['deposit', 'verify', file, '--rpc', t.chain.rpcUrl, '--from-block', String(honestBlock), '--json']);
    expect(JSON.parse(late.stdout).onchain.report.verdicts.map((v: { state: string }) => v.state)).toEqual(['none', 'ok']);
  });

  it('an unreachable RPC, a wrong contract and bad options are exit 2 in words', async () => {
    const file = writeFile('one.json', [good]);
    const dead = await runSv(['deposit', 'verify', file, '--rpc', 'http://127.0.0.1:1']);
    expectUsageError(dead, /^sv deposit verify: on-chain check: could not reach the RPC at http:\/\/127\.0\.0\.1:1: /m);
    const noContract = await runSv(['deposit', 'verify', file, '--rpc', t.chain.rpcUrl, '--deposit-contract', VAULT]);
    expectUsageError(noContract, /there is no contract at 0x1111111111111111111111111111111111111111 on chain 31337/);
    expectUsageError(await runSv(['deposit', 'verify', file, '--rpc', t.chain.rpcUrl, '--deposit-contract', '0x12']), /--deposit-contract must be an address/);
    expectUsageError(await runSv(['deposit', 'verify', file, '--from-block', '5']), /--deposit-contract and --from-block need --rpc/);
    expectUsageError(await runSv(['deposit', 'verify', file, '--rpc', t.chain.rpcUrl, '--from-block', 'soon']), /--from-block must be a block number/);
    expectUsageError(await runSv(['deposit', 'verify', file, '--rpc', 'ftp://x']), /--rpc must be an http\(s\) URL/);
    // The file says devnet; the RPC serves devnet's chain id, so naming mainnet fails the file and the chain check.
    expectUsageError(await runSv(['deposit', 'verify', file, '--network', 'mainnet', '--rpc', t.chain.rpcUrl]), /serves chain id 31337, not the expected 1/);
  });
});
