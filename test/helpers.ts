/** Shared test helpers: vector loading and a seeded (deterministic, NOT secure) byte source. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { sha256 } from '@noble/hashes/sha2.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { FpIsSquare } from '@noble/curves/abstract/modular.js';
import { checkDefinition } from '../src/core/dkg/definition.js';

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

/** A compressed G1 encoding of a point on the curve but outside the r-order subgroup (for rejection tests). */
export function nonSubgroupG1(): Uint8Array {
  const Fp = bls12_381.fields.Fp;
  for (let x = 1n; ; x++) {
    const y2 = Fp.add(Fp.pow(x, 3n), 4n);
    if (!FpIsSquare(Fp, y2)) continue;
    const p = bls12_381.G1.Point.fromAffine({ x, y: Fp.sqrt(y2) });
    if (p.isTorsionFree()) continue;
    const bytes = new Uint8Array(48);
    let v = x;
    for (let i = 47; i >= 0; i--, v >>= 8n) bytes[i] = Number(v & 0xffn);
    bytes[0]! |= 0x80;
    return bytes;
  }
}

/**
 * `promise`, or a rejection saying `what` did not happen within `ms`: a deadline that fails with words (never a
 * bare test timeout). The timer does not keep the process alive.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolve once `holds()` is true, checked at once and again whenever the event source calls `changed` (`listen`
 * subscribes and returns its unsubscribe); reject saying `what` did not happen within `ms`.
 */
export function when(listen: (changed: () => void) => () => void, holds: () => boolean, ms: number, what: string): Promise<void> {
  let unsubscribe: (() => void) | undefined;
  const reached = new Promise<void>((resolve) => {
    const changed = () => void (holds() && resolve());
    unsubscribe = listen(changed);
    changed();
  });
  return within(reached, ms, what).finally(() => unsubscribe?.());
}

/**
 * A deliberate wait that proves a negative ("nothing more happens within `ms`"): the only kind of fixed wait a
 * test may keep. `reason` says what must not happen, for the reader.
 */
export function quietFor(ms: number, reason: string): Promise<void> {
  void reason;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The board session of a raw definition (its configHash in hex), as `checkDefinition` gives it to the app. */
export function sessionOf(definition: unknown): string {
  return checkDefinition(definition).configHashHex;
}
