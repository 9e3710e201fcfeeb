/**
 * `sv keystore decrypt`: open an EIP-2335 keystore with its password and print the public key and path (and the
 * secret key only when asked with --show-secret).
 */
import { bytesToHex } from '../core/bytes.js';
import { isSvError } from '../core/errors.js';
import { secretToPublicKey } from '../core/bls/index.js';
import { decryptKeystore, parseKeystore } from '../core/keystore/index.js';
import { EXIT, UsageError, parseCommandArgs, readJsonFile, readPasswordFile, type CliIO } from './io.js';

const USAGE = `Usage: sv keystore decrypt <keystore.json> --password-file <file> [--show-secret]

Decrypts an EIP-2335 keystore and prints its public key and derivation path.
  --password-file <file>  file holding the password (one trailing newline is ignored)
  --show-secret           also print the secret key (careful: anyone who sees it controls the validator)
  --help                  show this help

Exit status: 0 decrypted, 1 wrong password or the keystore fails its checks, 2 unreadable input or usage error.`;

const OPTIONS = {
  'password-file': { type: 'string' },
  'show-secret': { type: 'boolean' },
} as const;

/** Run `sv keystore decrypt` with its own arguments; resolves to the exit code. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
  if (positionals.length !== 1) throw new UsageError(`expected one keystore file, got ${positionals.length}\n\n${USAGE}`);
  if (values['password-file'] === undefined) throw new UsageError(`--password-file is required\n\n${USAGE}`);
  const [file] = positionals as [string];
  const json = readJsonFile(file, 'keystore');
  const password = readPasswordFile(values['password-file']);
  try {
    const keystore = parseKeystore(json);
    const secret = await decryptKeystore(keystore, password);
    io.out(`public key: 0x${bytesToHex(secretToPublicKey(secret))}`);
    io.out(`path: ${keystore.path === '' ? '(none)' : keystore.path}`);
    if (values['show-secret']) io.out(`secret key: 0x${bytesToHex(secret)}`);
    secret.fill(0);
    return EXIT.OK;
  } catch (e) {
    if (!isSvError(e)) throw e;
    io.err(`sv keystore decrypt: ${file}: ${e.message} [${e.code}]`);
    return EXIT.INVALID;
  }
}
