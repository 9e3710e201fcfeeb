// Importing a backup (src/app/backup/*) from a real in-process 3-of-4 ceremony with 2 validators: a runner
// bundle and the set of backup files (keystores + cluster-lock.json) are accepted, decrypted and stored; a wrong
// password, a share that is not the lock's, junk files, incomplete sets and a share already held are refused in
// words; the stored import re-exports as a runner bundle that passes every check.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDefinition, makeOperators, makeParticipants, simulate, type Participant } from '../../../dkgHarness.js';
import { seededBytes } from '../../../helpers.js';
import { checkRunnerBundle, decodeRunnerBundle } from '../../../../src/core/formats/index.js';
import { exportParticipantOutputs, participantShares, publicOutputs, type OutputFile } from '../../../../src/app/exportParticipantOutputs.js';
import {
  BackupImportError,
  decryptImport,
  exportRunnerBundle,
  importedEntry,
  importNamespace,
  loadImport,
  prepareImport,
  storeImport,
  summarizeImport,
  IMPORT_RECORD,
  type BackupFile,
  type BackupImportErrorCode,
} from '../../../../src/app/backup/index.js';
import { sessionOf } from '../../../helpers.js';
import { createMemorySecretStore } from '../../../../src/adapters/memory/index.js';
import { encodeSecretKey } from '../../../../src/core/bls/index.js';
import { decryptKeystore } from '../../../../src/core/keystore/index.js';

const PASSWORD = 'correct horse battery staple';
const NOW = 1_800_000_100;

let parts: Participant[];
let others: Participant[];
/** Participant k's (1-based) keystores, slashing protection and bundle, with a cheap KDF (pbkdf2 c = 2^10). */
const outputs = new Map<number, OutputFile[]>();
const bundles = new Map<number, string>();
let publicFiles: OutputFile[];
let foreignLock: string;
let shares2: Uint8Array[];


/** Participant p's own files (keystores, slashing protection, runner bundle) with a cheap KDF (pbkdf2 c = 2^10). */
async function cheapOutputs(p: Participant, label: string): Promise<OutputFile[]> {
  const randomBytes = seededBytes(`${label}${p.index}`);
  return (await exportParticipantOutputs({ state: p.state, seed: { seed: p.seed }, password: PASSWORD, randomBytes, kdf: 'pbkdf2', kdfParams: { c: 1024 }, now: NOW })).participantFiles;
}

const file = (f: OutputFile): BackupFile => ({ name: f.name, text: f.content });
const named = (name: string, files: OutputFile[]) => file(files.find((f) => f.name === name || f.name.startsWith(name))!);
const lockFile = () => named('cluster-lock.json', publicFiles);

/** The code and message of the BackupImportError `run` rejects with. */
async function refusal(run: () => Promise<unknown>): Promise<{ code: BackupImportErrorCode; message: string }> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(BackupImportError);
    const err = e as BackupImportError;
    expect(err.message).not.toMatch(/\n\s+at /); // words, not a stack
    return { code: err.code, message: err.message };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  const ops = makeOperators(4, 'import');
  parts = makeParticipants(makeDefinition(ops, { V: 2 }), ops, 'import');
  simulate(parts);
  const otherOps = makeOperators(4, 'import-other');
  others = makeParticipants(makeDefinition(otherOps, { V: 2 }), otherOps, 'import-other');
  simulate(others);
  for (const p of [...parts, ...others]) expect(p.state.phase).toBe('succeeded');
  for (const p of parts.slice(1, 3)) {
    const o = await cheapOutputs(p, 'import/');
    outputs.set(p.index, o);
    bundles.set(p.index, o.find((f) => f.name === `runner-bundle-${p.index}.json`)!.content);
  }
  publicFiles = publicOutputs(parts[0]!.state, NOW);
  foreignLock = publicOutputs(others[0]!.state, NOW).find((f) => f.name === 'cluster-lock.json')!.content;
  shares2 = participantShares(parts[1]!.state, parts[1]!.seed).map(encodeSecretKey);
});

describe('prepareImport + decryptImport: what is accepted', () => {
  it('a runner bundle: checked, summarised, decrypted to the participant\'s shares', async () => {
    const candidate = await prepareImport([{ name: 'runner-bundle-2.json', text: bundles.get(2)! }], { now: NOW, alreadyHeld: () => false });
    const s = summarizeImport(candidate);
    const d = parts[1]!.state.definition;
    expect(s).toEqual({
      source: 'runner-bundle',
      configHash: sessionOf(d),
      index: 2,
      operator: d.operators[1]!.address,
      name: d.name,
      network: 'holesky',
      threshold: 3,
      operators: 4,
      publicKeys: parts[1]!.state.result!.validators.map((v) => v.publicKey),
      ignored: [],
    });
    const fractions: number[] = [];
    const decrypted = await decryptImport(candidate, PASSWORD, { onProgress: (f) => fractions.push(f) });
    expect(decrypted.shares).toEqual(shares2);
    // Progress over both keystores, never backwards, ending at 1.
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.some((f) => f > 0.4 && f < 0.6)).toBe(true);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
  });

  it('the backup files (keystores + cluster-lock.json in any order): the same bundle; ceremony.json and deposit data are set aside', async () => {
    const files = [
      named('ceremony.json', publicFiles),
      named('keystore-1-3.json', outputs.get(3)!),
      named('deposit_data', publicFiles),
      lockFile(),
      named('keystore-0-3.json', outputs.get(3)!),
    ];
    const candidate = await prepareImport(files, { now: NOW });
    expect(candidate.source).toBe('backup-files');
    expect(candidate.ignored.map((i) => i.kind).sort()).toEqual(['ceremony record', 'deposit data']);
    // Exactly the bundle the app writes for participant 3 (with the empty slashing protection the app writes).
    expect(candidate.bundle).toEqual(decodeRunnerBundle(bundles.get(3)!));
    expect(candidate.keystoreLabels).toEqual(['keystore-0-3.json', 'keystore-1-3.json']);
    const decrypted = await decryptImport(candidate, PASSWORD);
    expect(decrypted.shares).toEqual(participantShares(parts[2]!.state, parts[2]!.seed).map(encodeSecretKey));
  });

  it('with a runner bundle, other backup files are not needed and are listed as set aside', async () => {
    const candidate = await prepareImport([lockFile(), { name: 'runner-bundle-2.json', text: bundles.get(2)! }, named('keystore-0-2.json', outputs.get(2)!)], { now: NOW });
    expect(candidate.source).toBe('runner-bundle');
    expect(candidate.ignored).toEqual([
      { name: 'cluster-lock.json', kind: 'cluster lock' },
      { name: 'keystore-0-2.json', kind: 'keystore' },
    ]);
  });
});

describe('what is refused, in words', () => {
  it('a wrong password names the keystore', async () => {
    const fromBundle = await prepareImport([{ name: 'runner-bundle-2.json', text: bundles.get(2)! }], { now: NOW });
    expect(await refusal(() => decryptImport(fromBundle, 'not the password'))).toEqual({
      code: 'IMPORT_BAD_PASSWORD',
      message: 'Wrong password: the keystore of validator 0 in runner-bundle-2.json does not open with it.',
    });
    const fromFiles = await prepareImport([lockFile(), named('keystore-0-3.json', outputs.get(3)!), named('keystore-1-3.json', outputs.get(3)!)], { now: NOW });
    expect((await refusal(() => decryptImport(fromFiles, 'not the password'))).message).toBe('Wrong password: keystore-0-3.json does not open with it.');
    expect((await refusal(() => decryptImport(fromFiles, ''))).code).toBe('IMPORT_BAD_PASSWORD');
  });

  it('a share that does not match the lock\'s public share', async () => {
    // A keystore of another ceremony beside this lock.
    const foreign = await cheapOutputs(others[1]!, 'import/other/');
    const r1 = await refusal(() => prepareImport([lockFile(), named('keystore-0-2.json', foreign), named('keystore-1-2.json', foreign)], { now: NOW }));
    expect(r1.code).toBe('IMPORT_MISMATCH');
    expect(r1.message).toMatch(/^keystore-0-2\.json holds the share 0x[0-9a-f]{8}…[0-9a-f]{6}, which is not a public share in cluster-lock\.json: the keystore and the cluster lock are from different ceremonies\.$/);
    // A runner bundle whose keystore was swapped for participant 3's.
    const swapped = JSON.parse(bundles.get(2)!);
    swapped.keystores[1] = JSON.parse(named('keystore-1-3.json', outputs.get(3)!).text);
    const r2 = await refusal(() => prepareImport([{ name: 'runner-bundle-2.json', text: JSON.stringify(swapped) }], { now: NOW }));
    expect(r2.code).toBe('IMPORT_MISMATCH');
    expect(r2.message).toMatch(/^runner-bundle-2\.json does not match the cluster lock: validator 1: the keystore is for .*, not for share 2/);
    // A keystore whose pubkey says share 2 but which holds share 3's secret: caught when it is opened.
    const forged = JSON.parse(named('keystore-0-3.json', outputs.get(3)!).text);
    forged.pubkey = JSON.parse(named('keystore-0-2.json', outputs.get(2)!).text).pubkey;
    const candidate = await prepareImport([lockFile(), { name: 'keystore-0-2.json', text: JSON.stringify(forged) }, named('keystore-1-2.json', outputs.get(2)!)], { now: NOW });
    const r3 = await refusal(() => decryptImport(candidate, PASSWORD));
    expect(r3.code).toBe('IMPORT_MISMATCH');
    expect(r3.message).toMatch(/^keystore-0-2\.json does not hold the key it claims/);
  });

  it('junk, damaged files and files of another kind', async () => {
    const cases: [BackupFile[], BackupImportErrorCode, RegExp][] = [
      [[], 'IMPORT_NO_FILE', /^Choose a runner bundle/],
      [[{ name: 'photo.jpg', text: '\u00ff\u00d8\u00ff\u00e0 JFIF' }], 'IMPORT_NOT_A_BACKUP', /^photo\.jpg is not a backup file: it is not JSON\. Choose a runner bundle \(runner-bundle-<n>\.json\), or the keystore\(s\)/],
      [[{ name: 'package.json', text: '{"name":"x","version":"1.0.0"}' }], 'IMPORT_NOT_A_BACKUP', /^package\.json is not a backup file of this app/],
      [[{ name: 'big.json', text: ' '.repeat(9 << 20) }], 'IMPORT_NOT_A_BACKUP', /too large/],
      [[{ name: 'runner-bundle-2.json', text: bundles.get(2)!.replace('"threshold": 3', '"threshold": "3"') }], 'IMPORT_DAMAGED', /^runner-bundle-2\.json looks like a runner bundle but is damaged: manifest\.threshold/],
      [[lockFile(), { name: 'keystore-0-2.json', text: '{"crypto":{},"version":4}' }], 'IMPORT_DAMAGED', /^keystore-0-2\.json looks like a keystore but is damaged/],
      [[named('ceremony.json', publicFiles), named('deposit_data', publicFiles)], 'IMPORT_INCOMPLETE', /^These files hold no key share/],
      [[named('keystore-0-2.json', outputs.get(2)!), named('keystore-1-2.json', outputs.get(2)!)], 'IMPORT_INCOMPLETE', /^cluster-lock\.json is missing/],
      [[lockFile()], 'IMPORT_INCOMPLETE', /^No keystore among the files/],
      [[lockFile(), named('keystore-0-2.json', outputs.get(2)!)], 'IMPORT_INCOMPLETE', /^The keystore of validator 1 \(keystore-1-2\.json\) is missing/],
      [[lockFile(), named('keystore-0-2.json', outputs.get(2)!), named('keystore-1-3.json', outputs.get(3)!)], 'IMPORT_INCOMPLETE', /shares of different operators \(keystore-0-2\.json: operator 2, keystore-1-3\.json: operator 3\)/],
      [[lockFile(), { name: 'other-lock.json', text: foreignLock }, named('keystore-0-2.json', outputs.get(2)!)], 'IMPORT_INCOMPLETE', /different cluster locks/],
      [[{ name: 'a.json', text: bundles.get(2)! }, { name: 'b.json', text: bundles.get(3)! }], 'IMPORT_INCOMPLETE', /one runner bundle at a time/],
    ];
    for (const [files, code, message] of cases) {
      const r = await refusal(() => prepareImport(files, { now: NOW }));
      expect(r.code, files.map((f) => f.name).join()).toBe(code);
      expect(r.message).toMatch(message);
    }
  });

  it('a cluster lock that does not hold together', async () => {
    const lock = JSON.parse(lockFile().text);
    lock.validators[0].lockSignature = lock.validators[1].lockSignature;
    const r = await refusal(() => prepareImport([{ name: 'cluster-lock.json', text: JSON.stringify(lock) }, named('keystore-0-2.json', outputs.get(2)!), named('keystore-1-2.json', outputs.get(2)!)], { now: NOW }));
    expect(r.code).toBe('IMPORT_INCONSISTENT');
    expect(r.message).toMatch(/^The keystore\(s\) and cluster-lock\.json do not hold together: validator 0: .*lock signature does not verify/);
  });

  it('a share this browser already holds', async () => {
    const asked: [string, number][] = [];
    const held = (configHash: string, index: number) => {
      asked.push([configHash, index]);
      return configHash === sessionOf(parts[1]!.state.definition) && index === 2;
    };
    const r = await refusal(() => prepareImport([{ name: 'runner-bundle-2.json', text: bundles.get(2)! }], { now: NOW, alreadyHeld: held }));
    expect(r).toEqual({ code: 'IMPORT_DUPLICATE', message: 'This browser already holds this share (operator 2 of "test ceremony"): it is in the list above.' });
    // The keystores of operator 3 are another share of the same ceremony: welcome.
    await prepareImport([lockFile(), named('keystore-0-3.json', outputs.get(3)!), named('keystore-1-3.json', outputs.get(3)!)], { now: NOW, alreadyHeld: async (...a) => held(...a) });
    expect(asked).toEqual([[sessionOf(parts[1]!.state.definition), 2], [sessionOf(parts[1]!.state.definition), 3]]);
  });
});

describe('storing and re-exporting', () => {
  it('stores the shares under their own records, lists public data only, and re-exports a bundle that passes every check', async () => {
    const candidate = await prepareImport([{ name: 'runner-bundle-2.json', text: bundles.get(2)! }], { now: NOW });
    const decrypted = await decryptImport(candidate, PASSWORD);
    const store = createMemorySecretStore();
    await storeImport(store, decrypted, NOW);
    expect(await store.list('')).toEqual([IMPORT_RECORD, 'share/0', 'share/1']);
    const record = new TextDecoder().decode((await store.get(IMPORT_RECORD))!);
    for (const s of shares2) expect(record).not.toContain(Buffer.from(s).toString('hex'));
    expect(JSON.parse(record)).toMatchObject({ format: 'sv-imported-share/1', index: 2, source: 'runner-bundle', importedAt: NOW });

    const entry = importedEntry(candidate, NOW);
    const configHash = sessionOf(parts[1]!.state.definition);
    expect(entry).toEqual({
      configHash,
      index: 2,
      address: parts[1]!.state.definition.operators[1]!.address,
      name: 'test ceremony',
      network: 'holesky',
      definition: parts[1]!.state.definition,
      phase: 'imported',
      publicKeys: parts[1]!.state.result!.validators.map((v) => v.publicKey),
      backedUp: true,
      imported: { namespace: importNamespace(configHash, 2), source: 'runner-bundle', importedAt: NOW },
    });
    expect(JSON.stringify(entry)).not.toMatch(new RegExp(shares2.map((s) => Buffer.from(s).toString('hex')).join('|')));

    const loaded = await loadImport(store);
    expect(loaded.index).toBe(2);
    expect(loaded.shares).toEqual(shares2);
    const fractions: number[] = [];
    const out = await exportRunnerBundle(loaded, { password: 'a new keystore password', randomBytes: seededBytes('export'), now: NOW + 5, kdf: 'pbkdf2', kdfParams: { c: 1024 }, onProgress: (f) => fractions.push(f) });
    expect(out.name).toBe('runner-bundle-2.json');
    expect(out.secret).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(loaded.shares.every((s) => s.every((b) => b === 0))).toBe(true); // wiped after use
    const bundle = decodeRunnerBundle(out.content);
    expect(bundle.createdAt).toBe(NOW + 5);
    expect(bundle.manifest).toEqual(decodeRunnerBundle(bundles.get(2)!).manifest);
    const checks = await checkRunnerBundle(bundle, { password: 'a new keystore password' });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.filter((c) => c.name === 'keystore-password')).toHaveLength(2);
    for (const [v, ks] of bundle.keystores.entries()) expect(await decryptKeystore(ks, 'a new keystore password')).toEqual(shares2[v]);
  });

  it('refuses a stored import whose share was altered or is missing', async () => {
    const candidate = await prepareImport([{ name: 'runner-bundle-2.json', text: bundles.get(2)! }], { now: NOW });
    const store = createMemorySecretStore();
    await storeImport(store, await decryptImport(candidate, PASSWORD), NOW);
    await store.put('share/1', shares2[0]!);
    expect(await refusal(() => loadImport(store))).toEqual({ code: 'IMPORT_BAD_RECORD', message: 'The stored share of validator 1 is missing or is not share 2 of the cluster lock.' });
    await store.delete('share/1');
    expect((await refusal(() => loadImport(store))).code).toBe('IMPORT_BAD_RECORD');
    expect((await refusal(() => loadImport(createMemorySecretStore()))).message).toBe('This browser holds no imported share here.');
  });
});
