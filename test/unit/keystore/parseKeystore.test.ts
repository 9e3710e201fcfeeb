// parseKeystore: strict shape validation with coded errors, before any key derivation.
import { describe, expect, it } from 'vitest';
import { parseKeystore } from '../../../src/core/keystore/index.js';
import { readJson } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
// Deliberately loose: the tests reach deep into keystores to break them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const SCRYPT = readJson<Loose>('eth', 'eip2335', 'eip2335-scrypt.json');
const PBKDF2 = readJson<Loose>('eth', 'eip2335', 'eip2335-pbkdf2.json');

function edited(base: Loose, f: (j: Loose) => void): unknown {
  const j = structuredClone(base);
  f(j);
  return j;
}

function expectCode(c: string, ...cases: [Loose, (j: Loose) => void][]) {
  for (const [base, f] of cases) expect(() => parseKeystore(edited(base, f)), f.toString()).toThrow(code(c));
}

describe('parseKeystore', () => {
  it('accepts both EIP vectors unchanged', () => {
    expect(parseKeystore(SCRYPT)).toEqual(SCRYPT);
    expect(parseKeystore(PBKDF2)).toEqual(PBKDF2);
  });

  it('canonicalises hex to lower case, accepts a 0x pubkey, drops unknown top-level fields, allows no pubkey/description', () => {
    const ks = parseKeystore(
      edited(SCRYPT, (j) => {
        j.crypto.kdf.params.salt = j.crypto.kdf.params.salt.toUpperCase();
        j.pubkey = `0x${j.pubkey}`;
        j.name = 'extra';
      }),
    );
    expect(ks).toEqual(SCRYPT);
    const bare = parseKeystore(edited(SCRYPT, (j) => (delete j.pubkey, delete j.description)));
    expect(bare.pubkey).toBeUndefined();
    expect(bare.description).toBeUndefined();
    expect(Object.keys(bare)).toEqual(['crypto', 'path', 'uuid', 'version']);
  });

  it('KEYSTORE_BAD_FORMAT: not an object, missing or mistyped fields, bad hex, wrong lengths', () => {
    for (const v of [null, 'x', 4, [], undefined]) expect(() => parseKeystore(v)).toThrow(code('KEYSTORE_BAD_FORMAT'));
    expectCode(
      'KEYSTORE_BAD_FORMAT',
      [SCRYPT, (j) => delete j.crypto],
      [SCRYPT, (j) => delete j.version],
      [SCRYPT, (j) => (j.version = '4')],
      [SCRYPT, (j) => delete j.path],
      [SCRYPT, (j) => (j.path = 7)],
      [SCRYPT, (j) => delete j.uuid],
      [SCRYPT, (j) => (j.uuid = 'not-a-uuid')],
      [SCRYPT, (j) => (j.description = 1)],
      [SCRYPT, (j) => delete j.crypto.kdf],
      [SCRYPT, (j) => delete j.crypto.kdf.params],
      [SCRYPT, (j) => delete j.crypto.kdf.message],
      [SCRYPT, (j) => (j.crypto.kdf.message = 'x')],
      [SCRYPT, (j) => (j.crypto.kdf.function = 5)],
      [SCRYPT, (j) => delete j.crypto.checksum],
      [SCRYPT, (j) => (j.crypto.checksum.message = 'zz')],
      [SCRYPT, (j) => (j.crypto.checksum.message = j.crypto.checksum.message.slice(2))],
      [SCRYPT, (j) => delete j.crypto.cipher],
      [SCRYPT, (j) => (j.crypto.cipher.params = [])],
      [SCRYPT, (j) => (j.crypto.cipher.message = `${j.crypto.cipher.message}00`)],
      [SCRYPT, (j) => (j.crypto.cipher.message = `0x${j.crypto.cipher.message}`)],
      [SCRYPT, (j) => (j.crypto.kdf.params.salt = 'abc')],
      [SCRYPT, (j) => delete j.crypto.kdf.params.salt],
      [SCRYPT, (j) => (j.pubkey = j.pubkey.slice(2))],
      [SCRYPT, (j) => (j.pubkey = 'g'.repeat(96))],
    );
  });

  it('KEYSTORE_UNSUPPORTED: other versions and unknown functions', () => {
    expectCode(
      'KEYSTORE_UNSUPPORTED',
      [SCRYPT, (j) => (j.version = 3)],
      [SCRYPT, (j) => (j.crypto.kdf.function = 'argon2id')],
      [SCRYPT, (j) => (j.crypto.checksum.function = 'keccak256')],
      [SCRYPT, (j) => (j.crypto.cipher.function = 'aes-128-cbc')],
      [PBKDF2, (j) => (j.crypto.kdf.params.prf = 'hmac-sha512')],
    );
  });

  it('KEYSTORE_BAD_PARAMS: absurd or malformed kdf parameters, wrong iv or salt length', () => {
    expectCode(
      'KEYSTORE_BAD_PARAMS',
      [SCRYPT, (j) => (j.crypto.kdf.params.n = 2 ** 30)],
      [SCRYPT, (j) => (j.crypto.kdf.params.n = 2 ** 21)],
      [SCRYPT, (j) => (j.crypto.kdf.params.n = 262143)],
      [SCRYPT, (j) => (j.crypto.kdf.params.r = 1024)],
      [SCRYPT, (j) => (j.crypto.kdf.params.p = 1000)],
      [SCRYPT, (j) => delete j.crypto.kdf.params.r],
      [SCRYPT, (j) => (j.crypto.kdf.params.dklen = 64)],
      [SCRYPT, (j) => (j.crypto.kdf.params.salt = '00'.repeat(8))],
      [SCRYPT, (j) => (j.crypto.kdf.params.salt = '00'.repeat(129))],
      [PBKDF2, (j) => (j.crypto.kdf.params.c = 2 ** 30)],
      [PBKDF2, (j) => (j.crypto.kdf.params.c = '262144')],
      [PBKDF2, (j) => delete j.crypto.kdf.params.dklen],
      [SCRYPT, (j) => (j.crypto.cipher.params.iv = '00'.repeat(12))],
      [SCRYPT, (j) => (j.crypto.checksum.params = { extra: 1 })],
    );
  });
});
