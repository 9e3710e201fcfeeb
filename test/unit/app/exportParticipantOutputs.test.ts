// The outputs use-case (src/app/exportParticipantOutputs.ts) over a real in-process 3-of-4 ceremony with 2
// validators: after a success every file is there, the seed is read from the participant's store, the keystores
// open to its shares and no output holds a secret in the clear; after an abort only ceremony.json, and the seed is
// not read.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDefinition, makeOperators, makeParticipants, simulate, type Participant } from '../../dkgHarness.js';
import { seededBytes } from '../../helpers.js';
import { exportParticipantOutputs, participantShares, type ExportParticipantOutputsOptions } from '../../../src/app/exportParticipantOutputs.js';
import { loadParticipant } from '../../../src/app/runCeremony.js';
import { createMemorySecretStore } from '../../../src/adapters/memory/index.js';
import { bytesToHex } from '../../../src/core/bytes.js';
import { encodeSecretKey } from '../../../src/core/bls/index.js';
import { decryptKeystore, parseKeystore } from '../../../src/core/keystore/index.js';
import { clusterLock, clusterLockProblem, decodeClusterLock, decodeRunnerBundle, lockValidatorProblem } from '../../../src/core/formats/index.js';
import type { SecretStore } from '../../../src/ports/secretStore.js';
import { withHash } from '../../../src/core/dkg/definition.js';

const PASSWORD = 'correct horse battery staple';
const NOW = 1_800_000_100;
let parts: Participant[];

const options = (p: Participant, seed: ExportParticipantOutputsOptions['seed']): ExportParticipantOutputsOptions => ({
  state: p.state,
  seed,
  password: PASSWORD,
  randomBytes: seededBytes(`outputs/${p.index}`),
  kdf: 'pbkdf2',
  kdfParams: { c: 1024 },
  now: NOW,
});

beforeAll(() => {
  const ops = makeOperators(4, 'outputs');
  parts = makeParticipants(makeDefinition(ops, { V: 2 }), ops, 'outputs');
  simulate(parts);
  for (const p of parts) expect(p.state.phase).toBe('succeeded');
});

describe('exportParticipantOutputs', () => {
  it('after a success: the public files and the participant\'s own, its seed read from its store', async () => {
    const p = parts[2]!;
    const store = createMemorySecretStore();
    await loadParticipant(store, withHash(p.state.definition), p.index, () => p.seed.slice()); // the seed as runCeremony keeps it
    const fractions: number[] = [];
    const out = await exportParticipantOutputs({ ...options(p, { store, definition: withHash(p.state.definition), index: p.index }), onProgress: (f) => fractions.push(f) });
    expect(out.publicFiles.map((f) => [f.name, f.secret])).toEqual([
      ['ceremony.json', false],
      [`deposit_data-${NOW}.json`, false],
      ['cluster-lock.json', false],
    ]);
    expect(out.participantFiles.map((f) => [f.name, f.secret])).toEqual([
      ['keystore-0-3.json', true],
      ['keystore-1-3.json', true],
      ['slashing-protection.json', false],
      ['runner-bundle-3.json', true],
    ]);
    expect(fractions.at(-1)).toBeGreaterThan(0.9);

    const lock = decodeClusterLock(JSON.parse(out.publicFiles[2]!.content));
    expect(lock).toEqual(clusterLock(p.state));
    expect(clusterLockProblem(lock)).toBeUndefined();
    expect([0, 1].map((v) => lockValidatorProblem(lock, v))).toEqual([undefined, undefined]);

    // The keystores open to this participant's shares; the bundle holds the same keystores.
    const shares = participantShares(p.state, p.seed).map(encodeSecretKey);
    for (const v of [0, 1]) {
      const ks = parseKeystore(JSON.parse(out.participantFiles[v]!.content));
      expect(await decryptKeystore(ks, PASSWORD)).toEqual(shares[v]);
    }
    expect(decodeRunnerBundle(out.participantFiles[3]!.content).keystores).toEqual(out.participantFiles.slice(0, 2).map((f) => JSON.parse(f.content)));

    // Nothing secret in the clear in any file.
    const all = [...out.publicFiles, ...out.participantFiles].map((f) => f.content).join('\n');
    for (const secret of [p.seed, ...shares]) expect(all).not.toContain(bytesToHex(secret));
  });

  it('the public files are the same for every participant', async () => {
    const [a, b] = await Promise.all([parts[0]!, parts[3]!].map((p) => exportParticipantOutputs(options(p, { seed: p.seed }))));
    expect(a!.publicFiles).toEqual(b!.publicFiles);
  });

  it('after an abort: ceremony.json only, and the seed is not read', async () => {
    const p = parts[0]!;
    const untouchable: SecretStore = new Proxy(createMemorySecretStore(), {
      get: () => () => Promise.reject(new Error('the seed must not be read after an abort')),
    });
    const aborted = { ...p.state, phase: 'aborted' as const, result: null };
    const out = await exportParticipantOutputs({ ...options(p, { store: untouchable, definition: withHash(p.state.definition), index: p.index }), state: aborted });
    expect(out.publicFiles.map((f) => f.name)).toEqual(['ceremony.json']);
    expect(JSON.parse(out.publicFiles[0]!.content).status).toHaveProperty('aborted');
    expect(out.participantFiles).toEqual([]);
  });

  it('refuses a seed that is not the participant\'s', async () => {
    const p = parts[1]!;
    await expect(exportParticipantOutputs(options(p, { seed: parts[0]!.seed }))).rejects.toMatchObject({ code: 'DKG_BAD_STATE' });
  });
});
