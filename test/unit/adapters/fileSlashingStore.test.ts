// The durable file SlashingStore: the journal's rules on open (torn tail dropped; everything else that does not check
// refused in words, never reset), the lock, compaction, and import/export surviving a restart.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportInterchangeText, importInterchangeText, nodeSlashingFs, openFileSlashingStore, SLASHING_JOURNAL_FILE, type SlashingFs } from '../../../src/adapters/fs/index.js';
import type { SigningRequest, SlashingStore } from '../../../src/ports/slashingStore.js';

const GVR = new Uint8Array(32).fill(7);
const pk = (k: number) => new Uint8Array(48).fill(k);
const root = (k: number) => new Uint8Array(32).fill(k);
const vote = (s: bigint, t: bigint, r = 1): SigningRequest => ({ kind: 'attestation', sourceEpoch: s, targetEpoch: t, signingRoot: root(r) });
const block = (slot: bigint, r = 1): SigningRequest => ({ kind: 'block', slot, signingRoot: root(r) });

let dir = '';
const open: SlashingStore[] = [];
const journal = () => join(dir, SLASHING_JOURNAL_FILE);
const openStore = async (extra: { compactAfter?: number; genesisValidatorsRoot?: Uint8Array } = {}) => {
  const s = await openFileSlashingStore({ dir, genesisValidatorsRoot: GVR, ...extra });
  open.push(s);
  return s;
};
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'sv-slashing-unit-')));
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withTwoRecords(): Promise<void> {
  const s = await openStore();
  await s.checkAndRecord(pk(1), vote(1n, 2n));
  await s.checkAndRecord(pk(1), block(3n));
  await s.close();
}

describe('file slashing store: opening a journal', () => {
  it('drops a torn last record (no newline: never acknowledged) and keeps every whole one', async () => {
    fresh();
    await withTwoRecords();
    const whole = readFileSync(journal());
    appendFileSync(journal(), 'deadbeefdeadbeef {"pubkey":"01');
    const s = await openStore();
    expect(readFileSync(journal())).toEqual(whole); // the tail was cut off before anything new was appended
    expect(await s.checkAndRecord(pk(1), vote(1n, 2n, 9))).toMatchObject({ recorded: false, rule: 'SLASHING_DOUBLE_VOTE' });
    expect(await s.checkAndRecord(pk(1), block(4n))).toEqual({ recorded: true, repeat: false });
    await s.close();
    const again = await openStore();
    expect((await again.watermarks(pk(1))).block?.slot).toBe(4n);
  });

  it('refuses a damaged record in the middle, naming the line, and leaves the file as it was', async () => {
    fresh();
    await withTwoRecords();
    const lines = readFileSync(journal(), 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"sourceEpoch":"1"', '"sourceEpoch":"0"');
    writeFileSync(journal(), lines.join('\n'));
    const before = readFileSync(journal());
    await expect(openStore()).rejects.toMatchObject({ code: 'SLASHING_STORE_CORRUPT', message: expect.stringMatching(/line 2 does not check/) });
    expect(readFileSync(journal())).toEqual(before);
  });

  it('refuses a damaged last line that is whole (it ends in a newline, so it may have been acknowledged)', async () => {
    fresh();
    await withTwoRecords();
    const text = readFileSync(journal(), 'utf8');
    writeFileSync(journal(), `${text.slice(0, -3)}x}\n`);
    await expect(openStore()).rejects.toMatchObject({ code: 'SLASHING_STORE_CORRUPT', message: expect.stringMatching(/line 3/) });
  });

  it('refuses a file of another format, an empty file and a journal of another chain', async () => {
    fresh();
    writeFileSync(journal(), '{"metadata":{"interchange_format_version":"5"}}\n');
    await expect(openStore()).rejects.toMatchObject({ code: 'SLASHING_STORE_CORRUPT', message: expect.stringMatching(/does not check/) });
    writeFileSync(journal(), '');
    await expect(openStore()).rejects.toMatchObject({ code: 'SLASHING_STORE_CORRUPT', message: expect.stringMatching(/no complete header/) });
    rmSync(journal());
    await withTwoRecords();
    await expect(openStore({ genesisValidatorsRoot: root(8) })).rejects.toMatchObject({ code: 'SLASHING_STORE_FOREIGN_CHAIN', message: expect.stringMatching(/another chain/) });
    // None of the refusals took the lock for good: the right chain still opens.
    expect(await (await openStore()).watermarks(pk(1))).toMatchObject({ block: { slot: 3n } });
  });

  it('refuses an unreadable journal as unavailable, in words (a folder where the file should be: unreadable even as root)', async () => {
    fresh();
    mkdirSync(journal());
    await expect(openStore()).rejects.toMatchObject({ code: 'SLASHING_STORE_UNAVAILABLE', message: expect.stringMatching(/cannot open the slashing protection journal .*EISDIR/) });
    expect(existsSync(`${journal()}.lock`)).toBe(false); // the refused open released its lock
  });
});

describe('file slashing store: the lock', () => {
  it('refuses a second open while the first is live, and opens once it is closed', async () => {
    fresh();
    const first = await openStore();
    await expect(openFileSlashingStore({ dir, genesisValidatorsRoot: GVR })).rejects.toMatchObject({ code: 'SLASHING_STORE_LOCKED', message: expect.stringContaining(`process ${process.pid}`) });
    await first.close();
    await openStore();
  });

  it("takes over a dead process's lock, refuses a live one's and one holding no pid", async () => {
    fresh();
    writeFileSync(`${journal()}.lock`, '999999999\n');
    const s = await openStore();
    expect(readFileSync(`${journal()}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await s.close();
    writeFileSync(`${journal()}.lock`, `${process.ppid}\n`);
    await expect(openStore()).rejects.toMatchObject({ code: 'SLASHING_STORE_LOCKED' });
    writeFileSync(`${journal()}.lock`, 'garbage');
    await expect(openStore()).rejects.toMatchObject({ code: 'SLASHING_STORE_LOCKED', message: expect.stringMatching(/no process id/) });
    rmSync(`${journal()}.lock`);
  });
});

describe('file slashing store: compaction', () => {
  it('past the bound the journal becomes one line per validator, and every rule survives a reopen', async () => {
    fresh();
    const s = await openStore({ compactAfter: 5 });
    for (let t = 1n; t <= 6n; t++) await s.checkAndRecord(pk(1), vote(t - 1n, t));
    await s.checkAndRecord(pk(2), block(9n));
    const lines = readFileSync(journal(), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(1 + 2 + 0); // header, pk(1)'s snapshot (compacted at record 6), pk(2)'s block appended
    expect(existsSync(`${journal()}.tmp`)).toBe(false);
    await s.close();
    const again = await openStore({ compactAfter: 5 });
    expect(await again.checkAndRecord(pk(1), vote(5n, 6n, 2))).toMatchObject({ recorded: false, rule: 'SLASHING_DOUBLE_VOTE' });
    expect(await again.checkAndRecord(pk(1), vote(5n, 6n))).toEqual({ recorded: true, repeat: true });
    expect(await again.checkAndRecord(pk(2), block(9n, 3))).toMatchObject({ recorded: false, rule: 'SLASHING_DOUBLE_PROPOSAL' });
  });

  it('a temp file left by a compaction cut short is ignored and removed', async () => {
    fresh();
    await withTwoRecords();
    writeFileSync(`${journal()}.tmp`, 'half a snapsh');
    const s = await openStore();
    expect(existsSync(`${journal()}.tmp`)).toBe(false);
    expect((await s.watermarks(pk(1))).attestation?.targetEpoch).toBe(2n);
  });
});

describe('file slashing store: import and export', () => {
  it('an imported interchange file takes maxima, survives a restart and exports again', async () => {
    fresh();
    const s = await openStore();
    await s.checkAndRecord(pk(1), vote(4n, 5n));
    const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
    const file = {
      metadata: { interchange_format_version: '5', genesis_validators_root: hex(GVR) },
      data: [
        { pubkey: hex(pk(1)), signed_blocks: [{ slot: '10' }, { slot: '12', signing_root: hex(root(5)) }], signed_attestations: [{ source_epoch: '2', target_epoch: '3' }] },
        { pubkey: hex(pk(2)), signed_blocks: [], signed_attestations: [{ source_epoch: '6', target_epoch: '7', signing_root: hex(root(6)) }] },
      ],
    };
    await importInterchangeText(s, JSON.stringify(file));
    await s.close();
    const again = await openStore();
    // Imported slots and targets are refused even for the very message the file names (minimal import: roots dropped).
    expect(await again.checkAndRecord(pk(1), block(12n, 5))).toMatchObject({ recorded: false, rule: 'SLASHING_DOUBLE_PROPOSAL' });
    expect(await again.checkAndRecord(pk(1), block(11n))).toMatchObject({ recorded: false, rule: 'SLASHING_SLOT_BELOW' });
    expect(await again.checkAndRecord(pk(1), vote(4n, 5n))).toEqual({ recorded: true, repeat: true });
    expect(await again.checkAndRecord(pk(2), vote(5n, 8n))).toMatchObject({ recorded: false, rule: 'SLASHING_SURROUND_VOTE' });
    const out = JSON.parse(await exportInterchangeText(again)) as typeof file;
    expect(out.data.map((d) => [d.pubkey, d.signed_blocks, d.signed_attestations])).toEqual([
      [hex(pk(1)), [{ slot: '12' }], [{ source_epoch: '4', target_epoch: '5', signing_root: hex(root(1)) }]],
      [hex(pk(2)), [], [{ source_epoch: '6', target_epoch: '7' }]],
    ]);
  });

  it('refuses text that is not an interchange file, and a file of another chain', async () => {
    fresh();
    const s = await openStore();
    await expect(importInterchangeText(s, '{"nope":1}')).rejects.toMatchObject({ code: 'SLASHING_STORE_BAD_INPUT', message: expect.stringMatching(/EIP-3076/) });
    await expect(importInterchangeText(s, 'not json')).rejects.toMatchObject({ code: 'SLASHING_STORE_BAD_INPUT' });
    const other = { metadata: { interchange_format_version: '5', genesis_validators_root: `0x${'09'.repeat(32)}` }, data: [] };
    await expect(importInterchangeText(s, JSON.stringify(other))).rejects.toMatchObject({ code: 'SLASHING_STORE_FOREIGN_CHAIN' });
  });
});

describe('file slashing store: a failed write', () => {
  it('rejects the call (nothing may be signed), then answers nothing until reopened, even once the disk works again', async () => {
    fresh();
    let failSync = false;
    const fs: SlashingFs = {
      ...nodeSlashingFs,
      open: async (path, flags) => {
        const f = await nodeSlashingFs.open(path, flags);
        return { ...f, sync: async () => (failSync ? Promise.reject(new Error('EIO: i/o error')) : f.sync()) };
      },
    };
    const s = await openFileSlashingStore({ dir, genesisValidatorsRoot: GVR, fs });
    await s.checkAndRecord(pk(1), block(1n));
    failSync = true;
    await expect(s.checkAndRecord(pk(1), block(2n))).rejects.toMatchObject({ code: 'SLASHING_STORE_UNAVAILABLE', message: expect.stringMatching(/EIO/) });
    failSync = false;
    await expect(s.checkAndRecord(pk(1), block(3n))).rejects.toMatchObject({ code: 'SLASHING_STORE_UNAVAILABLE', message: expect.stringMatching(/reopen/) });
    await expect(s.watermarks(pk(1))).rejects.toMatchObject({ code: 'SLASHING_STORE_UNAVAILABLE' });
    await s.close();
    // The unacknowledged record reached the file (only its fsync failed): after reopening it is kept, which is safe.
    const again = await openStore();
    expect((await again.watermarks(pk(1))).block?.slot).toBe(2n);
  });
});
