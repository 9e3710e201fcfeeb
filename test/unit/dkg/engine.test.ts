import { describe, expect, it } from 'vitest';
import { verify } from '../../../src/core/bls/index.js';
import { depositRootFor } from '../../../src/core/dkg/index.js';
import { hexToBytes } from '../../../src/core/bytes.js';
import { makeDefinition, makeOperators, makeParticipants, simulate } from '../../dkgHarness.js';

describe('engine: honest ceremony', () => {
  it('4 participants, 1 validator: everyone succeeds with the same group key and a valid deposit signature', () => {
    const ops = makeOperators(4, 'basic');
    const def = makeDefinition(ops);
    const parts = makeParticipants(def, ops, 'basic');
    simulate(parts);
    for (const p of parts) expect(p.state.phase, JSON.stringify(p.state.abort)).toBe('succeeded');
    const keys = new Set(parts.map((p) => p.state.result!.validators[0]!.publicKey));
    expect(keys.size).toBe(1);
    const v = parts[0]!.state.result!.validators[0]!;
    expect(verify(hexToBytes(v.publicKey), depositRootFor(def, 0, hexToBytes(v.publicKey)), hexToBytes(v.depositSignature))).toBe(true);
  });
});

import { ceremonyFile, verifyTranscript } from '../../../src/core/dkg/index.js';
import { seededBytes } from '../../helpers.js';

describe('engine + transcript verifier', () => {
  it('a successful 4-of-... ceremony verifies from ceremony.json alone', () => {
    const ops = makeOperators(4, 'verify');
    const def = makeDefinition(ops, { V: 2 });
    const parts = makeParticipants(def, ops, 'verify');
    simulate(parts);
    const file = JSON.parse(JSON.stringify(ceremonyFile(parts[2]!.state)));
    const verdict = verifyTranscript(file, { randomBytes: seededBytes('w') });
    expect(verdict).toEqual({ valid: true, status: 'success', problems: [] });
    const tampered = JSON.parse(JSON.stringify(file));
    tampered.validators[1].publicKey = tampered.validators[0].publicKey;
    expect(verifyTranscript(tampered, { randomBytes: seededBytes('w') }).valid).toBe(false);
  });
});
