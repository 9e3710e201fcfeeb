// cluster-lock.json (src/core/formats/clusterLock.ts): built from a real in-process ceremony, its text decodes to the
// same value, it holds together, and malformed or inconsistent locks are named.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDefinition, makeOperators, makeParticipants, simulate, type Participant } from '../../dkgHarness.js';
import { isSvError } from '../../../src/core/errors.js';
import { clusterLock, clusterLockProblem, decodeClusterLock, encodeClusterLock, lockValidatorProblem, type ClusterLock } from '../../../src/core/formats/index.js';

let parts: Participant[];
let lock: ClusterLock;
const copy = (): ClusterLock => JSON.parse(encodeClusterLock(lock)) as ClusterLock;

beforeAll(() => {
  const ops = makeOperators(3, 'cluster-lock');
  parts = makeParticipants(makeDefinition(ops, { V: 1 }), ops, 'cluster-lock');
  simulate(parts);
  lock = clusterLock(parts[0]!.state);
});

describe('cluster lock', () => {
  it('is the same for every participant, and its text decodes to the same value', () => {
    expect(clusterLock(parts[2]!.state)).toEqual(lock);
    expect(lock.operators.map((o) => o.index)).toEqual([1, 2, 3]);
    const text = encodeClusterLock(lock);
    expect(text).toBe(`${JSON.stringify(lock, null, 2)}\n`);
    expect(decodeClusterLock(JSON.parse(text))).toEqual(lock);
  });

  it('holds together; an edit is named', () => {
    expect(clusterLockProblem(lock)).toBeUndefined();
    expect(lockValidatorProblem(lock, 0)).toBeUndefined();
    const a = copy();
    a.operators[1]!.index = 3;
    expect(clusterLockProblem(a)).toMatch(/operator 2 is not the definition's operator 2/);
    const b = copy();
    b.validators[0]!.publicShares[2] = b.validators[0]!.publicShares[0]!;
    expect(lockValidatorProblem(b, 0)).toMatch(/public share 3 is not consistent/);
    const c = copy();
    c.validators[0]!.publicKey = `0x${'00'.repeat(48)}`;
    expect(lockValidatorProblem(c, 0)).toMatch(/group key is not a valid BLS public key/);
  });

  it('decoding refuses other formats and malformed fields', () => {
    for (const [edit, message] of [
      [(l: ClusterLock) => ((l as { format: string }).format = 'sv-cluster-lock/2'), /clusterLock\.format/],
      [(l: ClusterLock) => ((l.operators[0] as { address: string }).address = 'nobody'), /clusterLock\.operators\[0\]\.address/],
      [(l: ClusterLock) => (l.validators[0]!.depositDataRoot = '0x12'), /depositDataRoot: expected 32 bytes/],
    ] as const) {
      const l = copy();
      edit(l);
      let error: unknown;
      try {
        decodeClusterLock(l);
      } catch (e) {
        error = e;
      }
      expect(isSvError(error, 'WIRE_BAD_FIELD'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses a ceremony that has not succeeded', () => {
    expect(() => clusterLock({ ...parts[0]!.state, phase: 'aborted' })).toThrow(expect.objectContaining({ code: 'DKG_BAD_STATE' }));
  });
});
