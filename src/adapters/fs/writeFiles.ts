/**
 * Write output files into a directory: secret files owner-only (0600), never over an existing file unless
 * `overwrite` is set (a keystore must never be silently replaced).
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface FileToWrite {
  name: string;
  content: string;
  secret: boolean;
}

/** Write `files` into `dir` (created if needed, 0700 when it holds secrets). Returns the paths written. */
export function writeFiles(dir: string, files: readonly FileToWrite[], opts: { overwrite?: boolean } = {}): string[] {
  mkdirSync(dir, { recursive: true, mode: files.some((f) => f.secret) ? 0o700 : 0o755 });
  const paths: string[] = [];
  for (const f of files) {
    if (f.name.includes('/') || f.name.includes('\\') || f.name.startsWith('.')) throw new Error(`refusing to write a file named ${JSON.stringify(f.name)}`);
    const path = join(dir, f.name);
    if (!opts.overwrite && existsSync(path)) throw new Error(`${path} already exists: refusing to overwrite it`);
    writeFileSync(path, f.content, { mode: f.secret ? 0o600 : 0o644, flag: opts.overwrite ? 'w' : 'wx' });
    paths.push(path);
  }
  return paths;
}
