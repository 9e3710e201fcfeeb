/**
 * `sv`: the command-line entry. Every subcommand is a thin shell in its own file, loaded on demand; `sv relay` is
 * the relay program's one entry (relay/main.ts). Every command parses its options with parseCommandArgs
 * (src/node/command.ts); `--help` is answered here, for all of them. Errors never print a stack trace (set
 * SV_DEBUG=1 to see one).
 */
import '../node/polyfills.js';
import { isSvError } from '../core/errors.js';
import { EXIT, HelpRequested, UsageError, processIO, type CliIO, type Command } from './io.js';

export type { Command };

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: Command }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  'ceremony create': {
    summary: 'write a ceremony definition for the operators to approve',
    load: () => import('./ceremonyCreate.js'),
  },
  'ceremony join': {
    summary: 'take part in a ceremony headless, with an operator key, over relays',
    load: () => import('./ceremonyJoin.js'),
  },
  'ceremony simulate': {
    summary: 'run a whole ceremony of n participants in this process (optionally with a cheater)',
    load: () => import('./ceremonySimulate.js'),
  },
  'transcript verify': {
    summary: 're-verify a ceremony.json from its public record',
    load: () => import('./transcriptVerify.js'),
  },
  'chain': {
    summary: 'run the local development chain (anvil, deposit contract, cluster factory)',
    load: () => import('./chain.js'),
  },
  'relay': {
    summary: 'run a relay node: the IP-private transport and the ceremony board',
    load: async () => ({ run: (await import('../../relay/main.js')).runRelay }),
  },
  'deposit verify': {
    summary: 'verify a deposit_data JSON file from any tool, entry by entry',
    load: () => import('./depositVerify.js'),
  },
  'keystore decrypt': {
    summary: 'decrypt an EIP-2335 keystore and print its public key',
    load: () => import('./keystoreDecrypt.js'),
  },
  'keystore encrypt': {
    summary: 'encrypt a BLS secret key into an EIP-2335 keystore',
    load: () => import('./keystoreEncrypt.js'),
  },
  'bundle inspect': {
    summary: 'show and check a runner bundle (runner-bundle-<index>.json) for the duty runner',
    load: () => import('./bundleInspect.js'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  sv ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: sv <command> [options]   (sv <command> --help for its options)', '', 'Commands:', ...lines].join('\n');
}

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(usage());
    return argv.length === 0 ? EXIT.UNREADABLE : EXIT.OK;
  }
  // One-word commands ('chain') take the rest as arguments; two-word ones ('deposit verify') the rest after both.
  const single = COMMANDS[argv[0] as string] ? (argv[0] as string) : undefined;
  const name = single ?? [argv[0], argv[1]].join(' ');
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(`sv: unknown command '${argv.slice(0, 2).join(' ')}'\n\n${usage()}`);
    return EXIT.UNREADABLE;
  }
  try {
    const { run } = await entry.load();
    return await run(argv.slice(single ? 1 : 2), io);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.out(e.usage);
      return EXIT.OK;
    }
    if (e instanceof UsageError) io.err(`sv ${name}: ${e.message}`);
    else if (isSvError(e)) io.err(`sv ${name}: ${e.message} [${e.code}]`);
    else io.err(`sv ${name}: unexpected error: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.SV_DEBUG && e instanceof Error) io.err(e.stack ?? '');
    return EXIT.UNREADABLE;
  }
}
