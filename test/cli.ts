/** Running the real `sv` command (bin/sv.js) in a child process, from the repository root, as a user would. */
import { execFile } from 'node:child_process';
import { expect } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `sv <args>`; resolves with the exit code and both outputs (never rejects). SV_DEBUG is cleared. */
export function runSv(args: string[], timeoutMs = 170_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/sv.js', ...args],
      { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 << 20, env: { ...process.env, SV_DEBUG: '' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A usage error: exit 2, the message on stderr, no stack trace. */
export function expectUsageError(r: CliResult, message: RegExp): void {
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stderr).not.toMatch(/unexpected error/);
}
