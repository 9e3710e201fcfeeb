/**
 * What every subcommand gets: argument parsing with clear usage errors, file reading that turns I/O failures
 * into words, and output streams (injectable for tests).
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes shared by all subcommands. */
export const EXIT = { OK: 0, INVALID: 1, UNREADABLE: 2 } as const;

/** Output sinks of a command; the defaults write to the process streams. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A problem with how the command was called or with its input files: printed as is, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parse options strictly; unknown or malformed options become a UsageError naming the command's usage. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\n\n${usage}`);
  }
}

/** Read a text file or throw a UsageError that says which file and why. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new UsageError(`cannot read ${what} ${path}: ${why}`);
  }
}

/** Read and parse a JSON file, or throw a UsageError saying why it is unreadable. */
export function readJsonFile(path: string, what: string): unknown {
  const text = readTextFile(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Read a password file: the whole file, minus one trailing newline (\n or \r\n), as editors and `echo` add one.
 * An empty password is refused.
 */
export function readPasswordFile(path: string): string {
  const text = readTextFile(path, 'password file').replace(/\r?\n$/, '');
  if (text.length === 0) throw new UsageError(`password file ${path} is empty`);
  return text;
}
