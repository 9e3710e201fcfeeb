/**
 * Frozen golden transcripts (PROTOCOL.md §9 "your own frozen transcripts from fixed seeds"): the sync harness with
 * fixed labels must produce ceremony.json byte for byte as frozen in test/vectors/dkg/golden-*.json. Any change
 * of encoding, derivation or hashing shows up here. To regenerate after an intended change of the protocol:
 *   UPDATE_GOLDEN=1 npx vitest run test/unit/dkg/golden.test.ts
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ceremonyFile, verifyTranscript } from '../../../src/core/dkg/index.js';
import { makeDefinition, makeOperators, makeParticipants, simulate } from '../../dkgHarness.js';
import { VECTORS, seededBytes } from '../../helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Golden {
  name: string;
  n: number;
  V: number;
  label: string;
  /** The frozen group public keys (one per validator) and transcript hash, for a human-visible check. */
  publicKeys: string[];
  T: string;
}

const GOLDEN: Golden[] = [
  {
    name: 'golden-n4-v1',
    n: 4,
    V: 1,
    label: 'golden/n4v1',
    publicKeys: ['0xa0635df4fc5db9bf8281989a66b605656236a95a1227986af7000f9351f17f4e50ebfc2cc9e345af627ea64b592022de'],
    T: '0x01d9d3a0e43665efdb1d2ab2de70fbe3503b72675acb404f138996fe394efb95',
  },
  {
    name: 'golden-n3-v2',
    n: 3,
    V: 2,
    label: 'golden/n3v2',
    publicKeys: [
      '0xae0db547de4ef1e713f49a7d19ed626a2db2507cd4caca48b947394d496fc7314d4747daa4c530c41da39202d737aed3',
      '0xad95bebeae691984451539ba063315e62433320f215c8afe01adc3d47fdca1ec2d675cbcc0d2060c9512f068b5433936',
    ],
    T: '0x8e7c6ba8252527e9696b0447fb45090ae4f193f5293d19e63ccb7990ecb1788e',
  },
];

function build(g: Golden): string {
  const ops = makeOperators(g.n, g.label);
  const def = makeDefinition(ops, { V: g.V });
  const parts = makeParticipants(def, ops, g.label);
  simulate(parts);
  for (const p of parts) expect(p.state.phase, JSON.stringify(p.state.abort)).toBe('succeeded');
  const texts = parts.map((p) => `${JSON.stringify(ceremonyFile(p.state), null, 2)}\n`);
  // Every participant writes the very same public record.
  for (const t of texts) expect(t).toBe(texts[0]);
  return texts[0]!;
}

describe.each(GOLDEN)('frozen transcript $name (n = $n, V = $V)', (g) => {
  const path = join(VECTORS, 'dkg', `${g.name}.json`);

  it('is reproduced byte for byte from the fixed seeds', () => {
    const text = build(g);
    if (UPDATE || !existsSync(path)) {
      expect(UPDATE, `${path} is missing: run with UPDATE_GOLDEN=1 to create it`).toBe(true);
      writeFileSync(path, text);
    }
    expect(text).toBe(readFileSync(path, 'utf8'));
  });

  it('the frozen file still verifies, and carries the frozen group keys and T', () => {
    const file = JSON.parse(readFileSync(path, 'utf8')) as { transcriptHash: string; validators: { publicKey: string }[]; status: unknown };
    expect(verifyTranscript(file, { randomBytes: seededBytes('golden/verify') })).toEqual({ valid: true, status: 'success', problems: [] });
    expect(file.status).toBe('success');
    if (UPDATE) {
      console.log(`${g.name}: publicKeys ${JSON.stringify(file.validators.map((v) => v.publicKey))} T ${file.transcriptHash}`);
      return;
    }
    expect(file.validators.map((v) => v.publicKey)).toEqual(g.publicKeys);
    expect(file.transcriptHash).toBe(g.T);
  });
});
