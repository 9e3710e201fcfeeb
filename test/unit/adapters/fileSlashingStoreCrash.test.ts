// Crash injection for the durable file SlashingStore: a scripted workload (records, refusals, repeats, a burst of
// conflicting calls, an import, compactions) runs over a file-system facade that "crashes" at write point k — every
// write, fsync, rename, truncate, unlink, folder fsync and open — for k = 1, 2, ... until the workload completes.
// Three crash kinds: `clean` (the k-th operation never happens), `torn` (a write stores only half its bytes), and
// `power` (as torn, and every byte not yet fsync'd is lost too, cut in the middle). Then the real files are reopened
// by a fresh store and: nothing acknowledged is lost, nothing unacknowledged beyond the one call in flight appears,
// and nothing conflicting with an acknowledged signature can be recorded.
import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSlashingFs, openFileSlashingStore, type SlashingFile, type SlashingFs } from '../../../src/adapters/fs/index.js';
import { createMemorySlashingStore } from '../../../src/adapters/memory/index.js';
import type { SigningRequest, SlashingExport, SlashingStore } from '../../../src/ports/slashingStore.js';

type Mode = 'clean' | 'torn' | 'power';
class Crash extends Error {}

const GVR = new Uint8Array(32).fill(3);
const pk = (k: number) => new Uint8Array(48).fill(k);
const root = (k: number) => new Uint8Array(32).fill(k);
const vote = (s: bigint, t: bigint, r = 1): SigningRequest => ({ kind: 'attestation', sourceEpoch: s, targetEpoch: t, signingRoot: root(r) });
const block = (slot: bigint, r = 1): SigningRequest => ({ kind: 'block', slot, signingRoot: root(r) });

/** A facade that dies at its k-th write point; `crashed` tells whether it did. */
function crashingFs(k: number, mode: Mode) {
  let points = 0;
  const state = { crashed: false };
  const unsynced = new Map<string, { synced: number; written: number }>();
  const point = () => {
    if (state.crashed) throw new Crash('already crashed');
    points += 1;
    if (points === k) {
      state.crashed = true;
      return true;
    }
    return false;
  };
  const handles: SlashingFile[] = [];
  const die = async (): Promise<never> => {
    for (const h of handles.splice(0)) await h.close().catch(() => undefined); // the dead process's files close
    if (mode === 'power') for (const [path, u] of unsynced) if (u.written > u.synced) truncateSync(path, u.synced + Math.floor((u.written - u.synced) / 2));
    throw new Crash(`crash at write point ${k} (${mode})`);
  };
  const fs: SlashingFs = {
    ...nodeSlashingFs,
    open: async (path, flags) => {
      if (point()) await die();
      const real = await nodeSlashingFs.open(path, flags);
      handles.push(real);
      const size = flags === 'a' ? statSync(path).size : 0;
      const u = { synced: size, written: size };
      unsynced.set(path, u);
      const file: SlashingFile = {
        write: async (data) => {
          if (point()) {
            if (mode !== 'clean') {
              const half = data.subarray(0, Math.floor(data.length / 2));
              await real.write(half);
              u.written += half.length;
            }
            await die();
          }
          await real.write(data);
          u.written += data.length;
        },
        sync: async () => {
          if (point()) await die();
          await real.sync();
          u.synced = u.written;
        },
        close: () => real.close(),
      };
      return file;
    },
    rename: async (from, to) => {
      if (point()) await die();
      await nodeSlashingFs.rename(from, to);
      const u = unsynced.get(from);
      unsynced.delete(from);
      if (u) unsynced.set(to, u);
    },
    truncate: async (path, length) => {
      if (point()) await die();
      await nodeSlashingFs.truncate(path, length);
    },
    unlink: async (path) => {
      if (point()) await die();
      await nodeSlashingFs.unlink(path);
    },
    syncDir: async (dir) => {
      if (point()) await die();
      await nodeSlashingFs.syncDir(dir);
    },
  };
  return { fs, state, points: () => points };
}

type Step = { op: 'sign'; pubkey: Uint8Array; request: SigningRequest } | { op: 'import'; data: SlashingExport } | { op: 'burst'; pubkey: Uint8Array; requests: SigningRequest[] };
const WORKLOAD: Step[] = [
  { op: 'sign', pubkey: pk(1), request: vote(0n, 1n) },
  { op: 'sign', pubkey: pk(1), request: block(5n) },
  { op: 'sign', pubkey: pk(1), request: vote(0n, 1n, 2) }, // refused: double vote
  { op: 'sign', pubkey: pk(2), request: vote(1n, 2n) },
  { op: 'sign', pubkey: pk(1), request: vote(1n, 2n) },
  { op: 'sign', pubkey: pk(1), request: vote(1n, 2n) }, // repeat
  { op: 'burst', pubkey: pk(2), requests: [block(7n, 1), block(7n, 2), block(7n, 3)] }, // exactly one recorded
  { op: 'import', data: { genesisValidatorsRoot: GVR, validators: [{ pubkey: pk(1), watermarks: { block: { slot: 9n, signingRoot: root(9) } } }, { pubkey: pk(3), watermarks: { attestation: { sourceEpoch: 4n, targetEpoch: 6n, signingRoot: root(4) } } }] } },
  { op: 'sign', pubkey: pk(1), request: block(10n) },
  { op: 'sign', pubkey: pk(3), request: vote(3n, 7n) }, // refused: surrounds
  { op: 'sign', pubkey: pk(3), request: vote(6n, 7n) },
  { op: 'sign', pubkey: pk(2), request: vote(2n, 3n) },
  { op: 'sign', pubkey: pk(1), request: vote(2n, 4n) },
];

/** Runs the workload; returns the acknowledged calls in order and the first call that did not resolve. */
async function run(store: SlashingStore) {
  const acked: { pubkey: Uint8Array; request: SigningRequest; recorded: boolean }[] = [];
  const ackedImports: SlashingExport[] = [];
  for (const step of WORKLOAD) {
    if (step.op === 'import') {
      try {
        await store.importAll(step.data);
      } catch {
        return { acked, ackedImports, inFlight: step };
      }
      ackedImports.push(step.data);
      continue;
    }
    const requests = step.op === 'sign' ? [step.request] : step.requests;
    const settled = await Promise.allSettled(requests.map((r) => store.checkAndRecord(step.pubkey, r)));
    for (const [i, s] of settled.entries()) {
      if (s.status === 'rejected') return { acked, ackedImports, inFlight: { op: 'sign' as const, pubkey: step.pubkey, request: requests[i]! } };
      acked.push({ pubkey: step.pubkey, request: requests[i]!, recorded: s.value.recorded });
    }
  }
  return { acked, ackedImports, inFlight: undefined };
}

/** What a store that saw `steps` (in order) holds: the reference for "nothing lost, nothing invented". */
async function reference(history: ({ kind: 'sign'; pubkey: Uint8Array; request: SigningRequest } | { kind: 'import'; data: SlashingExport })[]) {
  const m = createMemorySlashingStore({ genesisValidatorsRoot: GVR });
  for (const h of history) {
    if (h.kind === 'import') await m.importAll(h.data);
    else await m.checkAndRecord(h.pubkey, h.request);
  }
  return m.snapshot();
}

const conflicting = (r: SigningRequest): SigningRequest => (r.kind === 'block' ? { ...r, signingRoot: root(0xee) } : { ...r, signingRoot: root(0xee) });
const keyed = (e: SlashingExport) => new Map(e.validators.map((v) => [Buffer.from(v.pubkey).toString('hex'), v.watermarks]));

async function crashAndCheck(k: number, mode: Mode): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'sv-slashing-crash-'));
  try {
    const crashing = crashingFs(k, mode);
    let outcome: Awaited<ReturnType<typeof run>> = { acked: [], ackedImports: [], inFlight: undefined };
    let store: SlashingStore | undefined;
    try {
      store = await openFileSlashingStore({ dir, genesisValidatorsRoot: GVR, fs: crashing.fs, compactAfter: 4 });
      outcome = await run(store);
    } catch (e) {
      if (!(e instanceof Crash) && !crashing.state.crashed) throw e;
    }
    if (!crashing.state.crashed) {
      await store?.close();
      expect(outcome.inFlight).toBeUndefined();
    }
    // The "dead" process's lock holds our (live) pid: the restarted store sees that pid as dead.
    const reopened = await openFileSlashingStore({ dir, genesisValidatorsRoot: GVR, fs: { ...nodeSlashingFs, pidAlive: () => false }, compactAfter: 4 });
    // Rebuild the acknowledged history in order (imports sit between the signs where the workload put them).
    const history: Parameters<typeof reference>[0] = [];
    let a = 0;
    let imp = 0;
    for (const step of WORKLOAD) {
      const n = step.op === 'burst' ? step.requests.length : 1;
      if (step.op === 'import') {
        if (imp < outcome.ackedImports.length) history.push({ kind: 'import', data: outcome.ackedImports[imp++]! });
      } else for (let i = 0; i < n && a < outcome.acked.length; i++, a++) history.push({ kind: 'sign', ...outcome.acked[a]! });
    }
    const before = keyed(await reference(history));
    const inFlight = outcome.inFlight;
    const withInFlight = inFlight ? keyed(await reference([...history, inFlight.op === 'import' ? { kind: 'import', data: inFlight.data } : { kind: 'sign', pubkey: inFlight.pubkey, request: inFlight.request }])) : before;
    const after = keyed(await reference([{ kind: 'import', data: await reopened.exportAll() }]));
    const what = `k=${k} ${mode}`;
    for (const key of new Set([...before.keys(), ...withInFlight.keys(), ...after.keys()])) {
      const got = after.get(key) ?? {};
      expect([before.get(key) ?? {}, withInFlight.get(key) ?? {}], `${what}: validator ${key.slice(0, 4)} holds only what was acknowledged (or the call in flight)`).toContainEqual(got);
    }
    for (const x of outcome.acked.filter((x) => x.recorded)) {
      const again = await reopened.checkAndRecord(x.pubkey, x.request);
      expect(again.recorded && !again.repeat, `${what}: an acknowledged signature is not recorded anew`).toBe(false);
      expect(await reopened.checkAndRecord(x.pubkey, conflicting(x.request)), `${what}: nothing conflicting with an acknowledged signature`).toMatchObject({ recorded: false });
    }
    await reopened.close();
    return crashing.state.crashed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('file slashing store: a crash at every write point', () => {
  for (const mode of ['clean', 'torn', 'power'] as const) {
    it(`${mode}: every acknowledged record survives and stays enforced, for every k until the workload completes`, async () => {
      let k = 1;
      while (await crashAndCheck(k, mode)) k += 1;
      console.log(`crash injection (${mode}): ${k - 1} write points, each crashed and checked`);
      expect(k, 'the workload has many write points (open, records, import, compactions)').toBeGreaterThan(30);
    }, 120_000);
  }
});
