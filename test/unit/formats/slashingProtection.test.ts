// The EIP-3076 interchange codec (src/core/formats/slashingProtection.ts): every interchange of the EIP-3076
// interchange tests v5.3.0 (test/vectors/eip3076) decodes, and re-encodes to the same JSON; the one for another
// chain is refused when the chain's genesis_validators_root is given; malformed files name the field.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, VECTORS } from '../../helpers.js';
import { hexToBytes } from '../../../src/core/bytes.js';
import { isSvError } from '../../../src/core/errors.js';
import { decodeSlashingProtection, emptySlashingProtection, encodeSlashingProtection } from '../../../src/core/formats/index.js';

interface Case {
  name: string;
  genesis_validators_root: string;
  steps: { should_succeed: boolean; interchange: unknown }[];
}
const CASES = readdirSync(join(VECTORS, 'eip3076', 'tests')).map((f) => readJson<Case>('eip3076', 'tests', f));

function fieldError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(isSvError(e, 'WIRE_BAD_FIELD'), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected WIRE_BAD_FIELD');
}

describe('EIP-3076 interchange files', () => {
  it('has the 38 cases of the interchange tests', () => {
    expect(CASES).toHaveLength(38);
  });

  for (const c of CASES) {
    it(`${c.name}: every interchange decodes losslessly; its chain's root decides`, () => {
      const gvr = hexToBytes(c.genesis_validators_root);
      for (const step of c.steps) {
        const decoded = decodeSlashingProtection(step.interchange);
        expect(JSON.parse(encodeSlashingProtection(decoded))).toEqual(step.interchange);
        const sameChain = decoded.metadata.genesis_validators_root === c.genesis_validators_root;
        if (sameChain) expect(decodeSlashingProtection(step.interchange, { genesisValidatorsRoot: gvr })).toEqual(decoded);
        else {
          expect(step.should_succeed).toBe(false);
          expect(fieldError(() => decodeSlashingProtection(step.interchange, { genesisValidatorsRoot: gvr }))).toMatch(/genesis_validators_root: is for another chain/);
        }
      }
    });
  }
});

describe('emptySlashingProtection / decodeSlashingProtection', () => {
  const root = new Uint8Array(32).fill(7);
  const empty = emptySlashingProtection(root);

  it('an empty file for a chain', () => {
    expect(empty).toEqual({ metadata: { interchange_format_version: '5', genesis_validators_root: `0x${'07'.repeat(32)}` }, data: [] });
    expect(encodeSlashingProtection(empty)).toBe(`${JSON.stringify(empty, null, 2)}\n`);
    expect(decodeSlashingProtection(JSON.parse(encodeSlashingProtection(empty)), { genesisValidatorsRoot: root })).toEqual(empty);
  });

  it('refuses malformed files, naming the field', () => {
    const pubkey = `0x${'a1'.repeat(48)}`;
    const entry = (e: object) => ({ ...empty, data: [{ pubkey, signed_blocks: [], signed_attestations: [], ...e }] });
    expect(fieldError(() => decodeSlashingProtection({ ...empty, metadata: { ...empty.metadata, interchange_format_version: '4' } }))).toMatch(/interchange_format_version/);
    expect(fieldError(() => decodeSlashingProtection({ ...empty, extra: 1 }))).toMatch(/slashingProtection\.extra: unexpected field/);
    expect(fieldError(() => decodeSlashingProtection(entry({ signed_blocks: [{ slot: 12 }] })))).toMatch(/signed_blocks\[0\]\.slot/);
    expect(fieldError(() => decodeSlashingProtection(entry({ signed_blocks: [{ slot: '012' }] })))).toMatch(/signed_blocks\[0\]\.slot/);
    expect(fieldError(() => decodeSlashingProtection(entry({ signed_attestations: [{ source_epoch: '1' }] })))).toMatch(/signed_attestations\[0\]\.target_epoch: missing/);
    expect(fieldError(() => decodeSlashingProtection(entry({ pubkey: '0x12' })))).toMatch(/data\[0\]\.pubkey: expected 48 bytes/);
    expect(fieldError(() => decodeSlashingProtection(entry({ signed_blocks: [{ slot: '1', signing_root: '0x00' }] })))).toMatch(/signing_root: expected 32 bytes/);
  });
});
