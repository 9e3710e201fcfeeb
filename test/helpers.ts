/** Shared test helpers: vector loading and a seeded (deterministic, NOT secure) byte source. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { sha256 } from '@noble/hashes/sha2.js';

export const VECTORS = join(dirname(fileURLToPath(import.meta.url)), 'vectors');

export function readJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(VECTORS, ...parts), 'utf8')) as T;
}

export function readYaml<T = unknown>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { intAsBigInt: true }) as T;
}

/** Every case directory under a consensus-spec-tests handler folder. */
export function specCases(...parts: string[]): { name: string; dir: string }[] {
  const dir = join(VECTORS, 'eth', 'consensus-spec-tests', 'tests', ...parts);
  return readdirSync(dir).map((name) => ({ name, dir: join(dir, name) }));
}

/** Deterministic byte stream from a label: reproducible tests. Never use outside tests. */
export function seededBytes(label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      const block = sha256(new TextEncoder().encode(`${label}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, n - off)), off);
    }
    return out;
  };
}

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/^0x/, ''), 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
