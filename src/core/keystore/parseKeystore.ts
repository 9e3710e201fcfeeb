/**
 * Strict validation of an EIP-2335 keystore read from JSON: decode = validate. Anything we would not be able to
 * decrypt safely is refused here, before any key derivation runs.
 */
import { hexToBytes, bytesToHex } from '../bytes.js';
import { SvError, type ErrorCode } from '../errors.js';
import { PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH } from '../bls/constants.js';
import { DKLEN, checkPbkdf2Cost, checkSaltLength, checkScryptCost } from './kdfParams.js';
import { UUID_RE } from './uuid.js';
import type { ChecksumModule, CipherModule, KdfModule, Keystore } from './types.js';

/** AES block size: the CTR initial counter block is 16 bytes (RFC 3686). */
export const IV_LENGTH = 16;
/** SHA-256 output length: the checksum message. */
export const CHECKSUM_LENGTH = 32;

type Json = Record<string, unknown>;

function fail(code: ErrorCode, message: string): never {
  throw new SvError(code, message);
}

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function field<T>(obj: Json, key: string, where: string, check: (v: unknown) => v is T, what: string): T {
  const v = obj[key];
  if (v === undefined) fail('KEYSTORE_BAD_FORMAT', `keystore ${where}${key} is missing`);
  if (!check(v)) fail('KEYSTORE_BAD_FORMAT', `keystore ${where}${key} must be ${what}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';

function record(obj: Json, key: string, where: string): Json {
  return field(obj, key, where, isRecord, 'an object');
}

/** Plain hex (no 0x, as the EIP writes it) of an exact length, or of any length when `length` is undefined. */
function hexField(obj: Json, key: string, where: string, length?: number, lengthCode: ErrorCode = 'KEYSTORE_BAD_FORMAT'): string {
  const s = field(obj, key, where, isString, 'a hex string');
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) fail('KEYSTORE_BAD_FORMAT', `keystore ${where}${key} is not valid hex`);
  if (length !== undefined && s.length !== 2 * length) {
    fail(lengthCode, `keystore ${where}${key} must be ${length} bytes, got ${s.length / 2}`);
  }
  return s.toLowerCase();
}

/** A module is {function, params, message} (EIP-2335 §JSON schema); returns its three parts. */
function module(crypto: Json, name: string): { fn: string; params: Json; message: Json } {
  const m = record(crypto, name, 'crypto.');
  const where = `crypto.${name}.`;
  const fn = field(m, 'function', where, isString, 'a string');
  const params = record(m, 'params', where);
  field(m, 'message', where, isString, 'a string');
  return { fn, params, message: m };
}

function checkDklen(params: Json, where: string): void {
  if (params.dklen !== DKLEN) fail('KEYSTORE_BAD_PARAMS', `keystore ${where}dklen must be ${DKLEN}`);
}

function salt(params: Json, where: string): string {
  const s = hexField(params, 'salt', where);
  checkSaltLength(hexToBytes(s));
  return s;
}

// EIP-2335 §Decryption key: scrypt and pbkdf2 (prf hmac-sha256) are the defined kdf functions.
function parseKdf(crypto: Json): KdfModule {
  const { fn, params, message } = module(crypto, 'kdf');
  const where = 'crypto.kdf.params.';
  if (message.message !== '') fail('KEYSTORE_BAD_FORMAT', 'keystore crypto.kdf.message must be empty');
  if (fn === 'scrypt') {
    checkDklen(params, where);
    const { n, r, p } = checkScryptCost(params.n, params.r, params.p);
    return { function: 'scrypt', params: { dklen: DKLEN, n, r, p, salt: salt(params, where) }, message: '' };
  }
  if (fn === 'pbkdf2') {
    checkDklen(params, where);
    if (params.prf !== 'hmac-sha256') fail('KEYSTORE_UNSUPPORTED', `unsupported pbkdf2 prf ${JSON.stringify(params.prf)}: only hmac-sha256`);
    const c = checkPbkdf2Cost(params.c);
    return { function: 'pbkdf2', params: { dklen: DKLEN, c, prf: 'hmac-sha256', salt: salt(params, where) }, message: '' };
  }
  return fail('KEYSTORE_UNSUPPORTED', `unsupported kdf function ${JSON.stringify(fn)}: only scrypt and pbkdf2`);
}

// EIP-2335 §Password verification: sha256 with no params.
function parseChecksum(crypto: Json): ChecksumModule {
  const { fn, params, message } = module(crypto, 'checksum');
  if (fn !== 'sha256') fail('KEYSTORE_UNSUPPORTED', `unsupported checksum function ${JSON.stringify(fn)}: only sha256`);
  if (Object.keys(params).length !== 0) fail('KEYSTORE_BAD_PARAMS', 'keystore crypto.checksum.params must be empty');
  return { function: 'sha256', params: {}, message: hexField(message, 'message', 'crypto.checksum.', CHECKSUM_LENGTH) };
}

// EIP-2335 §Secret decryption: aes-128-ctr with a 16-byte iv; the secret of a BLS keystore is 32 bytes.
function parseCipher(crypto: Json): CipherModule {
  const { fn, params, message } = module(crypto, 'cipher');
  if (fn !== 'aes-128-ctr') fail('KEYSTORE_UNSUPPORTED', `unsupported cipher function ${JSON.stringify(fn)}: only aes-128-ctr`);
  const iv = hexField(params, 'iv', 'crypto.cipher.params.', IV_LENGTH, 'KEYSTORE_BAD_PARAMS');
  const msg = hexField(message, 'message', 'crypto.cipher.', SECRET_KEY_LENGTH);
  return { function: 'aes-128-ctr', params: { iv }, message: msg };
}

function parsePubkey(ks: Json): string | undefined {
  const v = ks.pubkey;
  if (v === undefined) return undefined;
  if (typeof v !== 'string') fail('KEYSTORE_BAD_FORMAT', 'keystore pubkey must be a hex string');
  const bytes = hexToBytes(v, 'KEYSTORE_BAD_FORMAT');
  if (bytes.length !== PUBLIC_KEY_LENGTH) fail('KEYSTORE_BAD_FORMAT', `keystore pubkey must be ${PUBLIC_KEY_LENGTH} bytes, got ${bytes.length}`);
  return bytesToHex(bytes);
}

/**
 * Validate an EIP-2335 keystore (already JSON-parsed) and return it in canonical form (lower-case hex, only
 * the fields the EIP defines). Throws `KEYSTORE_BAD_FORMAT` for a wrong shape, `KEYSTORE_UNSUPPORTED` for a
 * version or function we do not implement, `KEYSTORE_BAD_PARAMS` for parameters out of bounds.
 */
export function parseKeystore(json: unknown): Keystore {
  if (!isRecord(json)) fail('KEYSTORE_BAD_FORMAT', 'a keystore must be a JSON object');
  const version = field(json, 'version', '', (v): v is number => typeof v === 'number' && Number.isInteger(v), 'an integer');
  if (version !== 4) fail('KEYSTORE_UNSUPPORTED', `keystore version ${version} is not supported: only EIP-2335 version 4`);
  const crypto = record(json, 'crypto', '');
  const kdf = parseKdf(crypto);
  const checksum = parseChecksum(crypto);
  const cipher = parseCipher(crypto);
  const description = json.description === undefined ? undefined : field(json, 'description', '', isString, 'a string');
  const pubkey = parsePubkey(json);
  const path = field(json, 'path', '', isString, 'a string');
  const uuid = field(json, 'uuid', '', (v): v is string => isString(v) && UUID_RE.test(v), 'a UUID');
  const ks: Keystore = { crypto: { kdf, checksum, cipher }, path, uuid: uuid.toLowerCase(), version: 4 };
  if (description !== undefined) ks.description = description;
  if (pubkey !== undefined) ks.pubkey = pubkey;
  return ks;
}
