/**
 * The SecretStore port on files, for headless participants: one file per key, each value sealed with AES-256-GCM
 * under a key derived from the operator's password by scrypt (N = 2^17, r = 8, p = 1; salt per store). The key
 * name is bound as associated data, so files cannot be swapped. Writes are atomic (temp file, fsync, rename), so
 * a killed process leaves either the old value or the new one, never a torn one.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SecretStore } from '../../ports/secretStore.js';
import { SecretStoreError } from '../../ports/secretStoreError.js';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const KDF = { N: 1 << 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const FORMAT = 'sv-file-secret-store/1';

function writeAtomic(file: string, data: Buffer | string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

const fileOf = (key: string) => `${Buffer.from(key, 'utf8').toString('base64url')}.sealed`;

/**
 * Open (or create) a store in `dir` under `password`. Creating derives and records a salt; opening checks the
 * password against a sealed check value and fails with STORE_BAD_PASSWORD when it does not match.
 */
export async function createFileSecretStore(dir: string, password: string): Promise<SecretStore> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const header = join(dir, 'store.json');
  let salt: Buffer;
  let check: string | undefined;
  if (existsSync(header)) {
    let parsed: { format?: unknown; salt?: unknown; check?: unknown };
    try {
      parsed = JSON.parse(readFileSync(header, 'utf8'));
    } catch {
      throw new SecretStoreError('STORE_BAD_FORMAT', `${header} is not a secret store header`);
    }
    if (parsed.format !== FORMAT || typeof parsed.salt !== 'string' || typeof parsed.check !== 'string') throw new SecretStoreError('STORE_BAD_FORMAT', `${header} is not a ${FORMAT} header`);
    salt = Buffer.from(parsed.salt, 'hex');
    check = parsed.check;
  } else {
    salt = randomBytes(16);
  }
  const key = await scrypt(password.normalize('NFKD'), salt, 32, KDF);

  const seal = (name: string, value: Uint8Array): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(name, 'utf8'));
    const body = Buffer.concat([cipher.update(value), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  };
  const open = (name: string, sealed: Buffer): Uint8Array | undefined => {
    if (sealed.length < 28) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)).setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Uint8Array.from(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]));
    } catch {
      return undefined;
    }
  };

  const CHECK_NAME = '\u0000check';
  if (check === undefined) {
    writeAtomic(header, JSON.stringify({ format: FORMAT, kdf: { name: 'scrypt', N: KDF.N, r: KDF.r, p: KDF.p }, salt: salt.toString('hex'), check: seal(CHECK_NAME, createHash('sha256').update(salt).digest()).toString('hex') }) + '\n');
  } else {
    const opened = open(CHECK_NAME, Buffer.from(check, 'hex'));
    if (!opened || !timingSafeEqual(Buffer.from(opened), createHash('sha256').update(salt).digest())) {
      throw new SecretStoreError('STORE_BAD_PASSWORD', 'the password does not open this participant\'s saved state (is it the password you used before?)');
    }
  }

  const checkKey = (k: string) => {
    if (typeof k !== 'string') throw new TypeError('key must be a string');
    return k;
  };
  return {
    async put(k, value) {
      if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
      writeAtomic(join(dir, fileOf(checkKey(k))), seal(k, value));
    },
    async get(k) {
      const file = join(dir, fileOf(checkKey(k)));
      if (!existsSync(file)) return undefined;
      const value = open(k, readFileSync(file));
      if (!value) throw new SecretStoreError('STORE_BAD_FORMAT', `the saved value of ${k} does not authenticate: the file was altered`);
      return value;
    },
    async delete(k) {
      rmSync(join(dir, fileOf(checkKey(k))), { force: true });
    },
    async list(prefix) {
      if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
      return readdirSync(dir)
        .filter((f) => f.endsWith('.sealed'))
        .map((f) => Buffer.from(f.slice(0, -'.sealed'.length), 'base64url').toString('utf8'))
        .filter((k) => k.startsWith(prefix))
        .sort();
    },
  };
}
