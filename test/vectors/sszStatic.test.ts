/**
 * consensus-spec-tests ssz_static (mainnet, phase0) for the containers we hand-write. Only value.yaml and
 * roots.yaml are vendored (serialized.ssz_snappy is not), so serialization is checked by size here and byte by
 * byte in test/unit/eth/ssz.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hashTreeRootDepositData,
  hashTreeRootDepositMessage,
  hashTreeRootForkData,
  hashTreeRootSignedVoluntaryExit,
  hashTreeRootSigningData,
  hashTreeRootVoluntaryExit,
  serializeDepositData,
  serializeDepositMessage,
  serializeForkData,
  serializeSignedVoluntaryExit,
  serializeSigningData,
  serializeVoluntaryExit,
} from '../../src/core/eth/index.js';
import { hex, readYaml, specCases, toHex } from '../helpers.js';

type Y = Record<string, unknown>;
const b = (v: unknown) => hex(v as string);
const u = (v: unknown) => BigInt(v as bigint | number);

const exitOf = (v: Y) => ({ epoch: u(v.epoch), validatorIndex: u(v.validator_index) });
const depositMessageOf = (v: Y) => ({ pubkey: b(v.pubkey), withdrawalCredentials: b(v.withdrawal_credentials), amount: u(v.amount) });

const HANDLERS: Record<string, { root: (v: Y) => Uint8Array; serialize: (v: Y) => Uint8Array; size: number }> = {
  ForkData: {
    root: (v) => hashTreeRootForkData({ currentVersion: b(v.current_version), genesisValidatorsRoot: b(v.genesis_validators_root) }),
    serialize: (v) => serializeForkData({ currentVersion: b(v.current_version), genesisValidatorsRoot: b(v.genesis_validators_root) }),
    size: 36,
  },
  SigningData: {
    root: (v) => hashTreeRootSigningData({ objectRoot: b(v.object_root), domain: b(v.domain) }),
    serialize: (v) => serializeSigningData({ objectRoot: b(v.object_root), domain: b(v.domain) }),
    size: 64,
  },
  DepositMessage: { root: (v) => hashTreeRootDepositMessage(depositMessageOf(v)), serialize: (v) => serializeDepositMessage(depositMessageOf(v)), size: 88 },
  DepositData: {
    root: (v) => hashTreeRootDepositData({ ...depositMessageOf(v), signature: b(v.signature) }),
    serialize: (v) => serializeDepositData({ ...depositMessageOf(v), signature: b(v.signature) }),
    size: 184,
  },
  VoluntaryExit: { root: (v) => hashTreeRootVoluntaryExit(exitOf(v)), serialize: (v) => serializeVoluntaryExit(exitOf(v)), size: 16 },
  SignedVoluntaryExit: {
    root: (v) => hashTreeRootSignedVoluntaryExit({ message: exitOf(v.message as Y), signature: b(v.signature) }),
    serialize: (v) => serializeSignedVoluntaryExit({ message: exitOf(v.message as Y), signature: b(v.signature) }),
    size: 112,
  },
};

describe('ssz_static (mainnet phase0)', () => {
  for (const [type, h] of Object.entries(HANDLERS)) {
    const cases = specCases('mainnet', 'phase0', 'ssz_static', type, 'ssz_random');
    it(`${type}: has cases`, () => expect(cases.length).toBeGreaterThan(0));
    for (const c of cases) {
      it(`${type}/${c.name}`, () => {
        const value = readYaml<Y>(join(c.dir, 'value.yaml'));
        const roots = readYaml<{ root: string }>(join(c.dir, 'roots.yaml'));
        expect(`0x${toHex(h.root(value))}`).toBe(roots.root);
        const serialized = h.serialize(value);
        expect(serialized.length).toBe(h.size);
      });
    }
  }
});
