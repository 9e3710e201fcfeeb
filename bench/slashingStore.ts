/**
 * The slashing-protection stores' checkAndRecord: latency (median, p99) and sequential throughput of the durable
 * file store (append + fsync per record), the same store without fsync (to show the fsync's cost; never for real
 * use), and the in-memory store, in the same run, interleaved in batches so they share the machine's state. Each
 * request is a new attestation for one of 16 validators (every call appends a record). Also: the time to open
 * (replay) the journal so written, and the cost of a record followed by a compaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSlashingStore } from '../src/adapters/fs/index.js';
import { createMemorySlashingStore } from '../src/adapters/memory/index.js';
import type { SlashingStore } from '../src/ports/slashingStore.js';
import { table } from './harness.js';

/** One store's numbers. */
export interface SlashingStoreRow {
  store: string;
  medianMs: number;
  p99Ms: number;
  opsPerSec: number;
  samples: number;
}

const GVR = new Uint8Array(32).fill(0x5a);
const pubkeys = Array.from({ length: 16 }, (_, k) => new Uint8Array(48).fill(k + 1));
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Measure `records` checkAndRecord calls per store (default 3000), in batches of `batch` interleaved. */
export async function runSlashingStore(opts: { records?: number; batch?: number } = {}): Promise<{ rows: SlashingStoreRow[]; body: string }> {
  const records = opts.records ?? 3000;
  const batch = opts.batch ?? 100;
  const dir = mkdtempSync(join(tmpdir(), 'sv-bench-slashing-'));
  try {
    const stores: { name: string; store: SlashingStore; next: number; samples: number[]; busyMs: number }[] = [
      { name: 'file (append + fsync)', store: await openFileSlashingStore({ dir: join(dir, 'fsync'), genesisValidatorsRoot: GVR }), next: 0, samples: [], busyMs: 0 },
      { name: 'file, no fsync (bench only)', store: await openFileSlashingStore({ dir: join(dir, 'nofsync'), genesisValidatorsRoot: GVR, fsync: false }), next: 0, samples: [], busyMs: 0 },
      { name: 'memory', store: createMemorySlashingStore({ genesisValidatorsRoot: GVR }), next: 0, samples: [], busyMs: 0 },
    ];
    const one = async (s: (typeof stores)[number]) => {
      const k = s.next++;
      const target = BigInt(Math.floor(k / pubkeys.length) + 1);
      const t0 = performance.now();
      const r = await s.store.checkAndRecord(pubkeys[k % pubkeys.length]!, { kind: 'attestation', sourceEpoch: target - 1n, targetEpoch: target, signingRoot: new Uint8Array(32).fill(k & 0xff) });
      const ms = performance.now() - t0;
      if (!r.recorded || r.repeat) throw new Error(`bench: request ${k} on ${s.name} was not recorded anew`);
      return ms;
    };
    for (const s of stores) for (let i = 0; i < pubkeys.length * 2; i++) await one(s); // warm-up
    for (let done = 0; done < records; done += batch) {
      for (const s of stores) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i++) s.samples.push(await one(s));
        s.busyMs += performance.now() - t0;
      }
    }
    for (const s of stores) await s.store.close();
    // Opening replays the journal: time it on the fsync'd store's (every record above, plus the warm-up's).
    const t0 = performance.now();
    const reopened = await openFileSlashingStore({ dir: join(dir, 'fsync'), genesisValidatorsRoot: GVR });
    const openMs = performance.now() - t0;
    await reopened.close();
    // Compaction: the same store compacting after each record rewrites 16 validators' snapshot per call.
    const compacting = await openFileSlashingStore({ dir: join(dir, 'compact'), genesisValidatorsRoot: GVR, compactAfter: 0 });
    const c0 = performance.now();
    for (let k = 0; k < 200; k++) await compacting.checkAndRecord(pubkeys[k % 16]!, { kind: 'block', slot: BigInt(k + 1), signingRoot: new Uint8Array(32).fill(1) });
    const compactMs = (performance.now() - c0) / 200;
    await compacting.close();
    const rows = stores.map((s) => {
      const sorted = s.samples.slice().sort((a, b) => a - b);
      return { store: s.name, medianMs: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), opsPerSec: (s.samples.length / s.busyMs) * 1000, samples: s.samples.length };
    });
    const [withSync, noSync] = rows;
    const body =
      table(
        ['store', 'checkAndRecord median', 'p99', 'sequential throughput', 'samples'],
        rows.map((r) => [r.store, `${r.medianMs.toFixed(3)} ms`, `${r.p99Ms.toFixed(3)} ms`, `${r.opsPerSec.toFixed(0)} /s`, String(r.samples)]),
      ) + `\n\nThe fsync's cost: ${(withSync!.medianMs - noSync!.medianMs).toFixed(3)} ms per record at the median (file with fsync / without: ${(withSync!.medianMs / noSync!.medianMs).toFixed(1)}×).` +
      ` Opening (replaying) a journal of ${withSync!.samples + 2 * pubkeys.length} records: ${openMs.toFixed(1)} ms.` +
      ` A record followed by a compaction (16 validators; temp file, fsync, rename, folder fsync): ${compactMs.toFixed(3)} ms mean.`;
    return { rows, body };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
