// encryptKeystore / decryptKeystore: round trips, normalisation, tampering, and the output format.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decryptKeystore,
  encryptKeystore,
  formatKeystore,
  parseKeystore,
  type EncryptKeystoreOptions,
  type Keystore,
} from '../../../src/core/keystore/index.js';
import { secretToPublicKey } from '../../../src/core/bls/index.js';
import { CURVE_ORDER } from '../../../src/core/bls/constants.js';
import { bigIntToBytesBE } from '../../../src/core/bytes.js';
import { hex, seededBytes, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const SECRET = hex('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
const FAST_SCRYPT: Partial<EncryptKeystoreOptions> = { kdf: 'scrypt', kdfParams: { n: 2 ** 10, r: 8, p: 1 } };
const FAST_PBKDF2: Partial<EncryptKeystoreOptions> = { kdf: 'pbkdf2', kdfParams: { c: 1000 } };

function make(password: string, extra: Partial<EncryptKeystoreOptions> = FAST_PBKDF2, secret = SECRET): Promise<Keystore> {
  return encryptKeystore(secret, password, { randomBytes: seededBytes(`ks/${password}`), ...extra });
}

/** A deep copy with one edit applied (loosely typed on purpose: the tests break keystores). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function edit(ks: Keystore, f: (j: Record<string, any>) => void): unknown {
  const j = JSON.parse(JSON.stringify(ks));
  f(j);
  return j;
}

/** Flip the low bit of the byte at `index` of a hex string. */
function flipHex(h: string, index = 0): string {
  const b = hex(h);
  b[index] = (b[index] as number) ^ 1;
  return toHex(b);
}

describe('round trips', () => {
  it('scrypt (small n) and pbkdf2 (small c)', async () => {
    for (const opts of [FAST_SCRYPT, FAST_PBKDF2]) {
      const ks = await make('correct horse', opts);
      expect(ks.crypto.kdf.function).toBe(opts.kdf);
      expect(toHex(await decryptKeystore(ks, 'correct horse'))).toBe(toHex(SECRET));
      // and through JSON text
      expect(toHex(await decryptKeystore(JSON.parse(formatKeystore(ks)), 'correct horse'))).toBe(toHex(SECRET));
    }
  });

  it('full default scrypt parameters (n = 2^18, r = 8, p = 1)', async () => {
    const progress: number[] = [];
    const ks = await encryptKeystore(SECRET, 'pw', { randomBytes: seededBytes('default'), onProgress: (f) => progress.push(f) });
    expect(ks.crypto.kdf).toMatchObject({ function: 'scrypt', params: { dklen: 32, n: 262144, r: 8, p: 1 } });
    expect(progress.at(-1)).toBe(1);
    expect(toHex(await decryptKeystore(ks, 'pw'))).toBe(toHex(SECRET));
  });

  it('default pbkdf2 parameters are c = 2^18, hmac-sha256', async () => {
    const ks = await make('pw', { kdf: 'pbkdf2' });
    expect(ks.crypto.kdf).toMatchObject({ function: 'pbkdf2', params: { dklen: 32, c: 262144, prf: 'hmac-sha256' } });
  });

  it('random secrets and passwords (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }),
        fc.string({ maxLength: 24 }),
        fc.constantFrom<'scrypt' | 'pbkdf2'>('scrypt', 'pbkdf2'),
        async (x, password, kdf) => {
          const secret = bigIntToBytesBE(x, 32);
          const ks = await encryptKeystore(secret, password, {
            randomBytes: seededBytes(`${x}/${password}`),
            kdf,
            kdfParams: { n: 16, r: 8, p: 1, c: 2 },
          });
          expect(toHex(await decryptKeystore(ks, password))).toBe(toHex(secret));
        },
      ),
      { seed: 2335, numRuns: 30 },
    );
  });
});

describe('encryptKeystore output', () => {
  it('fills pubkey, path, description, a v4 uuid, and fresh salt/iv', async () => {
    const ks = await make('pw', { ...FAST_PBKDF2, path: 'm/12381/3600/0/0/0', description: 'test key' });
    expect(ks.pubkey).toBe(toHex(secretToPublicKey(SECRET)));
    expect(ks.path).toBe('m/12381/3600/0/0/0');
    expect(ks.description).toBe('test key');
    expect(ks.version).toBe(4);
    expect(ks.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ks.crypto.kdf.params.salt).toHaveLength(64);
    expect(ks.crypto.cipher.params.iv).toHaveLength(32);
    const other = await encryptKeystore(SECRET, 'pw', { randomBytes: seededBytes('other'), ...FAST_PBKDF2 });
    expect(other.crypto.kdf.params.salt).not.toBe(ks.crypto.kdf.params.salt);
    expect(other.uuid).not.toBe(ks.uuid);
  });

  it('defaults path and description to empty strings', async () => {
    const ks = await make('pw');
    expect(ks.path).toBe('');
    expect(ks.description).toBe('');
  });

  it('formats with the usual field order and 2-space indentation', async () => {
    const text = formatKeystore(await make('pw'));
    expect(Object.keys(JSON.parse(text))).toEqual(['crypto', 'description', 'pubkey', 'path', 'uuid', 'version']);
    expect(Object.keys(JSON.parse(text).crypto)).toEqual(['kdf', 'checksum', 'cipher']);
    expect(text).toMatch(/^\{\n {2}"crypto": \{\n {4}"kdf"/);
    expect(parseKeystore(JSON.parse(text))).toEqual(await make('pw'));
  });

  it('refuses a secret that is not a valid BLS secret key', async () => {
    const rb = seededBytes('bad');
    await expect(encryptKeystore(new Uint8Array(32), 'pw', { randomBytes: rb })).rejects.toThrow(code('KEYSTORE_BAD_SECRET'));
    await expect(encryptKeystore(bigIntToBytesBE(CURVE_ORDER, 32), 'pw', { randomBytes: rb })).rejects.toThrow(code('KEYSTORE_BAD_SECRET'));
    await expect(encryptKeystore(new Uint8Array(31).fill(1), 'pw', { randomBytes: rb })).rejects.toThrow(code('KEYSTORE_BAD_SECRET'));
  });

  it('refuses out-of-bounds cost overrides and unknown kdfs', async () => {
    const rb = seededBytes('bad');
    await expect(encryptKeystore(SECRET, 'pw', { randomBytes: rb, kdfParams: { n: 2 ** 21 } })).rejects.toThrow(code('KEYSTORE_BAD_PARAMS'));
    await expect(encryptKeystore(SECRET, 'pw', { randomBytes: rb, kdf: 'pbkdf2', kdfParams: { c: 0 } })).rejects.toThrow(code('KEYSTORE_BAD_PARAMS'));
    await expect(encryptKeystore(SECRET, 'pw', { randomBytes: rb, kdf: 'argon2' as 'scrypt' })).rejects.toThrow(code('KEYSTORE_UNSUPPORTED'));
  });
});

describe('password normalisation in practice', () => {
  it('passwords differing only by control codes or NFKD-equivalent forms open the same keystore', async () => {
    const ks = await make('café ﬁne 𝔱𝔢𝔰𝔱🔑');
    for (const pw of ['cafe\u0301 fine test🔑', 'caf\u00e9\u0000 \u007ffi\u0085ne\t t\u001bes\u009ft🔑', '\ncafé ﬁne 𝔱𝔢𝔰𝔱🔑\r\n']) {
      expect(toHex(await decryptKeystore(ks, pw))).toBe(toHex(SECRET));
    }
    await expect(decryptKeystore(ks, 'cafe fine test🔑')).rejects.toThrow(code('KEYSTORE_BAD_PASSWORD'));
  });
});

describe('decryptKeystore rejections', () => {
  it('wrong password: KEYSTORE_BAD_PASSWORD in plain words', async () => {
    const ks = await make('right');
    await expect(decryptKeystore(ks, 'wrong')).rejects.toThrow(code('KEYSTORE_BAD_PASSWORD'));
    await expect(decryptKeystore(ks, 'wrong')).rejects.toThrow(/wrong password/);
  });

  it('a corrupted checksum, ciphertext, salt or kdf cost: KEYSTORE_BAD_PASSWORD', async () => {
    const ks = await make('pw');
    const tampered = [
      edit(ks, (j) => (j.crypto.checksum.message = flipHex(j.crypto.checksum.message, 31))),
      edit(ks, (j) => (j.crypto.cipher.message = flipHex(j.crypto.cipher.message, 5))),
      edit(ks, (j) => (j.crypto.kdf.params.salt = flipHex(j.crypto.kdf.params.salt))),
      edit(ks, (j) => (j.crypto.kdf.params.c = 1001)),
    ];
    for (const t of tampered) await expect(decryptKeystore(t, 'pw')).rejects.toThrow(code('KEYSTORE_BAD_PASSWORD'));
  });

  it('a changed iv passes the checksum but gives another secret: caught by the pubkey check', async () => {
    const ks = await make('pw');
    const t = edit(ks, (j) => (j.crypto.cipher.params.iv = flipHex(j.crypto.cipher.params.iv, 15)));
    await expect(decryptKeystore(t, 'pw')).rejects.toThrow(code('KEYSTORE_BAD_SECRET'));
  });

  it('a pubkey that does not match the secret: KEYSTORE_BAD_SECRET', async () => {
    const ks = await make('pw');
    const otherPub = toHex(secretToPublicKey(bigIntToBytesBE(7n, 32)));
    await expect(decryptKeystore({ ...ks, pubkey: otherPub }, 'pw')).rejects.toThrow(code('KEYSTORE_BAD_SECRET'));
    // without a pubkey the secret is still returned
    const { pubkey: _drop, ...noPub } = ks;
    expect(toHex(await decryptKeystore(noPub, 'pw'))).toBe(toHex(SECRET));
  });

  it('absurd kdf parameters are refused before any derivation: KEYSTORE_BAD_PARAMS', async () => {
    const ks = await make('pw', FAST_SCRYPT);
    const hostile = edit(ks, (j) => (j.crypto.kdf.params.n = 2 ** 30));
    await expect(decryptKeystore(hostile, 'pw')).rejects.toThrow(code('KEYSTORE_BAD_PARAMS'));
  });

  it('unknown kdf: KEYSTORE_UNSUPPORTED; missing field: KEYSTORE_BAD_FORMAT', async () => {
    const ks = await make('pw');
    await expect(decryptKeystore(edit(ks, (j) => (j.crypto.kdf.function = 'argon2id')), 'pw')).rejects.toThrow(code('KEYSTORE_UNSUPPORTED'));
    await expect(decryptKeystore(edit(ks, (j) => delete j.crypto.checksum), 'pw')).rejects.toThrow(code('KEYSTORE_BAD_FORMAT'));
  });
});
