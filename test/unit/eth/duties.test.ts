import { describe, expect, it } from 'vitest';
import { attestationDataEqual, hashTreeRootAttestationData, hashTreeRootCheckpoint, type AttestationData } from '../../../src/core/eth/duties.js';
import { containerRoot, uint64Root, bytesRoot } from '../../../src/core/eth/ssz.js';

const data: AttestationData = { slot: 5n, index: 0n, beaconBlockRoot: new Uint8Array(32).fill(1), source: { epoch: 0n, root: new Uint8Array(32).fill(2) }, target: { epoch: 1n, root: new Uint8Array(32).fill(3) } };

describe('duty containers', () => {
  it('hash_tree_root(AttestationData) is the container of its five field roots', () => {
    const expected = containerRoot([uint64Root(5n), uint64Root(0n), bytesRoot(data.beaconBlockRoot, 32, 'r'), hashTreeRootCheckpoint(data.source), hashTreeRootCheckpoint(data.target)]);
    expect(hashTreeRootAttestationData(data)).toEqual(expected);
    expect(hashTreeRootCheckpoint(data.source)).toEqual(containerRoot([uint64Root(0n), bytesRoot(data.source.root, 32, 'r')]));
  });

  it('every field changes the root; equality compares every field', () => {
    const base = hashTreeRootAttestationData(data);
    const variants: AttestationData[] = [
      { ...data, slot: 6n },
      { ...data, index: 1n },
      { ...data, beaconBlockRoot: new Uint8Array(32).fill(9) },
      { ...data, source: { ...data.source, epoch: 1n } },
      { ...data, target: { ...data.target, root: new Uint8Array(32) } },
    ];
    for (const v of variants) {
      expect(hashTreeRootAttestationData(v)).not.toEqual(base);
      expect(attestationDataEqual(v, data)).toBe(false);
    }
    expect(attestationDataEqual(structuredClone(data), data)).toBe(true);
  });

  it('refuses a root of the wrong length', () => {
    expect(() => hashTreeRootAttestationData({ ...data, beaconBlockRoot: new Uint8Array(31) })).toThrow();
  });
});
