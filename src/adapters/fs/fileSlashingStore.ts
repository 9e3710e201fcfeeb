/**
 * The durable SlashingStore (ports/slashingStore.ts) on one file: an append-only journal (slashingJournal.ts) of
 * self-checking lines. `checkAndRecord` judges by the core's minimal watermarks, appends the new watermark's line
 * and fsyncs it before it resolves, one call at a time in call order. Opening replays the journal (maxima); past
 * `compactAfter` records the journal is rewritten as a snapshot (temp file, fsync, rename over, fsync the folder).
 * A lock file (O_EXCL, holding the pid) keeps it to one process. After any failed write the store answers nothing
 * (SLASHING_STORE_UNAVAILABLE) until reopened, since what reached the disk is then unknown.
 */
import { dirname, join } from 'node:path';
import { checkAttestation, checkBlockProposal, type Watermarks } from '../../core/slashing/index.js';
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.js';
import type { CheckAndRecordResult, SigningRequest, SlashingExport, SlashingStore } from '../../ports/slashingStore.js';
import { SlashingStoreError } from '../../ports/slashingStore.js';
import { headerLine, parseJournal, recordLine } from './slashingJournal.js';
import { maxWatermarks } from './slashingInterchange.js';
import { nodeSlashingFs, takeLock, unavailable, type SlashingFile, type SlashingFs } from './slashingFs.js';

/** The journal's file name inside `dir`. */
export const SLASHING_JOURNAL_FILE = 'slashing-protection.journal';
/** Records past which the journal is compacted, unless `compactAfter` says otherwise. */
export const DEFAULT_COMPACT_AFTER = 10_000;

/** Options of `openFileSlashingStore`: the journal's `path`, or a `dir` to hold SLASHING_JOURNAL_FILE. */
export interface FileSlashingStoreOptions {
  path?: string;
  dir?: string;
  genesisValidatorsRoot: Uint8Array;
  /** The file operations (tests inject crashes); node:fs/promises by default. */
  fs?: SlashingFs;
  /** Compact once the journal holds more than this many records (default DEFAULT_COMPACT_AFTER). */
  compactAfter?: number;
  /** fsync each append (default true). false is for benchmarks only: an acknowledged record may then be lost. */
  fsync?: boolean;
}

interface Journal {
  fs: SlashingFs;
  path: string;
  dir: string;
  gvr: Uint8Array;
  file: SlashingFile;
  records: Map<string, Watermarks>;
  count: number;
  compactAfter: number;
  fsync: boolean;
}

/** Open (or create) the durable slashing-protection store for one chain; refuses a damaged or foreign journal. */
export async function openFileSlashingStore(options: FileSlashingStoreOptions): Promise<SlashingStore> {
  const gvr = Uint8Array.from(requireBytes(options.genesisValidatorsRoot, 32, 'genesisValidatorsRoot'));
  const path = options.path ?? (options.dir !== undefined ? join(options.dir, SLASHING_JOURNAL_FILE) : undefined);
  if (path === undefined) throw new SlashingStoreError('SLASHING_STORE_BAD_INPUT', 'openFileSlashingStore needs a path or a dir');
  const fs = options.fs ?? nodeSlashingFs;
  const dir = dirname(path);
  await fs.mkdir(dir).catch((e: unknown) => {
    throw unavailable(`cannot create the folder ${dir}`, e);
  });
  const release = await takeLock(fs, `${path}.lock`, dir);
  try {
    const j = await openJournal(fs, path, dir, gvr, options);
    return storeOver(j, release);
  } catch (e) {
    await release().catch(() => undefined);
    throw e instanceof SlashingStoreError ? e : unavailable(`cannot open the slashing protection journal ${path}`, e);
  }
}

async function openJournal(fs: SlashingFs, path: string, dir: string, gvr: Uint8Array, options: FileSlashingStoreOptions): Promise<Journal> {
  await fs.unlink(`${path}.tmp`); // a compaction cut short: the journal beside it is still whole
  const bytes = await fs.readFile(path);
  const records = new Map<string, Watermarks>();
  let count = 0;
  if (bytes === undefined) {
    await replaceFile(fs, path, dir, headerLine(gvr));
  } else {
    const parsed = parseJournal(bytes, gvr, path);
    for (const r of parsed.records) {
      const key = bytesToHex(r.pubkey);
      records.set(key, maxWatermarks(records.get(key) ?? {}, r.watermarks));
    }
    count = parsed.records.length;
    // A torn tail was never acknowledged (its line never completed, so never fsync'd whole): cut it off.
    if (parsed.tornBytes > 0) await fs.truncate(path, parsed.goodLength);
  }
  const file = await fs.open(path, 'a');
  if (bytes !== undefined) await file.sync();
  return { fs, path, dir, gvr, file, records, count, compactAfter: options.compactAfter ?? DEFAULT_COMPACT_AFTER, fsync: options.fsync ?? true };
}

/** Write `text` as the whole of `path`, atomically: temp file, fsync, rename over, fsync the folder. */
async function replaceFile(fs: SlashingFs, path: string, dir: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const f = await fs.open(tmp, 'w');
  try {
    await f.write(new TextEncoder().encode(text));
    await f.sync();
  } finally {
    await f.close();
  }
  await fs.rename(tmp, path);
  await fs.syncDir(dir);
}

function storeOver(j: Journal, release: () => Promise<void>): SlashingStore {
  let open = true;
  let failed: SlashingStoreError | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(async () => {
      if (!open) throw new SlashingStoreError('SLASHING_STORE_CLOSED', 'the slashing protection store is closed');
      if (failed) throw new SlashingStoreError('SLASHING_STORE_UNAVAILABLE', `an earlier write to ${j.path} failed (${failed.message}); reopen the store`);
      return fn();
    });
    queue = run.catch(() => undefined);
    return run;
  };
  /** Append lines durably; on failure the store stops answering. */
  const append = async (text: string, records: number) => {
    try {
      await j.file.write(new TextEncoder().encode(text));
      if (j.fsync) await j.file.sync();
    } catch (e) {
      failed = unavailable(`cannot append to ${j.path}`, e);
      throw failed;
    }
    j.count += records;
  };
  const compactIfDue = async () => {
    if (j.count <= j.compactAfter) return;
    try {
      await compact(j);
    } catch (e) {
      failed = unavailable(`cannot compact ${j.path}`, e);
      throw failed;
    }
  };

  return {
    genesisValidatorsRoot: Uint8Array.from(j.gvr),
    checkAndRecord: (pubkey, request) =>
      serial(async (): Promise<CheckAndRecordResult> => {
        const key = bytesToHex(requireBytes(pubkey, 48, 'pubkey'));
        const current = j.records.get(key) ?? {};
        const verdict = judge(current, request);
        if (!verdict.allowed) return { recorded: false, rule: verdict.rule, message: verdict.message };
        if (verdict.repeat) return { recorded: true, repeat: true };
        const changed: Watermarks = request.kind === 'block' ? { block: verdict.next.block! } : { attestation: verdict.next.attestation! };
        await append(recordLine({ pubkey: hexToBytes(key), watermarks: changed }), 1);
        j.records.set(key, copyWatermarks(verdict.next));
        await compactIfDue();
        return { recorded: true, repeat: false };
      }),
    watermarks: (pubkey) => serial(() => copyWatermarks(j.records.get(bytesToHex(requireBytes(pubkey, 48, 'pubkey'))) ?? {})),
    exportAll: () => serial(() => exportOf(j)),
    importAll: (data) =>
      serial(async () => {
        if (!(data.genesisValidatorsRoot instanceof Uint8Array) || !equalBytes(data.genesisValidatorsRoot, j.gvr)) {
          throw new SlashingStoreError('SLASHING_STORE_FOREIGN_CHAIN', `the record is for another chain (genesis validators root ${hexOrWhat(data.genesisValidatorsRoot)})`);
        }
        const merged = data.validators.map((v) => {
          const key = bytesToHex(requireBytes(v.pubkey, 48, 'pubkey'));
          return { key, watermarks: maxWatermarks(j.records.get(key) ?? {}, v.watermarks) };
        });
        if (merged.length === 0) return;
        await append(merged.map((m) => recordLine({ pubkey: hexToBytes(m.key), watermarks: m.watermarks })).join(''), merged.length);
        for (const m of merged) j.records.set(m.key, m.watermarks);
        await compactIfDue();
      }),
    close: async () => {
      await serial(() => undefined).catch(() => undefined);
      if (!open) return;
      open = false;
      await j.file.close().catch(() => undefined);
      await release().catch(() => undefined);
    },
  };
}

/** Rewrite the journal as header + one line per validator, then continue appending to the new file. */
async function compact(j: Journal): Promise<void> {
  const keys = [...j.records.keys()].sort();
  const text = headerLine(j.gvr) + keys.map((k) => recordLine({ pubkey: hexToBytes(k), watermarks: j.records.get(k)! })).join('');
  await replaceFile(j.fs, j.path, j.dir, text);
  await j.file.close().catch(() => undefined);
  j.file = await j.fs.open(j.path, 'a');
  j.count = keys.length;
}

function exportOf(j: Journal): SlashingExport {
  const keys = [...j.records.keys()].sort();
  return { genesisValidatorsRoot: Uint8Array.from(j.gvr), validators: keys.map((k) => ({ pubkey: hexToBytes(k), watermarks: copyWatermarks(j.records.get(k)!) })) };
}

function judge(w: Watermarks, r: SigningRequest) {
  if (r.kind === 'block') return checkBlockProposal(w, { slot: r.slot, signingRoot: r.signingRoot });
  if (r.kind === 'attestation') return checkAttestation(w, { sourceEpoch: r.sourceEpoch, targetEpoch: r.targetEpoch, signingRoot: r.signingRoot });
  throw new SlashingStoreError('SLASHING_STORE_BAD_INPUT', 'a signing request is a block or an attestation');
}

function requireBytes(b: Uint8Array, length: number, what: string): Uint8Array {
  if (!(b instanceof Uint8Array) || b.length !== length) throw new SlashingStoreError('SLASHING_STORE_BAD_INPUT', `${what} must be ${length} bytes`);
  return b;
}

const hexOrWhat = (b: unknown) => (b instanceof Uint8Array ? bytesToHex(b) : 'missing');

function copyWatermarks(w: Watermarks): Watermarks {
  return {
    ...(w.block ? { block: { slot: w.block.slot, signingRoot: Uint8Array.from(w.block.signingRoot) } } : {}),
    ...(w.attestation ? { attestation: { ...w.attestation, signingRoot: Uint8Array.from(w.attestation.signingRoot) } } : {}),
  };
}
