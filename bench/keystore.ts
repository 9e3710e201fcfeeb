/**
 * EIP-2335 keystores: our async encrypt/decrypt beside the same steps done with raw noble calls (the overhead of
 * our validation and async, progress-reporting KDFs) and with node:crypto (the native anchor).
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { scrypt } from '@noble/hashes/scrypt.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ctr } from '@noble/ciphers/aes.js';
import { decryptKeystore, encryptKeystore, normalizePassword, type Keystore } from '../src/core/keystore/index.js';
import { compare } from './harness.js';
import type { Row } from './bls.js';

const secret = Uint8Array.from(randomBytes(32));
secret[0] = 0x1f; // below the curve order
const password = 'correct horse battery staple';
const rng = (n: number) => Uint8Array.from(randomBytes(n));

type Kdf = 'scrypt' | 'pbkdf2';

function nobleKey(kdf: Kdf, pw: Uint8Array, salt: Uint8Array) {
  return kdf === 'scrypt' ? scrypt(pw, salt, { N: 2 ** 18, r: 8, p: 1, dkLen: 32, maxmem: 2 ** 29 }) : pbkdf2(sha256, pw, salt, { c: 2 ** 18, dkLen: 32 });
}
function nativeKey(kdf: Kdf, pw: Uint8Array, salt: Uint8Array) {
  return kdf === 'scrypt' ? scryptSync(pw, salt, 32, { N: 2 ** 18, r: 8, p: 1, maxmem: 2 ** 29 }) : pbkdf2Sync(pw, salt, 2 ** 18, 32, 'sha256');
}

/** The cryptographic core of a keystore operation (KDF, AES-128-CTR, checksum) with raw noble calls. */
function nobleOp(kdf: Kdf, salt: Uint8Array, iv: Uint8Array, data: Uint8Array) {
  const dk = nobleKey(kdf, normalizePassword(password), salt);
  const out = ctr(dk.subarray(0, 16), iv).encrypt(data);
  sha256(new Uint8Array([...dk.subarray(16, 32), ...out]));
  return out;
}
function nativeOp(kdf: Kdf, salt: Uint8Array, iv: Uint8Array, data: Uint8Array) {
  const dk = nativeKey(kdf, normalizePassword(password), salt);
  const c = createCipheriv('aes-128-ctr', dk.subarray(0, 16), iv);
  const out = Buffer.concat([c.update(data), c.final()]);
  createHash('sha256').update(dk.subarray(16, 32)).update(out).digest();
  return out;
}

export async function runKeystore(): Promise<Row[]> {
  const rows: Row[] = [];
  const salt = rng(32);
  const iv = rng(16);
  for (const kdf of ['scrypt', 'pbkdf2'] as const) {
    const ks: Keystore = await encryptKeystore(secret, password, { randomBytes: rng, kdf });
    const opts = { minMs: 0, minSamples: 3, maxSamples: 3 };
    const [oe, ne, xe] = await compare(
      [
        { name: 'ours', fn: () => encryptKeystore(secret, password, { randomBytes: rng, kdf }) },
        { name: 'noble', fn: () => nobleOp(kdf, salt, iv, secret) },
        { name: 'native', fn: () => nativeOp(kdf, salt, iv, secret) },
      ],
      opts,
    );
    rows.push({ operation: `keystore encrypt (${kdf}, default params)`, ours: oe!, noble: ne!, blst: xe });
    const [od, nd, xd] = await compare(
      [
        { name: 'ours', fn: () => decryptKeystore(ks, password) },
        { name: 'noble', fn: () => nobleOp(kdf, salt, iv, secret) },
        { name: 'native', fn: () => nativeOp(kdf, salt, iv, secret) },
      ],
      opts,
    );
    rows.push({ operation: `keystore decrypt (${kdf}, default params)`, ours: od!, noble: nd!, blst: xd, note: 'ours also derives and checks the public key' });
  }
  return rows;
}
