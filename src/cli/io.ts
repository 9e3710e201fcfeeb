/**
 * What every subcommand gets: the one option parser (with `--help` handled by it and src/cli/main.ts), output
 * streams (injectable for tests) and exit codes, all from src/node/command.ts; and file reading that turns I/O
 * failures into words.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../node/command.js';

export { EXIT, HelpRequested, parseCommandArgs, processIO, UsageError, type CliIO, type Command } from '../node/command.js';

/** Read a text file or throw a UsageError that says which file and why. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new UsageError(`cannot read ${what} ${path}: ${why}`, 'CLI_BAD_FILE');
  }
}

/** Read and parse a JSON file, or throw a UsageError saying why it is unreadable. */
export function readJsonFile(path: string, what: string): unknown {
  const text = readTextFile(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(e as Error).message}`, 'CLI_BAD_FILE');
  }
}

/**
 * Read a password file: the whole file, minus one trailing newline (\n or \r\n), as editors and `echo` add one.
 * An empty password is refused.
 */
export function readPasswordFile(path: string): string {
  const text = readTextFile(path, 'password file').replace(/\r?\n$/, '');
  if (text.length === 0) throw new UsageError(`password file ${path} is empty`, 'CLI_BAD_FILE');
  return text;
}
