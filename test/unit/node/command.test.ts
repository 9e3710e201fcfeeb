/**
 * The one option parser of every Node program's command: strict options, usage errors that carry the usage, and
 * `--help`/`-h` answered for every command in one place (HelpRequested, printed by sv's main).
 */
import { describe, expect, it } from 'vitest';
import { HelpRequested, parseCommandArgs, UsageError } from '../../../src/node/command.js';
import { main } from '../../../src/cli/main.js';

const USAGE = 'Usage: sv thing [--name <n>]';
const OPTIONS = { name: { type: 'string' } } as const;

describe('parseCommandArgs', () => {
  it('parses the options and positionals it was given', () => {
    const { values, positionals } = parseCommandArgs(['--name', 'x', 'file'], OPTIONS, USAGE);
    expect(values.name).toBe('x');
    expect(positionals).toEqual(['file']);
  });

  it.each(['--help', '-h', 'file --help'])('"%s" throws HelpRequested with the usage', (line) => {
    const args = line.split(' ');
    expect(() => parseCommandArgs(args, OPTIONS, USAGE)).toThrow(HelpRequested);
    try {
      parseCommandArgs(args, OPTIONS, USAGE);
    } catch (e) {
      expect((e as HelpRequested).usage).toBe(USAGE);
    }
  });

  it('an option value that reads --help is a value, not a help request', () => {
    expect(parseCommandArgs(['--name=--help'], OPTIONS, USAGE).values.name).toBe('--help');
  });

  it('unknown options and unwanted positionals are UsageErrors that end with the usage', () => {
    expect(() => parseCommandArgs(['--nope'], OPTIONS, USAGE)).toThrow(UsageError);
    expect(() => parseCommandArgs(['--nope'], OPTIONS, USAGE)).toThrow(/Usage: sv thing/);
    expect(() => parseCommandArgs(['file'], OPTIONS, USAGE, false)).toThrow(UsageError);
  });
});

describe('sv --help for every subcommand', () => {
  it.each(['relay', 'chain', 'keystore encrypt', 'transcript verify', 'ceremony create'])('sv %s --help prints its usage on stdout and exits 0', async (command) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...command.split(' '), '--help'], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('\n')).toMatch(new RegExp(`^Usage: sv ${command}`));
  });
});
