/**
 * KDF parameters: the defaults we write and the bounds we accept. The bounds exist so that a hostile keystore
 * cannot make us allocate gigabytes or spin for hours: EIP-2335 puts no limit on them.
 */
import { SvError } from '../errors.js';

/** EIP-2335 §Test cases / staking-deposit-cli defaults: scrypt n = 2^18, r = 8, p = 1. */
export const DEFAULT_SCRYPT = { n: 2 ** 18, r: 8, p: 1 } as const;
/** PBKDF2-HMAC-SHA256 default iteration count, 2^18 as in the EIP's test vector. */
export const DEFAULT_PBKDF2_C = 2 ** 18;
/** The only derived-key length we read or write: 16 bytes of AES key + 16 bytes of checksum key. */
export const DKLEN = 32;
/** Salt lengths we accept (bytes); we write 32. */
export const MIN_SALT_LENGTH = 16;
export const MAX_SALT_LENGTH = 128;

/** Largest scrypt n we accept (2^20, four times the default). */
export const MAX_SCRYPT_N = 2 ** 20;
/** Largest scrypt memory we accept: 128·n·r bytes ≤ 1 GiB (noble's own default cap). */
export const MAX_SCRYPT_MEMORY = 2 ** 30;
/** Largest scrypt work we accept: n·r·p ≤ 2^24 (eight times the default). */
export const MAX_SCRYPT_WORK = 2 ** 24;
/** Largest PBKDF2 iteration count we accept (2^24, 64 times the default). */
export const MAX_PBKDF2_C = 2 ** 24;

function badParams(message: string): never {
  throw new SvError('KEYSTORE_BAD_PARAMS', message);
}

function isPositiveInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
}

/** Check scrypt n, r, p against RFC 7914 §2 and our resource bounds (`KEYSTORE_BAD_PARAMS`). */
export function checkScryptCost(n: unknown, r: unknown, p: unknown): { n: number; r: number; p: number } {
  if (!isPositiveInt(n) || n < 2 || (n & (n - 1)) !== 0) badParams('scrypt n must be a power of two greater than 1');
  if (n > MAX_SCRYPT_N) badParams(`scrypt n = ${n} is larger than the ${MAX_SCRYPT_N} we accept`);
  if (!isPositiveInt(r)) badParams('scrypt r must be a positive integer');
  if (!isPositiveInt(p)) badParams('scrypt p must be a positive integer');
  if (128 * n * r > MAX_SCRYPT_MEMORY) badParams(`scrypt n·r needs more than ${MAX_SCRYPT_MEMORY / 2 ** 20} MiB of memory`);
  if (n * r * p > MAX_SCRYPT_WORK) badParams('scrypt n·r·p is larger than we accept');
  return { n, r, p };
}

/** Check a PBKDF2 iteration count against our bounds (`KEYSTORE_BAD_PARAMS`). */
export function checkPbkdf2Cost(c: unknown): number {
  if (!isPositiveInt(c)) badParams('pbkdf2 c must be a positive integer');
  if (c > MAX_PBKDF2_C) badParams(`pbkdf2 c = ${c} is larger than the ${MAX_PBKDF2_C} we accept`);
  return c;
}

/** Check a salt length (`KEYSTORE_BAD_PARAMS`). */
export function checkSaltLength(salt: Uint8Array): void {
  if (salt.length < MIN_SALT_LENGTH || salt.length > MAX_SALT_LENGTH) {
    badParams(`kdf salt must be ${MIN_SALT_LENGTH} to ${MAX_SALT_LENGTH} bytes, got ${salt.length}`);
  }
}
