/**
 * `sv bundle inspect <runner-bundle.json>`: show what a runner bundle holds (network, t-of-n, share index,
 * operator, per validator its group key, share key and keystore KDF) and every check's verdict; with
 * --password-file also open each keystore and check the secret inside.
 */
import { isSvError } from '../core/errors.js';
import { checkRunnerBundle, decodeRunnerBundle, type Check, type RunnerBundle } from '../core/formats/index.js';
import type { Keystore } from '../core/keystore/index.js';
import { EXIT, UsageError, parseCommandArgs, readPasswordFile, readTextFile, type CliIO } from './io.js';

export const USAGE = `Usage: sv bundle inspect <runner-bundle.json> [--password-file <f>] [--json]

  Shows what a runner bundle (runner-bundle-<index>.json, written by sv ceremony simulate and sv ceremony join)
  holds and checks it: the manifest agrees with the cluster lock, the lock is consistent (definition hash,
  public shares combine to each group key and sign the lock), the slashing-protection file is for the network,
  and each keystore is for this participant's public share.
  --password-file <f>  also decrypt every keystore and check that its secret is that share (one trailing
                       newline is ignored)
  --json               print the contents and verdicts as JSON
  --help               show this help

Exit status: 0 every check passes, 1 any check fails (wrong password included), 2 unreadable input (not a file,
not JSON, not a well-formed runner bundle) or usage error.`;

const OPTIONS = {
  'password-file': { type: 'string' },
  json: { type: 'boolean' },
} as const;

function kdfWords(ks: Keystore): string {
  const kdf = ks.crypto.kdf;
  return kdf.function === 'scrypt' ? `scrypt (n=${kdf.params.n}, r=${kdf.params.r}, p=${kdf.params.p})` : `pbkdf2 (c=${kdf.params.c}, hmac-sha256)`;
}

function checkLine(c: Check): string {
  return `  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}${c.validator === null ? '' : ` (validator ${c.validator})`}: ${c.message}`;
}

/** The plain-words report. */
export function formatReport(file: string, bundle: RunnerBundle, checks: Check[], decrypted: boolean): string[] {
  const m = bundle.manifest;
  const lines = [
    `runner bundle: ${file} (${bundle.format}, created ${new Date(bundle.createdAt * 1000).toISOString()})`,
    `network: ${m.network}`,
    `threshold: ${m.threshold}-of-${m.operators}`,
    `share index: ${m.index}`,
    `operator: ${m.operator}`,
    `configHash: ${m.configHash}`,
    `ceremony: ${JSON.stringify(bundle.clusterLock.definition.name)}`,
  ];
  for (const v of m.validators) {
    lines.push(
      `validator ${v.index}:`,
      `  group key:  ${v.publicKey}`,
      `  share key:  ${v.publicShare}`,
      `  keystore:   ${v.keystore}, ${kdfWords(bundle.keystores[v.index]!)}`,
    );
  }
  lines.push('', 'checks:', ...checks.map(checkLine));
  if (!decrypted) lines.push('  (keystores not decrypted: give --password-file to check the secrets inside)');
  const bad = checks.filter((c) => !c.ok).length;
  lines.push('', bad === 0 ? `VALID: all ${checks.length} checks pass` : `INVALID: ${bad} of ${checks.length} checks fail`);
  return lines;
}

/** Run `sv bundle inspect` with its own arguments; resolves to the exit code. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
  if (positionals.length !== 1) throw new UsageError(`expected one runner bundle file, got ${positionals.length}\n\n${USAGE}`);
  const [file] = positionals as [string];
  const text = readTextFile(file, 'runner bundle');
  const password = values['password-file'] === undefined ? undefined : readPasswordFile(values['password-file']);
  let bundle: RunnerBundle;
  try {
    bundle = decodeRunnerBundle(text);
  } catch (e) {
    if (!isSvError(e)) throw e;
    throw new UsageError(`${file} is not a valid runner bundle: ${e.message} [${e.code}]`);
  }
  const checks = await checkRunnerBundle(bundle, password === undefined ? {} : { password });
  const valid = checks.every((c) => c.ok);
  if (values.json) {
    const m = bundle.manifest;
    io.out(
      JSON.stringify(
        {
          file,
          format: bundle.format,
          createdAt: bundle.createdAt,
          network: m.network,
          threshold: m.threshold,
          operators: m.operators,
          index: m.index,
          operator: m.operator,
          configHash: m.configHash,
          validators: m.validators.map((v) => ({ ...v, kdf: bundle.keystores[v.index]!.crypto.kdf.function })),
          decrypted: password !== undefined,
          valid,
          checks,
        },
        null,
        2,
      ),
    );
  } else {
    for (const line of formatReport(file, bundle, checks, password !== undefined)) io.out(line);
  }
  return valid ? EXIT.OK : EXIT.INVALID;
}
