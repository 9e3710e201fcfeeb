// The real `sv ceremony simulate` writes a runner bundle per participant, and `sv bundle inspect` shows and
// checks it, spawned from the repo root as a user would run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectUsageError, runSv, type CliResult } from '../cli.js';

const VAULT = '0x5555555555555555555555555555555555555555';


let dir: string;
let out: string;
let sim: CliResult;
const at = (...parts: string[]) => join(dir, ...parts);
const bundleOf = (i: number) => join(out, String(i), `runner-bundle-${i}.json`);
const inspect = (...args: string[]) => runSv(['bundle', 'inspect', ...args]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-bundle-'));
  out = at('sim');
  writeFileSync(at('password.txt'), 'correct horse battery staple\n');
  writeFileSync(at('wrong.txt'), 'not the password\n');
  sim = await runSv(['ceremony', 'simulate', '--n', '4', '--network', 'holesky', '--withdrawal-address', VAULT, '--out', out, '--password-file', at('password.txt'), '--kdf', 'pbkdf2']);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sv ceremony simulate writes a runner bundle per participant', () => {
  it('next to its keystores, owner-only, and for its share', () => {
    expect(sim.code, sim.stdout + sim.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(out, 'cluster-lock.json'), 'utf8'));
    for (let i = 1; i <= 4; i++) {
      expect(readdirSync(join(out, String(i))).sort()).toEqual([`keystore-0-${i}.json`, `runner-bundle-${i}.json`, 'slashing-protection.json']);
      expect(statSync(bundleOf(i)).mode & 0o777).toBe(0o600);
      const bundle = JSON.parse(readFileSync(bundleOf(i), 'utf8'));
      expect(bundle.format).toBe('sv-runner-bundle/1');
      expect(bundle.manifest.index).toBe(i);
      expect(bundle.clusterLock).toEqual(lock);
      // The very keystore written next to it.
      expect(bundle.keystores[0]).toEqual(JSON.parse(readFileSync(join(out, String(i), `keystore-0-${i}.json`), 'utf8')));
    }
  });
});

describe('sv bundle inspect', () => {
  it('is listed in sv --help', async () => {
    const r = await runSv(['--help']);
    expect(r.stdout).toMatch(/sv bundle inspect\s+show and check a runner bundle/);
  });

  it('shows the contents and passes every check without a password (exit 0)', async () => {
    const lock = JSON.parse(readFileSync(join(out, 'cluster-lock.json'), 'utf8'));
    const r = await inspect(bundleOf(2));
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('network: holesky');
    expect(r.stdout).toContain('threshold: 3-of-4');
    expect(r.stdout).toContain('share index: 2');
    expect(r.stdout).toContain(`operator: ${lock.operators[1].address}`);
    expect(r.stdout).toContain(`group key:  ${lock.validators[0].publicKey}`);
    expect(r.stdout).toContain(`share key:  ${lock.validators[0].publicShares[1]}`);
    expect(r.stdout).toMatch(/keystore: +keystore-0-2\.json, pbkdf2 \(c=262144, hmac-sha256\)/);
    expect(r.stdout).toMatch(/ok {4}keystore \(validator 0\): the keystore is for share 2/);
    expect(r.stdout).toContain('keystores not decrypted');
    expect(r.stdout).toMatch(/VALID: all 7 checks pass/);
  });

  it('with --password-file also opens the keystore (exit 0); --json says the same', async () => {
    const [text, json] = await Promise.all([
      inspect(bundleOf(3), '--password-file', at('password.txt')),
      inspect(bundleOf(3), '--password-file', at('password.txt'), '--json'),
    ]);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toMatch(/ok {4}keystore-password \(validator 0\): the keystore opens with the password and holds the secret of share 3/);
    expect(text.stdout).not.toContain('not decrypted');
    expect(text.stdout).toMatch(/VALID: all 8 checks pass/);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ format: 'sv-runner-bundle/1', network: 'holesky', threshold: 3, operators: 4, index: 3, decrypted: true, valid: true });
    expect(report.validators).toEqual([expect.objectContaining({ index: 0, keystore: 'keystore-0-3.json', kdf: 'pbkdf2' })]);
    expect(report.checks).toHaveLength(8);
  });

  it('a wrong password or a swapped-in keystore fails (exit 1) and says which check', async () => {
    const bundle = JSON.parse(readFileSync(bundleOf(1), 'utf8'));
    bundle.keystores[0] = JSON.parse(readFileSync(bundleOf(4), 'utf8')).keystores[0];
    writeFileSync(at('swapped.json'), JSON.stringify(bundle));
    const edited = JSON.parse(readFileSync(bundleOf(1), 'utf8'));
    edited.manifest.validators[0].publicShare = edited.clusterLock.validators[0].publicShares[2];
    writeFileSync(at('edited.json'), JSON.stringify(edited));
    const [wrong, swapped, altered] = await Promise.all([
      inspect(bundleOf(1), '--password-file', at('wrong.txt')),
      inspect(at('swapped.json'), '--password-file', at('password.txt')),
      inspect(at('edited.json'), '--json'),
    ]);
    expect(wrong.code, wrong.stdout + wrong.stderr).toBe(1);
    expect(wrong.stdout).toMatch(/FAIL {2}keystore-password \(validator 0\): wrong password/);
    expect(wrong.stdout).toMatch(/INVALID: 1 of 8 checks fail/);
    expect(swapped.code, swapped.stdout + swapped.stderr).toBe(1);
    expect(swapped.stdout).toMatch(/FAIL {2}keystore \(validator 0\): the keystore is for .*, not for share 1/);
    expect(swapped.stdout).toMatch(/FAIL {2}keystore-password \(validator 0\)/);
    expect(swapped.stdout).toMatch(/INVALID: 2 of 8 checks fail/);
    expect(altered.code, altered.stdout + altered.stderr).toBe(1);
    const report = JSON.parse(altered.stdout);
    expect(report).toMatchObject({ valid: false, decrypted: false });
    expect(report.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([expect.objectContaining({ name: 'public-share', validator: 0 })]);
  });

  it('garbage, a malformed bundle, a missing file or bad usage: exit 2 in words, no stack trace', async () => {
    writeFileSync(at('garbage.json'), 'this is not json {');
    const malformed = JSON.parse(readFileSync(bundleOf(1), 'utf8'));
    malformed.manifest.validators[0].publicKey = '0x1234';
    writeFileSync(at('malformed.json'), JSON.stringify(malformed));
    const [garbage, bad, missing, none] = await Promise.all([
      inspect(at('garbage.json')),
      inspect(at('malformed.json')),
      inspect(at('nope.json')),
      inspect(),
    ]);
    expectUsageError(garbage, /garbage\.json is not a valid runner bundle: not valid JSON.*\[WIRE_BAD_JSON\]/);
    expectUsageError(bad, /is not a valid runner bundle: manifest\.validators\[0\]\.publicKey: expected 48 bytes, got 2 \[WIRE_BAD_FIELD\]/);
    expectUsageError(missing, /cannot read runner bundle .*nope\.json: no such file/);
    expectUsageError(none, /expected one runner bundle file, got 0/);
  });
});
