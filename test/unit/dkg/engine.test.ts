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

import { step } from '../../../src/core/dkg/index.js';
import { openEnvelope } from '../../../src/core/dkg/envelope.js';

describe('engine: a message opened once by the caller', () => {
  it('an envelope event ends exactly where its text does, for every message of a ceremony', () => {
    const ops = makeOperators(4, 'opened');
    const def = makeDefinition(ops);
    const { published } = simulate(makeParticipants(def, ops, 'opened'));
    // Replay the whole board to participant 1 twice: once as texts, once as the envelopes opened from them.
    const [p] = makeParticipants(def, ops, 'opened');
    let viaText = p!.state;
    let viaEnvelope = p!.state;
    for (const text of published) {
      viaText = step(viaText, { type: 'message', data: text }, { seed: p!.seed }).state;
      viaEnvelope = step(viaEnvelope, { type: 'message', data: openEnvelope(text, 4) }, { seed: p!.seed }).state;
    }
    expect(JSON.stringify(viaEnvelope)).toEqual(JSON.stringify(viaText));
    expect(viaText.messages.flat().filter((m) => m !== null).length).toBeGreaterThan(4);
  });

  it('an envelope opened for a larger ceremony (sender beyond n) is dropped, not applied', () => {
    const ops = makeOperators(4, 'opened-n');
    const def = makeDefinition(ops);
    const parts = makeParticipants(def, ops, 'opened-n');
    const { published } = simulate(makeParticipants(def, ops, 'opened-n'));
    const env = { ...openEnvelope(published[0]!, 4), sender: 7 };
    const r = step(parts[0]!.state, { type: 'message', data: env }, { seed: parts[0]!.seed });
    expect(r.notices.map((x) => x.kind)).toEqual(['dropped']);
    expect(JSON.stringify(r.state)).toEqual(JSON.stringify(parts[0]!.state));
  });
});
