/**
 * `sv keystore encrypt`: encrypt a BLS secret key (hex in a file) into a new EIP-2335 keystore file, readable
 * only by its owner. Never overwrites an existing file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hexToBytes } from '../core/bytes.js';
import { isSvError } from '../core/errors.js';
import { encryptKeystore, formatKeystore, type KdfName } from '../core/keystore/index.js';
import { EXIT, UsageError, parseCommandArgs, readPasswordFile, readTextFile, type CliIO } from './io.js';

const USAGE = `Usage: sv keystore encrypt --secret-file <file> --password-file <file> --out <file> [--kdf scrypt|pbkdf2] [--path <path>]

Encrypts a BLS secret key into an EIP-2335 keystore (version 4).
  --secret-file <file>    file holding the secret key: 64 hex characters, optional 0x
  --password-file <file>  file holding the password (one trailing newline is ignored)
  --out <file>            keystore file to create (mode 0600); an existing file is never overwritten
  --kdf scrypt|pbkdf2     key derivation: scrypt (default, n=2^18 r=8 p=1) or pbkdf2 (hmac-sha256, c=2^18)
  --path <path>           EIP-2334 derivation path to record, e.g. m/12381/3600/0/0/0 (default: none)
  --help                  show this help

Exit status: 0 written, 1 the secret is not a valid BLS secret key, 2 unreadable input or usage error.`;

const OPTIONS = {
  'secret-file': { type: 'string' },
  'password-file': { type: 'string' },
  out: { type: 'string' },
  kdf: { type: 'string' },
  path: { type: 'string' },
} as const;

/** EIP-2334 §Path: m / purpose / coin_type / ... (decimal indices). */
const PATH_RE = /^m(\/\d+)+$/;

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`--${name} is required\n\n${USAGE}`);
  return value;
}

/** The secret file: 32 bytes as hex, optional 0x, surrounding whitespace ignored. Never echoes the content. */
function readSecretFile(path: string): Uint8Array {
  const text = readTextFile(path, 'secret file').trim();
  const hex = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError(`secret file ${path} must hold 64 hex characters (32 bytes), optionally prefixed by 0x`);
  return hexToBytes(hex);
}

/** Write the keystore, refusing to replace an existing file (flag wx), readable by the owner only. */
function writeNewFile(path: string, text: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`refusing to overwrite ${path}: the file already exists`);
    throw new UsageError(`cannot write ${path}: ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
}

/** Run `sv keystore encrypt` with its own arguments; resolves to the exit code. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE, false);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}\n\n${USAGE}`);
  const out = required(values.out, 'out');
  const kdf = values.kdf ?? 'scrypt';
  if (kdf !== 'scrypt' && kdf !== 'pbkdf2') throw new UsageError(`--kdf must be scrypt or pbkdf2, not ${kdf}`);
  const path = values.path ?? '';
  if (path !== '' && !PATH_RE.test(path)) throw new UsageError(`--path ${path} is not an EIP-2334 path like m/12381/3600/0/0/0`);
  const secret = readSecretFile(required(values['secret-file'], 'secret-file'));
  const password = readPasswordFile(required(values['password-file'], 'password-file'));
  // Checked before the slow key derivation; writeNewFile checks again atomically.
  if (existsSync(out)) throw new UsageError(`refusing to overwrite ${out}: the file already exists`);
  try {
    const keystore = await encryptKeystore(secret, password, {
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
      kdf: kdf satisfies KdfName,
      path,
    });
    secret.fill(0);
    writeNewFile(out, formatKeystore(keystore));
    io.out(`public key: 0x${keystore.pubkey ?? ''}`);
    io.out(`wrote: ${out}`);
    return EXIT.OK;
  } catch (e) {
    // A file that cannot be written is bad usage (exit 2, printed by main), not an invalid input.
    if (!isSvError(e) || e instanceof UsageError) throw e;
    io.err(`sv keystore encrypt: ${e.message} [${e.code}]`);
    return EXIT.INVALID;
  }
}
