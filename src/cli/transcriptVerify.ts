/** `sv transcript verify <ceremony.json>`: re-verify a whole ceremony from its public record. */
import { randomBytes } from 'node:crypto';
import { verifyTranscript } from '../core/dkg/verifyTranscript.js';
import { abortNamedLine } from '../core/dkg/decide.js';
import { EXIT, UsageError, parseCommandArgs, readJsonFile, type CliIO } from './io.js';

export const USAGE = `Usage: sv transcript verify <ceremony.json> [--json]

  Replays every check of the ceremony (approvals, signatures, proofs, accusations, the decision, group keys,
  the transcript hash, every partial signature and the deposit data). Exit 0 valid, 1 invalid, 2 unreadable.`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one ceremony.json\n\n${USAGE}`);
  const file = readJsonFile(positionals[0]!, 'ceremony file');
  const verdict = verifyTranscript(file, { randomBytes: (n) => Uint8Array.from(randomBytes(n)) });
  if (values.json) io.out(JSON.stringify(verdict, null, 2));
  else if (!verdict.valid) io.out(`INVALID: ${verdict.problems.join('; ')}`);
  else if (verdict.status === 'success') io.out('VALID: the ceremony succeeded and every check passes.');
  else io.out(`VALID record of an aborted ceremony: ${verdict.abort?.reason}; ${verdict.abort ? abortNamedLine(verdict.abort) : 'no participant named'}.`);
  return verdict.valid ? EXIT.OK : EXIT.INVALID;
}
