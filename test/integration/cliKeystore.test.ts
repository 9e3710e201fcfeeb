// The real `sv keystore encrypt|decrypt` commands, spawned as a user would run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, runSv, type CliResult } from '../cli.js';
import { join } from 'node:path';

const SECRET = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
const PUBKEY = '0x9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07';
const PASSWORD = '𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑';

function sv(...args: string[]): Promise<CliResult> {
  return runSv(['keystore', ...args]);
}

let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-keystore-'));
  writeFileSync(at('secret.txt'), `  0x${SECRET}\n`);
  writeFileSync(at('password.txt'), `${PASSWORD}\n`);
  writeFileSync(at('wrong.txt'), 'not the password\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sv keystore encrypt / decrypt', () => {
  it('encrypts (pbkdf2) to a new 0600 file, then decrypts it without printing the secret', async () => {
    const enc = await sv('encrypt', '--secret-file', at('secret.txt'), '--password-file', at('password.txt'), '--kdf', 'pbkdf2',
      '--path', 'm/12381/3600/0/0/0', '--out', at('ks.json'));
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    expect(enc.stdout).toContain(PUBKEY);
    expect(enc.stdout).toContain(at('ks.json'));
    expect(enc.stdout).not.toContain(SECRET);
    expect(statSync(at('ks.json')).mode & 0o777).toBe(0o600);
    const ks = JSON.parse(readFileSync(at('ks.json'), 'utf8'));
    expect(ks).toMatchObject({ version: 4, path: 'm/12381/3600/0/0/0', pubkey: PUBKEY.slice(2), crypto: { kdf: { function: 'pbkdf2' } } });

    const dec = await sv('decrypt', at('ks.json'), '--password-file', at('password.txt'));
    expect(dec.code).toBe(0);
    expect(dec.stdout).toContain(`public key: ${PUBKEY}`);
    expect(dec.stdout).toContain('m/12381/3600/0/0/0');
    expect(dec.stdout + dec.stderr).not.toContain(SECRET);
  });

  it('prints the secret with --show-secret', async () => {
    const dec = await sv('decrypt', at('ks.json'), '--password-file', at('password.txt'), '--show-secret');
    expect(dec.code).toBe(0);
    expect(dec.stdout).toContain(`0x${SECRET}`);
  });

  it('decrypts the EIP-2335 pbkdf2 vector', async () => {
    const dec = await sv('decrypt', join(ROOT, 'test/vectors/eth/eip2335/eip2335-pbkdf2.json'), '--password-file', at('password.txt'));
    expect(dec.code).toBe(0);
    expect(dec.stdout).toContain(PUBKEY);
    expect(dec.stdout).toContain('m/12381/60/0/0');
  });

  it('wrong password: exit 1 and a clear message, no stack trace', async () => {
    const dec = await sv('decrypt', at('ks.json'), '--password-file', at('wrong.txt'));
    expect(dec.code).toBe(1);
    expect(dec.stderr).toMatch(/wrong password/);
    expect(dec.stderr).toContain('KEYSTORE_BAD_PASSWORD');
    expect(dec.stderr).not.toMatch(/\n\s+at /);
    expect(dec.stdout).toBe('');
  });

  it('a keystore failing its checks: exit 1 with the code', async () => {
    const ks = JSON.parse(readFileSync(at('ks.json'), 'utf8'));
    ks.crypto.kdf.params.c = 2 ** 30;
    writeFileSync(at('hostile.json'), JSON.stringify(ks));
    const dec = await sv('decrypt', at('hostile.json'), '--password-file', at('password.txt'));
    expect(dec.code).toBe(1);
    expect(dec.stderr).toContain('KEYSTORE_BAD_PARAMS');
  });

  it('refuses to overwrite an existing --out file and leaves it untouched', async () => {
    const before = readFileSync(at('ks.json'), 'utf8');
    const enc = await sv('encrypt', '--secret-file', at('secret.txt'), '--password-file', at('password.txt'), '--kdf', 'pbkdf2',
      '--out', at('ks.json'));
    expect(enc.code).toBe(2);
    expect(enc.stderr).toMatch(/refusing to overwrite/);
    expect(readFileSync(at('ks.json'), 'utf8')).toBe(before);
  });

  it('an --out folder that does not exist: exit 2, in words', async () => {
    const enc = await sv('encrypt', '--secret-file', at('secret.txt'), '--password-file', at('password.txt'), '--kdf', 'pbkdf2',
      '--out', at('no-such-folder/ks.json'));
    expect(enc.code).toBe(2);
    expect(enc.stderr).toMatch(/cannot write .*no-such-folder.*: no such directory/);
  });

  it('missing or unreadable input: exit 2', async () => {
    const noKs = await sv('decrypt', at('nope.json'), '--password-file', at('password.txt'));
    expect(noKs.code).toBe(2);
    expect(noKs.stderr).toMatch(/cannot read keystore .*no such file/);
    const noPw = await sv('decrypt', at('ks.json'), '--password-file', at('nope.txt'));
    expect(noPw.code).toBe(2);
    writeFileSync(at('notjson.json'), '{');
    expect((await sv('decrypt', at('notjson.json'), '--password-file', at('password.txt'))).code).toBe(2);
    const noSecret = await sv('encrypt', '--secret-file', at('nope.txt'), '--password-file', at('password.txt'), '--out', at('x.json'));
    expect(noSecret.code).toBe(2);
    expect((await sv('decrypt', at('ks.json'))).code).toBe(2); // --password-file missing
  });

  it('a malformed secret file: exit 2 without echoing it; an invalid BLS secret: exit 1', async () => {
    writeFileSync(at('short.txt'), 'abcd1234');
    const short = await sv('encrypt', '--secret-file', at('short.txt'), '--password-file', at('password.txt'), '--out', at('y.json'));
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/64 hex characters/);
    expect(short.stderr).not.toContain('abcd1234');
    writeFileSync(at('zero.txt'), '00'.repeat(32));
    const zero = await sv('encrypt', '--secret-file', at('zero.txt'), '--password-file', at('password.txt'), '--kdf', 'pbkdf2', '--out', at('z.json'));
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('KEYSTORE_BAD_SECRET');
  });

  it('--help exits 0 and bad options exit 2', async () => {
    for (const sub of ['encrypt', 'decrypt']) {
      const help = await sv(sub, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Usage: sv keystore/);
    }
    expect((await sv('encrypt', '--kdf', 'argon2', '--secret-file', at('secret.txt'), '--password-file', at('password.txt'), '--out', at('w.json'))).code).toBe(2);
    expect((await sv('decrypt', at('ks.json'), '--password-file', at('password.txt'), '--bogus')).code).toBe(2);
  });
});
