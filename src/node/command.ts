/**
 * What every Node program's command shares (each `sv` subcommand, the relay, later the duty runner): output sinks,
 * exit codes, and the one option parser, which also handles `--help`/`-h` for every command in one place.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SvError } from '../core/errors.js';

/** Exit codes shared by all commands. */
export const EXIT = { OK: 0, INVALID: 1, UNREADABLE: 2 } as const;

/** Output sinks of a command; the defaults write to the process streams. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The process's stdout and stderr, one line per call. */
export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A command: receives its own arguments, returns the exit code. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

/** Why a command refused to run: how it was called (CLI_USAGE), or an input file it cannot read (CLI_BAD_FILE). */
export type UsageErrorCode = 'CLI_USAGE' | 'CLI_BAD_FILE';

/** A problem with how the command was called or with its input files: printed as is (without the code), exit 2. */
export class UsageError extends SvError<UsageErrorCode> {
  constructor(message: string, code: UsageErrorCode = 'CLI_USAGE') {
    super(code, message);
    this.name = 'UsageError';
  }
}

/**
 * Thrown by parseCommandArgs when `--help` or `-h` was given: not a failure. The program's entry (src/cli/main.ts)
 * prints `usage` on stdout and exits 0, so no command handles help itself.
 */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

/** The option every command has. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parse options strictly; unknown or malformed options become a UsageError naming the command's usage, and
 * `--help`/`-h` (added to every command's options) throws HelpRequested with that usage.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
  allowPositionals = true,
) {
  const config = { args, options: { ...options, ...HELP_OPTION } as T & typeof HELP_OPTION, allowPositionals, strict: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\n\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested(usage);
  return parsed;
}
