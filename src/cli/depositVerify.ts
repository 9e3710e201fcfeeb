/**
 * `sv deposit verify`: check a deposit_data JSON file from any tool, entry by entry, against the network the user
 * names or the one its fork_version says; with --rpc, also what the deposit contract holds for its keys. Exit 0
 * when every entry (and the chain) is fine, 1 when any is not, 2 for unreadable input or an unreadable chain.
 */
import { inspectDepositFile, isNetworkName, NETWORK_NAMES, type DepositEntryVerdict, type DepositFileVerdict } from '../core/eth/index.js';
import { shortKey } from '../core/bytes.js';
import { checkFileOnChain, formatOnchainReport, jsonWithBigInts, reasonLine } from './depositOnchain.js';
import { EXIT, UsageError, parseCommandArgs, readJsonFile, type CliIO } from './io.js';

const USAGE = `Usage: sv deposit verify <deposit_data.json> [--network <name>] [--json]
                         [--rpc <url> [--deposit-contract <address>] [--from-block <n>]]

Verifies every deposit in a deposit_data file (from staking-deposit-cli or any other tool): field formats,
amount rules, deposit_message_root and deposit_data_root, the BLS signature, and the network.
  --network <name>  the network the deposits are for: ${NETWORK_NAMES.join(', ')}
                    (default: detected from the file's fork_version)
  --json            print the full result as JSON
  --rpc <url>       also check on chain, through this JSON-RPC endpoint: the deposit contract's DepositEvent
                    logs for every key of the file. The first deposit with a valid signature sets a validator's
                    withdrawal credentials; it must carry the file's credentials (no front-run, no lost deposit).
  --deposit-contract <address>
                    the deposit contract (default: the network's official one)
  --from-block <n>  first block to search (default: the deposit contract's creation). No deposit can precede
                    the keys' creation, so the block of the ceremony is a safe, much faster start.
  --help            show this help

Exit status: 0 every deposit valid (and nothing wrong on chain), 1 any deposit or the file invalid or a problem
on chain, 2 unreadable input, an unreachable RPC or a usage error.`;

const OPTIONS = {
  network: { type: 'string' },
  json: { type: 'boolean' },
  rpc: { type: 'string' },
  'deposit-contract': { type: 'string' },
  'from-block': { type: 'string' },
} as const;

function entryBlock(e: DepositEntryVerdict): string[] {
  const key = e.pubkey === null ? '(no readable pubkey)' : shortKey(`0x${e.pubkey}`);
  return [`#${e.index}  ${key}  ${e.verdict === 'valid' ? 'VALID' : 'INVALID'}`, ...e.reasons.map(reasonLine)];
}

function networkLine(v: DepositFileVerdict): string {
  if (v.network === null) return 'network: unknown';
  return `network: ${v.network} (${v.networkSource === 'named' ? 'as given' : "detected from the file's fork_version"})`;
}

/** The plain-words report: network, one block per entry, file problems, and a summary line. */
export function formatReport(file: string, v: DepositFileVerdict): string[] {
  const lines = [`deposit file: ${file}`, networkLine(v), ''];
  for (const e of v.entries) lines.push(...entryBlock(e));
  if (v.fileProblems.length > 0) lines.push('', 'file problems:', ...v.fileProblems.map(reasonLine));
  const ok = v.entries.filter((e) => e.verdict === 'valid').length;
  const verdict = v.valid ? 'VALID' : 'INVALID';
  lines.push('', `summary: ${ok} of ${v.entries.length} deposit${v.entries.length === 1 ? '' : 's'} valid; file ${verdict}`);
  return lines;
}

/** Run `sv deposit verify` with its own arguments; resolves to the exit code. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
  if (positionals.length !== 1) throw new UsageError(`expected one deposit file, got ${positionals.length}\n\n${USAGE}`);
  const network = values.network;
  if (network !== undefined && !isNetworkName(network)) {
    throw new UsageError(`unknown network '${network}' (known: ${NETWORK_NAMES.join(', ')})`);
  }
  const [file] = positionals as [string];
  const json = readJsonFile(file, 'deposit file');
  // The file is read once: the on-chain check takes the entries as the verdict read them.
  const { verdict, parsed } = inspectDepositFile(json, network === undefined ? {} : { network });
  if (values.rpc === undefined) {
    if (values['deposit-contract'] !== undefined || values['from-block'] !== undefined) throw new UsageError('--deposit-contract and --from-block need --rpc');
    if (values.json) io.out(JSON.stringify(verdict, null, 2));
    else for (const line of formatReport(file, verdict)) io.out(line);
    return verdict.valid ? EXIT.OK : EXIT.INVALID;
  }
  const onchain = await checkFileOnChain(
    parsed,
    verdict,
    { rpc: values.rpc, ...(values['deposit-contract'] !== undefined ? { depositContract: values['deposit-contract'] } : {}), ...(values['from-block'] !== undefined ? { fromBlock: values['from-block'] } : {}) },
    (line) => !values.json && io.err(line),
  );
  if (values.json) io.out(jsonWithBigInts({ ...verdict, onchain }));
  else for (const line of [...formatReport(file, verdict), ...formatOnchainReport(onchain)]) io.out(line);
  return verdict.valid && onchain.report.state !== 'fail' ? EXIT.OK : EXIT.INVALID;
}
