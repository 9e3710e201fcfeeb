/**
 * Decode = validate (PROTOCOL.md §1 "decoding validates everything before any crypto", §3 envelope rules): what
 * the engine drops silently (unauthenticated or non-canonical input: nobody can be blamed for it) and what it
 * aborts on (a VALIDLY SIGNED but malformed body: its sender is named). The engine never throws on network input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hexToBytes } from '../../../src/core/bytes.js';
import { canonicalJson } from '../../../src/core/wire/canonicalJson.js';
import { MAX_ENVELOPE_LENGTH, sealEnvelope, step, verifyTranscript, type CeremonyState, type Round } from '../../../src/core/dkg/index.js';
import { seededBytes } from '../../helpers.js';
import { bodyOf, dealsOnly, envOf, feed, fileOf, keysOf, reseal, setup, weights, type Json } from '../../dkgAdversary.js';
import type { Participant } from '../../dkgHarness.js';

const TIMEOUT = 300_000;
let parts: Participant[];
let deals: string[];
/** Participant 1 right after the approvals (phase 'dealing', its own deal stored). */
let dealing: CeremonyState;
/** Participant 1 after every deal (phase 'acking', its own ack stored). */
let acking: CeremonyState;
let sid: string;

const p1 = () => parts[0]!;
const inject = (state: CeremonyState, data: string) => step(state, { type: 'message', data }, { seed: p1().seed });
const noAbort = (r: ReturnType<typeof inject>, phase: string) => {
  expect(r.state.abort).toBeNull();
  expect(r.state.phase).toBe(phase);
};
const blames = (r: ReturnType<typeof inject>, who: number) => {
  expect(r.state.phase).toBe('aborted');
  expect(r.state.abort!.reason).toBe('invalid-message');
  expect(r.state.abort!.culprits).toEqual([who]);
};
const dropped = (r: ReturnType<typeof inject>, re: RegExp) => expect(r.notices.some((n) => n.kind === 'dropped' && re.test(n.reason))).toBe(true);

/** Participant 2's deal with its body changed, validly signed by 2. */
const deal2 = (change: (b: Json) => void) => {
  const b = bodyOf(deals[1]!);
  change(b);
  return reseal(parts[1]!, deals[1]!, b);
};

/** Participant 2's (validly signed) ack with the given accusations. */
function ack2(accusations: Json[]): string {
  const seen = deals.map(() => ({ bodyHash: '0x' + '00'.repeat(32), sig: '0x' + '00'.repeat(64) }));
  return sealEnvelope(keysOf(parts[1]!).identitySecret, hexToBytes(sid), 2, 2, { seen, accusations });
}
const accusation = (dealer: number) => ({ dealer, K: bodyOf(deals[0]!).R, proof: { c: '0x' + '01'.repeat(32), z: '0x' + '02'.repeat(32) } });

beforeAll(() => {
  ({ parts } = setup(4, 'decode'));
  deals = dealsOnly(parts);
  dealing = p1().state;
  sid = envOf(deals[0]!).sid;
  let s = dealing;
  for (const d of deals.slice(1)) s = inject(s, d).state;
  acking = s;
  expect(acking.phase).toBe('acking');
}, TIMEOUT);

describe('validly signed, malformed bodies name their sender (invalid-message)', () => {
  it('deal with a missing field', () => blames(inject(dealing, deal2((b) => delete b.R)), 2));
  it('deal with an extra field', () => blames(inject(dealing, deal2((b) => (b.extra = 1))), 2));
  it('deal with a wrong hex length (R of 34 bytes, z of 31 bytes)', () => {
    blames(inject(dealing, deal2((b) => (b.R = b.R + 'ab'))), 2);
    blames(inject(dealing, deal2((b) => (b.validators[0].pok.z = b.validators[0].pok.z.slice(0, -2)))), 2);
  });
  it('deal with shares out of order or missing one recipient', () => {
    blames(inject(dealing, deal2((b) => b.shares.reverse())), 2);
    blames(inject(dealing, deal2((b) => b.shares.pop())), 2);
  });
  it('ack with an accusation against its own sender', () => blames(inject(acking, ack2([accusation(2)])), 2));
  it('ack with accusations out of order, or twice against one dealer', () => {
    blames(inject(acking, ack2([accusation(3), accusation(1)])), 2);
    blames(inject(acking, ack2([accusation(1), accusation(1)])), 2);
  });

  // BUG (src/core/dkg/verifyTranscript.ts, the M2 step: `decodeAck(env.body, s, k + 1)` is not wrapped like the deal
  // decode): the engine stores the malformed ack and aborts 'invalid-message' naming its sender, but the transcript
  // verifier throws on that very ack and reports the honest participant's ceremony.json as INVALID. Same for a
  // malformed M3 (decodeConfirm inside verifyConfirms). Fixed in the working tree while this was written; kept as a regression test.
  it('regression (was a bug): the ceremony.json of such an abort re-verifies', () => {
    const r = inject(acking, ack2([accusation(2)]));
    blames(r, 2);
    const verdict = verifyTranscript(fileOf({ ...p1(), state: r.state }), weights());
    expect(verdict.problems).toEqual([]);
    expect(verdict.valid).toBe(true);
  });
});

describe('dropped without blame (no abort)', () => {
  it('non-canonical JSON text of a validly signed message: spaces, unsorted keys', () => {
    const obj = JSON.parse(deals[1]!);
    const spaced = JSON.stringify(obj, null, 1);
    const unsorted = JSON.stringify(Object.fromEntries(Object.entries(obj).reverse()));
    expect(canonicalJson(JSON.parse(unsorted))).toBe(deals[1]);
    for (const text of [spaced, unsorted, deals[1]! + ' ', ' ' + deals[1]!]) {
      const r = inject(dealing, text);
      noAbort(r, 'dealing');
      dropped(r, /malformed/);
      expect(r.state.messages[1]![1]).toBeNull();
    }
    // ... and the canonical one is then accepted.
    expect(inject(dealing, deals[1]!).state.messages[1]![1]).toBe(deals[1]);
  });

  it('oversize text (a validly signed envelope over the size limit)', () => {
    const big = sealEnvelope(keysOf(parts[1]!).identitySecret, hexToBytes(sid), 1, 2, { pad: 'a'.repeat(MAX_ENVELOPE_LENGTH) });
    expect(big.length).toBeGreaterThan(MAX_ENVELOPE_LENGTH);
    const r = inject(dealing, big);
    noAbort(r, 'dealing');
    dropped(r, /malformed/);
  });

  it('envelope with round 5, sender 0 or sender n+1', () => {
    const secret = keysOf(parts[1]!).identitySecret;
    const body = bodyOf(deals[1]!);
    for (const [round, sender] of [
      [5, 2],
      [4, 2],
      [1, 0],
      [1, 5],
    ] as const) {
      const text = sealEnvelope(secret, hexToBytes(sid), round as unknown as Round, sender, body);
      const r = inject(dealing, text);
      noAbort(r, 'dealing');
      dropped(r, /malformed/);
    }
  });

  it('a message of another session, and one with a bad signature', () => {
    const other = sealEnvelope(keysOf(parts[1]!).identitySecret, seededBytes('other-sid')(32), 1, 2, bodyOf(deals[1]!));
    noAbort(inject(dealing, other), 'dealing');
    const env = JSON.parse(deals[1]!);
    env.sig = '0x' + (env.sig.slice(2, 4) === 'ff' ? '00' : 'ff') + env.sig.slice(4);
    const r = inject(dealing, canonicalJson(env));
    noAbort(r, 'dealing');
    dropped(r, /bad signature/);
  });
});

describe('the engine never throws on network input (fuzz)', () => {
  it('random strings', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        const r = inject(dealing, s);
        expect(r.state.abort).toBeNull();
      }),
      { numRuns: 20, seed: 42 },
    );
  });

  it('random JSON objects, raw and as the body of a validly signed envelope from participant 2', { timeout: TIMEOUT }, () => {
    const secret = keysOf(parts[1]!).identitySecret;
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom<Round>(1, 2, 3), fc.boolean(), (value, round, envelope) => {
        let text: string;
        try {
          text = envelope ? sealEnvelope(secret, hexToBytes(sid), round, 2, value as never) : canonicalJson(value);
        } catch {
          text = JSON.stringify(value) ?? 'null'; // not canonical (e.g. a float): must simply be dropped
        }
        const base = round === 1 ? dealing : acking;
        const r = inject(base, text);
        if (r.state.phase === 'aborted') expect(r.state.abort!.culprits).toEqual([2]);
        else expect(r.state.phase).toBe(base.phase);
      }),
      { numRuns: 20, seed: 7 },
    );
  });

  it('random envelope-shaped objects with random fields', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(
        fc.record({ v: fc.integer({ min: -1, max: 2 }), sid: fc.constantFrom(sid, '0x00', 'x'), round: fc.integer({ min: -1, max: 6 }), sender: fc.integer({ min: -1, max: 6 }), body: fc.jsonValue(), sig: fc.string() }),
        (env) => {
          let text: string;
          try {
            text = canonicalJson(env);
          } catch {
            text = JSON.stringify(env);
          }
          const r = inject(acking, text);
          expect(r.state.abort).toBeNull();
          expect(feed({ ...p1(), state: acking }, { type: 'message', data: text })).toEqual([]);
        },
      ),
      { numRuns: 20, seed: 11 },
    );
  });
});
