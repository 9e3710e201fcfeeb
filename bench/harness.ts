/**
 * A small benchmark harness for a noisy 2-core machine: the variants of one operation run interleaved
 * (A B C A B C ...) so they share the same machine state, and we report medians and ratios against the
 * baseline measured in the same run — never absolute times alone.
 */
import { cpus } from 'node:os';

const gc = (globalThis as { gc?: () => void }).gc;

/** One variant of an operation. `fn` may be async. */
export interface Variant {
  name: string;
  fn: () => unknown;
}

export interface Measured {
  name: string;
  medianMs: number;
  opsPerSec: number;
  samples: number;
}

/** Run the variants interleaved until each has `minSamples` samples and `minMs` has passed. */
export async function compare(variants: Variant[], opts: { minMs?: number; minSamples?: number; maxSamples?: number } = {}): Promise<Measured[]> {
  const minMs = opts.minMs ?? 1500;
  const minSamples = opts.minSamples ?? 5;
  const maxSamples = opts.maxSamples ?? 200;
  const samples: number[][] = variants.map(() => []);
  for (const v of variants) await v.fn(); // warm-up (JIT, caches, precomputes)
  const start = performance.now();
  let rounds = 0;
  while (rounds < maxSamples && (rounds < minSamples || performance.now() - start < minMs)) {
    for (const [k, v] of variants.entries()) {
      gc?.(); // with --expose-gc: each sample starts without the previous one's garbage
      const t0 = performance.now();
      await v.fn();
      samples[k]!.push(performance.now() - t0);
    }
    rounds++;
  }
  return variants.map((v, k) => {
    const s = samples[k]!.slice().sort((a, b) => a - b);
    const medianMs = s[Math.floor(s.length / 2)]!;
    return { name: v.name, medianMs, opsPerSec: 1000 / medianMs, samples: s.length };
  });
}

/** A line about the machine, for the results file. */
export function machineLine(): string {
  const c = cpus();
  return `Node ${process.version}, ${c.length} × ${c[0]?.model ?? 'unknown CPU'}`;
}

/** Format a markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmtOps = (m: Measured | undefined) => (m ? (m.opsPerSec >= 100 ? m.opsPerSec.toFixed(0) : m.opsPerSec.toFixed(1)) : '—');
export const fmtMs = (m: Measured | undefined) => (m ? (m.medianMs >= 100 ? m.medianMs.toFixed(0) : m.medianMs.toFixed(2)) : '—');
export const ratio = (a: Measured | undefined, b: Measured | undefined) => (a && b ? (a.medianMs / b.medianMs).toFixed(2) : '—');
