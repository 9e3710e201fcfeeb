/** `sv transcript verify <ceremony.json>`: re-verify a whole ceremony from its public record. */
import { randomBytes } from 'node:crypto';
import { verifyTranscript } from '../core/dkg/verifyTranscript.js';
import { abortNamedLine } from '../core/dkg/decide.js';
import { parseDefinition } from '../core/dkg/definition.js';
import { createContractSignatureChecker } from '../adapters/chain/index.js';
import { isChainError } from '../ports/chain.js';
import { approvalSignatureLine, fetchTranscriptContractVerdicts, type ApprovalSignatureEvent } from '../app/contractApprovals.js';
import { EXIT, UsageError, parseCommandArgs, readJsonFile, type CliIO } from './io.js';

export const USAGE = `Usage: sv transcript verify <ceremony.json> [--json] [--rpc <url>]

  Replays every check of the ceremony (approvals, signatures, proofs, accusations, the decision, group keys,
  the transcript hash, every partial signature and the deposit data). Exit 0 valid, 1 invalid, 2 unreadable.

  --rpc <url>   the ceremony chain's JSON-RPC, to check approvals of operators that are contract wallets
                (ERC-1271). Without it such an approval cannot be checked: exit 2, with the operator named.`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, rpc: { type: 'string' } }, USAGE);
  if (positionals.length !== 1) throw new UsageError(`expected one ceremony.json\n\n${USAGE}`);
  const rpcUrl = values.rpc;
  if (rpcUrl !== undefined && !/^https?:\/\/\S+$/.test(rpcUrl)) throw new UsageError('--rpc must be an http:// or https:// URL');
  const file = readJsonFile(positionals[0]!, 'ceremony file');
  let events: ApprovalSignatureEvent[] = [];
  let isValidContractSignature;
  if (rpcUrl) {
    let chainId: number | undefined;
    try {
      chainId = parseDefinition((file as { definition?: unknown } | null)?.definition).network.chainId;
    } catch {
      // an unreadable definition: the verifier says what is wrong with it
    }
    if (chainId !== undefined) {
      try {
        const fetched = await fetchTranscriptContractVerdicts(file, createContractSignatureChecker({ rpcUrl, chainId }));
        events = fetched.events;
        isValidContractSignature = fetched.isValidContractSignature;
      } catch (e) {
        if (isChainError(e)) throw new UsageError(`--rpc: ${e.message}`);
        throw e;
      }
    }
  }
  const verdict = verifyTranscript(file, { randomBytes: (n) => Uint8Array.from(randomBytes(n)), ...(isValidContractSignature ? { isValidContractSignature } : {}) });
  if (values.json) io.out(JSON.stringify(verdict, null, 2));
  else {
    for (const e of events) io.out(approvalSignatureLine(e, { cli: true }));
    if (verdict.unchecked?.length) io.out(`CANNOT CHECK: ${verdict.problems.join('; ')}; pass --rpc <url> to check ${verdict.unchecked.length > 1 ? 'them' : 'it'} on chain.`);
    else if (!verdict.valid) io.out(`INVALID: ${verdict.problems.join('; ')}`);
    else if (verdict.status === 'success') io.out('VALID: the ceremony succeeded and every check passes.');
    else io.out(`VALID record of an aborted ceremony: ${verdict.abort?.reason}; ${verdict.abort ? abortNamedLine(verdict.abort) : 'no participant named'}.`);
  }
  if (verdict.unchecked?.length) return EXIT.UNREADABLE;
  return verdict.valid ? EXIT.OK : EXIT.INVALID;
}
