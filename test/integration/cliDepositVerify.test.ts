/** `sv deposit verify` as a user runs it: the real bin/sv.js in a child process. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, runSv, type CliResult } from '../cli.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const VECTOR = join(ROOT, 'test', 'vectors', 'eth', 'deposit-cli', 'ethstaker-docs-holesky-deposit_data.json');
const dir = mkdtempSync(join(tmpdir(), 'sv-deposit-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sv(...args: string[]): Promise<CliResult> {
  return runSv(['deposit', 'verify', ...args]);
}

function writeTemp(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const noStack = (r: CliResult) => expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);

describe('sv deposit verify', () => {
  it('the holesky vector: valid by detection and under --network holesky (exit 0)', async () => {
    const r = await sv(VECTOR);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('network: holesky (detected');
    expect(r.stdout).toMatch(/#0 {2}0x96219595…f54128 {2}VALID/);
    expect(r.stdout).toContain('summary: 2 of 2 deposits valid; file VALID');
    const named = await sv(VECTOR, '--network', 'holesky');
    expect(named.code).toBe(0);
  });

  it('under --network mainnet: invalid with the wrong-network reason (exit 1)', async () => {
    const r = await sv(VECTOR, '--network', 'mainnet');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('INVALID');
    expect(r.stdout).toContain('made for another network');
    expect(r.stdout).toContain('[DEPOSIT_WRONG_NETWORK]');
    expect(r.stdout).toContain('summary: 0 of 2 deposits valid; file INVALID');
  });

  it('a mutated file: the bad entry is named with its reasons (exit 1); --json gives the result object', async () => {
    const rows = JSON.parse(readFileSync(VECTOR, 'utf8')) as Record<string, unknown>[];
    rows[1] = { ...rows[1], amount: 31000000000 };
    const path = writeTemp('mutated.json', JSON.stringify(rows));
    const r = await sv(path);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/#0 .* VALID\n#1 .* INVALID/);
    expect(r.stdout).toContain('deposit_message_root does not match the deposit');
    expect(r.stdout).toContain('[DEPOSIT_BAD_SIGNATURE]');
    expect(r.stdout).toContain('summary: 1 of 2 deposits valid; file INVALID');
    const j = await sv(path, '--json');
    expect(j.code).toBe(1);
    const result = JSON.parse(j.stdout);
    expect(result).toMatchObject({ network: 'holesky', networkSource: 'detected', valid: false });
    expect(result.entries[1].reasons.map((x: { code: string }) => x.code)).toEqual([
      'DEPOSIT_MESSAGE_ROOT_MISMATCH',
      'DEPOSIT_DATA_ROOT_MISMATCH',
      'DEPOSIT_BAD_SIGNATURE',
    ]);
  });

  it('valid JSON of the wrong shape is invalid, not unreadable (exit 1)', async () => {
    const r = await sv(writeTemp('object.json', '{"pubkey": "00"}'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('must be a JSON array');
  });

  it('a non-JSON file, a missing file, an unknown network: exit 2, one clear line, no stack trace', async () => {
    const notJson = await sv(writeTemp('not.json', 'this is not json'));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not valid JSON');
    noStack(notJson);
    const missing = await sv(join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    noStack(missing);
    const network = await sv(VECTOR, '--network', 'goerli');
    expect(network.code).toBe(2);
    expect(network.stderr).toContain("unknown network 'goerli' (known: mainnet, sepolia, holesky, hoodi, devnet)");
    noStack(network);
  });

  it('usage: --help exits 0, no file or an unknown option exits 2', async () => {
    const help = await sv('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sv deposit verify');
    expect((await sv()).code).toBe(2);
    const bad = await sv(VECTOR, '--frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Usage: sv deposit verify');
  });
});
