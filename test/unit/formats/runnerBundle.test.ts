// The runner bundle (src/core/formats/runnerBundle.ts, made by src/app/exportParticipantOutputs.ts): built from a
// real (in-process, engine-level) 3-of-4 ceremony with 2 validators, decoded strictly, and checked; tampered bundles
// fail the check that names what was changed.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeDefinition, makeOperators, makeParticipants, simulate, type Participant } from '../../dkgHarness.js';
import { seededBytes } from '../../helpers.js';
import {
  checkRunnerBundle,
  clusterLock,
  decodeRunnerBundle,
  decodeRunnerBundleJson,
  encodeRunnerBundle,
  runnerBundle,
  RUNNER_BUNDLE_FORMAT,
  type Check,
  type CheckName,
} from '../../../src/core/formats/index.js';
import { exportParticipantOutputs, type OutputFile } from '../../../src/app/exportParticipantOutputs.js';
import { shortKey } from '../../../src/core/bytes.js';
import { isSvError, type ErrorCode } from '../../../src/core/errors.js';
import { getNetwork } from '../../../src/core/eth/networks.js';
import { toHex0x } from '../../../src/core/wire/fields.js';

const PASSWORD = 'correct horse battery staple';
const NOW = 1_800_000_100;

let parts: Participant[];
/** Participant 2's bundle as `exportParticipantOutputs` makes it (pbkdf2 at its full cost, c = 2^18). */
let real: string;
/** Bundles of participants 2 and 3 with cheap keystores (pbkdf2 c = 2^10), so that checks with a password are fast. */
let text2: string;
let text3: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Participant p's own files, its keystores cheap (pbkdf2 c = 2^10) unless `full`. */
async function filesOf(p: Participant, full = false): Promise<OutputFile[]> {
  const cost = full ? {} : { kdfParams: { c: 1024 } };
  const out = await exportParticipantOutputs({ state: p.state, seed: { seed: p.seed }, password: PASSWORD, randomBytes: seededBytes(`runner-bundle/${p.index}`), kdf: 'pbkdf2', ...cost, now: NOW });
  return out.participantFiles;
}
const bundleText = (files: OutputFile[]) => files.find((f) => f.name.startsWith('runner-bundle-'))!.content;

beforeAll(async () => {
  const ops = makeOperators(4, 'runner-bundle');
  parts = makeParticipants(makeDefinition(ops, { V: 2 }), ops, 'runner-bundle');
  simulate(parts);
  for (const p of parts) expect(p.state.phase).toBe('succeeded');
  const files = await filesOf(parts[1]!, true);
  expect(files.map((f) => f.name)).toEqual(['keystore-0-2.json', 'keystore-1-2.json', 'slashing-protection.json', 'runner-bundle-2.json']);
  real = bundleText(files);
  text2 = bundleText(await filesOf(parts[1]!));
  text3 = bundleText(await filesOf(parts[2]!));
});

const fresh = (text = text2): Json => JSON.parse(text) as Json;
const failed = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => `${c.name}/${c.validator}`);
async function checksOf(bundle: Json, password?: string): Promise<Check[]> {
  return checkRunnerBundle(decodeRunnerBundle(JSON.stringify(bundle)), password === undefined ? {} : { password });
}
function one(checks: Check[], name: CheckName, validator: number | null): Check {
  return checks.find((c) => c.name === name && c.validator === validator)!;
}

describe('runnerBundle / encodeRunnerBundle / decodeRunnerBundle', () => {
  it('writes one secret file holding the manifest, the keystores, the lock and the slashing protection', async () => {
    const state = parts[1]!.state;
    const bundle = decodeRunnerBundle(real);
    const lock = clusterLock(state);
    expect(bundle.format).toBe(RUNNER_BUNDLE_FORMAT);
    expect(bundle.createdAt).toBe(NOW);
    expect(bundle.manifest).toEqual({
      configHash: state.configHash,
      network: 'holesky',
      threshold: 3,
      operators: 4,
      index: 2,
      operator: state.definition.operators[1]!.address,
      validators: lock.validators.map((v, k) => ({ index: k, publicKey: v.publicKey, publicShare: v.publicShares[1], keystore: `keystore-${k}-2.json` })),
    });
    expect(bundle.clusterLock).toEqual(lock);
    expect(bundle.keystores.map((k) => `0x${k.pubkey}`)).toEqual(lock.validators.map((v) => v.publicShares[1]));
    expect(bundle.keystores.map((k) => k.crypto.kdf)).toEqual([0, 1].map(() => expect.objectContaining({ function: 'pbkdf2', params: expect.objectContaining({ c: 2 ** 18 }) })));
    expect(bundle.slashingProtection).toEqual({
      metadata: { interchange_format_version: '5', genesis_validators_root: toHex0x(getNetwork('holesky').genesisValidatorsRoot) },
      data: [],
    });
    // Decoding is lossless: the decoded bundle is the file's JSON, and encoding it again gives the same text.
    expect(bundle).toEqual(JSON.parse(real));
    expect(encodeRunnerBundle(bundle)).toBe(real);
    expect(failed(await checkRunnerBundle(bundle))).toEqual([]);
  });

  it('holds exactly the keystores and the slashing protection written next to it', async () => {
    const files = await filesOf(parts[0]!);
    const byName = new Map(files.map((f) => [f.name, f]));
    expect(byName.get('runner-bundle-1.json')).toMatchObject({ secret: true });
    expect(byName.get('keystore-1-1.json')).toMatchObject({ secret: true });
    const bundle = JSON.parse(byName.get('runner-bundle-1.json')!.content) as Json;
    expect(bundle.keystores[1]).toEqual(JSON.parse(byName.get('keystore-1-1.json')!.content));
    expect(bundle.slashingProtection).toEqual(JSON.parse(byName.get('slashing-protection.json')!.content));
  });

  it('needs the operator and one keystore per validator; refuses a ceremony that has not succeeded', () => {
    const state = parts[0]!.state;
    const b = decodeRunnerBundle(text2);
    expect(() => runnerBundle(b.clusterLock, 1, b.keystores.slice(1), b.slashingProtection, NOW)).toThrow(expect.objectContaining({ code: 'DKG_BAD_STATE' }));
    expect(() => runnerBundle(b.clusterLock, 5, b.keystores, b.slashingProtection, NOW)).toThrow(expect.objectContaining({ code: 'DKG_BAD_STATE' }));
    expect(() => clusterLock({ ...state, phase: 'aborted' as const })).toThrow(expect.objectContaining({ code: 'DKG_BAD_STATE' }));
  });

  it('decodes the parsed JSON as it decodes the text', () => {
    expect(decodeRunnerBundleJson(JSON.parse(real))).toEqual(decodeRunnerBundle(real));
  });

  it('shortens keys for people', () => {
    expect(shortKey(`0x${'ab'.repeat(4)}${'00'.repeat(40)}${'cd'.repeat(3)}`)).toBe('0xabababab…cdcdcd');
  });

  it('src/core/formats uses no Node API (it runs in the browser)', () => {
    const dir = new URL('../../../src/core/formats/', import.meta.url);
    for (const name of readdirSync(fileURLToPath(dir))) {
      const source = readFileSync(fileURLToPath(new URL(name, dir)), 'utf8');
      expect(source, name).not.toMatch(/from '(node:|fs|path|crypto|buffer)/);
      expect(source, name).not.toMatch(/\bBuffer\b|\bprocess\./);
    }
  });
});

describe('checkRunnerBundle', () => {
  it('passes every check of an untouched bundle, without and with the password', async () => {
    const without = await checksOf(fresh());
    expect(failed(without)).toEqual([]);
    expect(without.map((c) => `${c.name}/${c.validator}`)).toEqual([
      'cluster-lock/null', 'manifest/null', 'slashing-protection/null',
      'group-key/0', 'public-share/0', 'lock-validator/0', 'keystore/0',
      'group-key/1', 'public-share/1', 'lock-validator/1', 'keystore/1',
    ]);
    const withPassword = await checksOf(fresh(), PASSWORD);
    expect(failed(withPassword)).toEqual([]);
    expect(withPassword.filter((c) => c.name === 'keystore-password').map((c) => c.validator)).toEqual([0, 1]);
    expect(one(withPassword, 'keystore-password', 1).message).toMatch(/opens with the password/);
  });

  it('a wrong password is a failed verdict per keystore, not a throw', async () => {
    const checks = await checksOf(fresh(), 'not the password');
    expect(failed(checks)).toEqual(['keystore-password/0', 'keystore-password/1']);
    expect(one(checks, 'keystore-password', 0).message).toMatch(/wrong password/);
  });

  it('a keystore swapped in from another participant fails the keystore checks of that validator', async () => {
    const b = fresh();
    b.keystores[0] = fresh(text3).keystores[0];
    const checks = await checksOf(b, PASSWORD); // same password: it even opens, but holds share 3
    expect(failed(checks)).toEqual(['keystore/0', 'keystore-password/0']);
    expect(one(checks, 'keystore', 0).message).toMatch(/not for share 2/);
    expect(one(checks, 'keystore-password', 0).message).toMatch(/decrypts to the secret of .*, not of share 2/);
  });

  it('a keystore whose pubkey field was rewritten to the share still fails with the password', async () => {
    const b = fresh();
    b.keystores[1] = fresh(text3).keystores[1];
    b.keystores[1].pubkey = b.manifest.validators[1].publicShare.slice(2);
    const checks = await checksOf(b, PASSWORD);
    expect(failed(checks)).toEqual(['keystore-password/1']);
    expect(one(checks, 'keystore-password', 1).message).toMatch(/does not decrypt.*KEYSTORE_BAD_SECRET/);
  });

  it('an altered public share in the manifest fails public-share', async () => {
    const b = fresh();
    b.manifest.validators[0].publicShare = b.clusterLock.validators[0].publicShares[0];
    const checks = await checksOf(b);
    expect(failed(checks)).toEqual(['public-share/0']);
    expect(one(checks, 'public-share', 0).message).toMatch(/is not the lock's share 2/);
  });

  it('an altered public share in the lock fails the lock and the keystore against it', async () => {
    const b = fresh();
    const other = b.clusterLock.validators[1].publicShares[0]; // a valid point, but not share 2
    b.clusterLock.validators[1].publicShares[1] = other;
    b.manifest.validators[1].publicShare = other;
    const checks = await checksOf(b);
    expect(failed(checks)).toEqual(['lock-validator/1', 'keystore/1']);
    expect(one(checks, 'lock-validator', 1).message).toMatch(/public shares 1\.\.3 do not combine to its group key/);
  });

  it('a group key that differs between manifest and lock fails group-key; a swapped lock key fails the lock', async () => {
    const b = fresh();
    b.manifest.validators[0].publicKey = b.manifest.validators[1].publicKey;
    expect(failed(await checksOf(b))).toEqual(['group-key/0']);
    const c = fresh();
    [c.clusterLock.validators[0].publicKey, c.manifest.validators[0].publicKey] = [c.clusterLock.validators[1].publicKey, c.clusterLock.validators[1].publicKey];
    expect(failed(await checksOf(c))).toEqual(['lock-validator/0']);
  });

  it('a forged lock signature or transcript hash fails lock-validator', async () => {
    const b = fresh();
    b.clusterLock.validators[0].lockSignature = b.clusterLock.validators[1].lockSignature;
    const checks = await checksOf(b);
    expect(failed(checks)).toEqual(['lock-validator/0']);
    expect(one(checks, 'lock-validator', 0).message).toMatch(/lock signature does not verify/);
    const c = fresh();
    c.clusterLock.transcriptHash = `0x${'ab'.repeat(32)}`;
    expect(failed(await checksOf(c))).toEqual(['lock-validator/0', 'lock-validator/1']);
  });

  it('a lock whose definition was edited, or whose counts do not fit, fails cluster-lock', async () => {
    const b = fresh();
    b.clusterLock.definition.name = 'edited';
    const checks = await checksOf(b);
    expect(failed(checks)).toEqual(['cluster-lock/null']);
    expect(one(checks, 'cluster-lock', null).message).toMatch(/configHash is not the hash of its definition/);
    const c = fresh();
    c.clusterLock.validators[0].publicShares.pop();
    const cc = await checksOf(c);
    expect(failed(cc)).toEqual(['cluster-lock/null', 'lock-validator/0']);
    expect(one(cc, 'cluster-lock', null).message).toMatch(/validator 0 has 3 public shares, not one per operator \(4\)/);
  });

  it('a manifest that disagrees with the lock fails manifest', async () => {
    const cases: [(b: Json) => void, RegExp][] = [
      [(b) => (b.manifest.operator = b.clusterLock.operators[0].address), /is not operator 2/],
      [(b) => (b.manifest.threshold = 4), /says 4-of-4, the cluster lock 3-of-4/],
      [(b) => (b.manifest.network = 'sepolia'), /network sepolia/],
      [(b) => (b.manifest.configHash = `0x${'00'.repeat(32)}`), /configHash/],
    ];
    for (const [tamper, message] of cases) {
      const b = fresh();
      tamper(b);
      const checks = await checksOf(b);
      expect(failed(checks)).toEqual(['manifest/null']);
      expect(one(checks, 'manifest', null).message).toMatch(message);
    }
  });

  it('a share index beyond the operators fails without throwing', async () => {
    const b = fresh();
    b.manifest.index = 7;
    b.manifest.validators.forEach((v: Json) => (v.keystore = v.keystore.replace('-2.json', '-7.json')));
    const checks = await checksOf(b, PASSWORD);
    expect(failed(checks)).toEqual(expect.arrayContaining(['manifest/null', 'public-share/0', 'keystore/0', 'keystore-password/0']));
  });

  it('slashing protection for another network, or for a foreign key, fails slashing-protection', async () => {
    const b = fresh();
    b.slashingProtection.metadata.genesis_validators_root = toHex0x(getNetwork('mainnet').genesisValidatorsRoot);
    const checks = await checksOf(b);
    expect(failed(checks)).toEqual(['slashing-protection/null']);
    expect(one(checks, 'slashing-protection', null).message).toMatch(/another network/);
    const c = fresh();
    c.slashingProtection.data = [{ pubkey: c.manifest.validators[0].publicShare, signed_blocks: [{ slot: '12' }], signed_attestations: [] }];
    expect(failed(await checksOf(c))).toEqual(['slashing-protection/null']);
    const ok = fresh();
    ok.slashingProtection.data = [{ pubkey: ok.manifest.validators[0].publicKey, signed_blocks: [{ slot: '12', signing_root: `0x${'01'.repeat(32)}` }], signed_attestations: [{ source_epoch: '1', target_epoch: '2' }] }];
    expect(failed(await checksOf(ok))).toEqual([]);
  });
});

describe('decodeRunnerBundle refuses malformed bundles with a coded error naming the field', () => {
  function rejects(text: string, code: ErrorCode, message: RegExp) {
    let error: unknown;
    try {
      decodeRunnerBundle(text);
    } catch (e) {
      error = e;
    }
    expect(isSvError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    expect((error as Error).message).toMatch(message);
  }
  const tampered = (edit: (b: Json) => void) => {
    const b = fresh();
    edit(b);
    return JSON.stringify(b);
  };

  it('not JSON, not an object, too large', () => {
    rejects('{"format": ', 'WIRE_BAD_JSON', /not valid JSON/);
    rejects('[]', 'WIRE_BAD_FIELD', /bundle: expected an object/);
    rejects(' '.repeat((8 << 20) + 1), 'WIRE_TOO_LARGE', /at most/);
  });

  it('wrong format, missing or unexpected fields', () => {
    rejects(tampered((b) => (b.format = 'sv-runner-bundle/2')), 'WIRE_BAD_FIELD', /^format: expected "sv-runner-bundle\/1"/);
    rejects(tampered((b) => delete b.clusterLock), 'WIRE_BAD_FIELD', /bundle\.clusterLock: missing/);
    rejects(tampered((b) => (b.extra = 1)), 'WIRE_BAD_FIELD', /bundle\.extra: unexpected field/);
    rejects(tampered((b) => (b.manifest.validators[0].secret = '0x00')), 'WIRE_BAD_FIELD', /manifest\.validators\[0\]\.secret: unexpected field/);
    rejects(tampered((b) => (b.createdAt = '2025-01-01')), 'WIRE_BAD_FIELD', /createdAt/);
  });

  it('bad values in the manifest', () => {
    rejects(tampered((b) => (b.manifest.publicKey = 1)), 'WIRE_BAD_FIELD', /manifest\.publicKey: unexpected field/);
    rejects(tampered((b) => (b.manifest.validators[0].publicShare = '0x1234')), 'WIRE_BAD_FIELD', /manifest\.validators\[0\]\.publicShare: expected 48 bytes/);
    rejects(tampered((b) => (b.manifest.validators[1].publicKey = b.manifest.validators[1].publicKey.toUpperCase().replace('0X', '0x'))), 'WIRE_BAD_FIELD', /lower-case/);
    rejects(tampered((b) => (b.manifest.network = 'ropsten')), 'WIRE_BAD_FIELD', /unknown network "ropsten"/);
    rejects(tampered((b) => (b.manifest.index = 0)), 'WIRE_BAD_FIELD', /manifest\.index/);
    rejects(tampered((b) => (b.manifest.validators[1].index = 0)), 'WIRE_BAD_FIELD', /manifest\.validators\[1\]\.index/);
    rejects(tampered((b) => (b.manifest.validators[0].keystore = '../keystore-0-2.json')), 'WIRE_BAD_FIELD', /expected keystore-0-2\.json/);
    rejects(tampered((b) => (b.manifest.operator = 'me')), 'WIRE_BAD_FIELD', /manifest\.operator/);
  });

  it('keystores: wrong count or a broken keystore', () => {
    rejects(tampered((b) => b.keystores.pop()), 'WIRE_BAD_FIELD', /keystores: expected 2 items, got 1/);
    rejects(tampered((b) => delete b.keystores[1].crypto.cipher), 'KEYSTORE_BAD_FORMAT', /^keystores\[1\]: keystore crypto\.cipher is missing/);
    rejects(tampered((b) => (b.keystores[0].version = 3)), 'KEYSTORE_UNSUPPORTED', /^keystores\[0\]:/);
  });

  it('the cluster lock and the slashing protection', () => {
    rejects(tampered((b) => (b.clusterLock.format = 'x')), 'WIRE_BAD_FIELD', /clusterLock\.format/);
    rejects(tampered((b) => (b.clusterLock.definition.threshold = 1)), 'DKG_BAD_DEFINITION', /^clusterLock\.definition: .*threshold/);
    rejects(tampered((b) => (b.clusterLock.validators[0].lockSignature = '0x00')), 'WIRE_BAD_FIELD', /clusterLock\.validators\[0\]\.lockSignature: expected 96 bytes/);
    rejects(tampered((b) => (b.clusterLock.validators[0].publicShares = [])), 'WIRE_BAD_FIELD', /publicShares: expected 1\.\.64 items/);
    rejects(tampered((b) => (b.clusterLock.operators[2].identityKey = null)), 'WIRE_BAD_FIELD', /clusterLock\.operators\[2\]\.identityKey/);
    rejects(tampered((b) => (b.slashingProtection.metadata.interchange_format_version = '4')), 'WIRE_BAD_FIELD', /interchange_format_version/);
    rejects(tampered((b) => (b.slashingProtection.data = {})), 'WIRE_BAD_FIELD', /slashingProtection\.data: expected an array/);
    rejects(
      tampered((b) => (b.slashingProtection.data = [{ pubkey: b.manifest.validators[0].publicKey, signed_blocks: [{ slot: 12 }], signed_attestations: [] }])),
      'WIRE_BAD_FIELD',
      /signed_blocks\[0\]\.slot/,
    );
  });
});
