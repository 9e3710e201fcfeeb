// The real `sv ceremony create|simulate`, `sv transcript verify`, `sv deposit verify` and `sv keystore decrypt`,
// spawned from the repo root as a user would run them, in temporary directories.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expectUsageError, runSv, type CliResult } from '../cli.js';
import { join } from 'node:path';

const OPS = ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444'];
const VAULT = '0x5555555555555555555555555555555555555555';

function sv(...args: string[]): Promise<CliResult> {
  return runSv([...args]);
}


let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-ceremony-'));
  writeFileSync(at('password.txt'), 'correct horse battery staple\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sv ceremony create', () => {
  const create = (out: string, ...extra: string[]) =>
    sv('ceremony', 'create', '--operators', OPS.join(','), '--network', 'holesky', '--withdrawal-address', VAULT, '--out', out, ...extra);

  it('writes a valid definition', async () => {
    const r = await create(at('def.json'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3-of-4 on holesky');
    expect(r.stdout).toMatch(/configHash 0x[0-9a-f]{64}/);
    const def = JSON.parse(readFileSync(at('def.json'), 'utf8'));
    expect(def).toMatchObject({ version: 'sv-dkg/1', threshold: 3, network: { name: 'holesky', chainId: 17000 } });
    expect(def.operators.map((o: { address: string }) => o.address.toLowerCase())).toEqual(OPS);
    expect(def.validators).toHaveLength(1);
    expect(def.validators[0].withdrawalCredentials).toBe(`0x01${'00'.repeat(11)}${VAULT.slice(2)}`);
  });

  it('refuses a bad operator address', async () => {
    const r = await sv('ceremony', 'create', '--operators', `${OPS.slice(0, 3).join(',')},0x1234`, '--network', 'holesky', '--withdrawal-address', VAULT, '--out', at('bad-addr.json'));
    expectUsageError(r, /operator 4 '0x1234' is not a valid address/);
    expect(existsSync(at('bad-addr.json'))).toBe(false);
  });

  it('refuses a threshold that is too low', async () => {
    const r = await create(at('low-t.json'), '--threshold', '2');
    expectUsageError(r, /threshold/i);
    expect(existsSync(at('low-t.json'))).toBe(false);
  });

  it('refuses a threshold below ceil(2n/3) in words (5 of 7 at least)', async () => {
    const seven = [...OPS, '0x6666666666666666666666666666666666666666', '0x7777777777777777777777777777777777777777', '0x8888888888888888888888888888888888888888'];
    const make = (out: string, t: string) =>
      sv('ceremony', 'create', '--operators', seven.join(','), '--network', 'holesky', '--withdrawal-address', VAULT, '--out', out, '--threshold', t);
    const low = await make(at('t4of7.json'), '4');
    expectUsageError(low, /the threshold must be at least 5 of 7: two groups of 5 operators must always share an honest one when up to 2 are faulty/);
    expect(existsSync(at('t4of7.json'))).toBe(false);
    const ok = await make(at('t5of7.json'), '5');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('5-of-7 on holesky');
  });

  it('refuses an unknown network', async () => {
    const r = await sv('ceremony', 'create', '--operators', OPS.join(','), '--network', 'ropsten', '--withdrawal-address', VAULT, '--out', at('net.json'));
    expectUsageError(r, /unknown network 'ropsten'/);
  });

  it('refuses to overwrite an existing --out', async () => {
    writeFileSync(at('exists.json'), 'keep me\n');
    const r = await create(at('exists.json'));
    expectUsageError(r, /already exists/);
    expect(readFileSync(at('exists.json'), 'utf8')).toBe('keep me\n');
  });
});

describe('sv ceremony simulate --n 4 --kdf pbkdf2, then verify every output', () => {
  let sim: CliResult;
  let out: string;
  beforeAll(async () => {
    out = at('sim');
    sim = await sv('ceremony', 'simulate', '--n', '4', '--network', 'holesky', '--withdrawal-address', VAULT, '--out', out, '--password-file', at('password.txt'), '--kdf', 'pbkdf2');
  }, 180_000);

  it('succeeds and writes the public and per-participant files', () => {
    expect(sim.stderr).toBe('');
    expect(sim.code, sim.stdout).toBe(0);
    expect(sim.stdout).toContain('ceremony succeeded');
    const files = readdirSync(out).sort();
    expect(files).toEqual(expect.arrayContaining(['1', '2', '3', '4', 'ceremony.json', 'cluster-lock.json']));
    expect(files.some((f) => /^deposit_data-\d+\.json$/.test(f))).toBe(true);
    for (let i = 1; i <= 4; i++) expect(readdirSync(join(out, String(i))).sort()).toEqual([`keystore-0-${i}.json`, `runner-bundle-${i}.json`, 'slashing-protection.json']);
  });

  it('sv transcript verify ceremony.json: exit 0', async () => {
    const r = await sv('transcript', 'verify', join(out, 'ceremony.json'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('VALID');
  });

  it('sv deposit verify deposit_data-*.json: exit 0', async () => {
    const deposit = readdirSync(out).find((f) => f.startsWith('deposit_data-'))!;
    const r = await sv('deposit', 'verify', join(out, deposit));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('1 of 1 deposit valid');
    // The deposit is for the key in cluster-lock.json.
    const lock = JSON.parse(readFileSync(join(out, 'cluster-lock.json'), 'utf8'));
    expect(`0x${JSON.parse(readFileSync(join(out, deposit), 'utf8'))[0].pubkey}`).toBe(lock.validators[0].publicKey);
  });

  it('each keystore decrypts to its public share in cluster-lock.json', async () => {
    const lock = JSON.parse(readFileSync(join(out, 'cluster-lock.json'), 'utf8')) as { validators: { publicShares: string[] }[] };
    const shares = lock.validators[0]!.publicShares;
    expect(new Set(shares).size).toBe(4);
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => sv('keystore', 'decrypt', join(out, String(i), `keystore-0-${i}.json`), '--password-file', at('password.txt'))),
    );
    results.forEach((r, k) => {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`public key: ${shares[k]}`);
    });
  });

  it('sv transcript verify: a tampered file exits 1, a non-JSON file exits 2', async () => {
    const file = JSON.parse(readFileSync(join(out, 'ceremony.json'), 'utf8'));
    file.validators[0].publicShares.reverse();
    writeFileSync(at('tampered.json'), JSON.stringify(file));
    const bad = await sv('transcript', 'verify', at('tampered.json'));
    expect(bad.code, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/^INVALID: .+/);
    writeFileSync(at('garbage.json'), 'this is not json {');
    const garbage = await sv('transcript', 'verify', at('garbage.json'));
    expectUsageError(garbage, /not valid JSON/);
    const missing = await sv('transcript', 'verify', at('nope.json'));
    expectUsageError(missing, /no such file/);
  });

  it('refuses a non-empty --out', async () => {
    const r = await sv('ceremony', 'simulate', '--n', '4', '--network', 'holesky', '--withdrawal-address', VAULT, '--out', out, '--password-file', at('password.txt'));
    expectUsageError(r, /is not empty/);
  });
});

describe('sv ceremony simulate --fault bad-share', () => {
  it('aborts, exits 1 and names participant 1; the abort record verifies', async () => {
    const out = at('bad-share');
    const r = await sv('ceremony', 'simulate', '--n', '4', '--network', 'holesky', '--withdrawal-address', VAULT, '--out', out, '--password-file', at('password.txt'), '--fault', 'bad-share', '--kdf', 'pbkdf2');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/culprit\(s\): participant 1 \(proven by its signed messages\)/);
    expect(existsSync(join(out, 'cluster-lock.json'))).toBe(false);
    expect(readdirSync(out).some((f) => f.startsWith('deposit_data-'))).toBe(false);
    const v = await sv('transcript', 'verify', join(out, 'ceremony.json'));
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/aborted.*culprit\(s\): participant 1 \(proven by its signed messages\)/);
  });
});

describe('sv ceremony simulate --fault silent-dealer', () => {
  it('a timeout says the silent participant was not seen, not that it cheated; so does the verifier', async () => {
    const out = at('silent-dealer');
    const r = await sv('ceremony', 'simulate', '--n', '4', '--network', 'holesky', '--withdrawal-address', VAULT, '--out', out, '--password-file', at('password.txt'), '--fault', 'silent-dealer', '--kdf', 'pbkdf2');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/reason: timeout; not seen: participant 4 \(not seen by the deadline: possibly offline, or a relay withheld its messages; not proven to cheat\)/);
    expect(r.stdout).not.toMatch(/culprit/);
    const v = await sv('transcript', 'verify', join(out, 'ceremony.json'));
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/aborted ceremony: timeout; not seen: participant 4 \(.*not proven to cheat\)/);
  });
});
