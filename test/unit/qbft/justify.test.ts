import { describe, expect, it } from 'vitest';
import { initialState, step, type QbftEvent, type QbftState, type SignedQbftMessage, type StepResult } from '../../../src/core/qbft/index.js';
import { INSTANCE, configOf, value } from './harness.js';
import { A, B, commits, hashOnly, msg, prepares, rc, strip } from './craft.js';

// n = 4, quorum 3, this member is 3. Leaders: round 1 → 1, round 2 → 2.
const config = configOf(4, 3);
function run(events: QbftEvent[]): StepResult<QbftState> {
  let state = initialState(config);
  let last = step(state, { type: 'start', value: value('mine') }, config);
  state = last.state;
  for (const e of events) {
    last = step(state, e, config);
    state = last.state;
  }
  return last;
}
const from = (f: number, message: SignedQbftMessage): QbftEvent => ({ type: 'message', from: f, message });
const toRound2: QbftEvent = { type: 'timeout', round: 1 };
const codes = (r: StepResult<QbftState>) => (r.dropped ?? []).map((d) => d.code);

/** A round-2 PRE-PREPARE from leader 2 with the given value and justification. */
const pp2 = (v: typeof A, justification: SignedQbftMessage[]) => from(2, msg('PRE-PREPARE', { round: 2, sender: 2, value: v, justification }));
const prepared = { pr: 1, v: A, by: [1, 2, 4] };

describe('QBFT justifications: a round-2 PRE-PREPARE', () => {
  it('accepted: a quorum of ROUND-CHANGEs, none prepared, any valid value', () => {
    const r = run([toRound2, pp2(B, [rc(2, 1), rc(2, 2), rc(2, 4)].map(strip))]);
    expect(r.outbound.map((m) => m.message.type)).toEqual(['PREPARE']);
  });
  it('accepted: the highest prepared value with its PREPAREs', () => {
    const rcs = [rc(2, 1, prepared), rc(2, 2), rc(2, 4)];
    const r = run([toRound2, pp2(A, [...rcs.map(strip), ...prepares(1, A, [1, 2, 4])])]);
    expect(r.outbound.map((m) => m.message.type)).toEqual(['PREPARE']);
    expect(r.outbound[0]?.message.value?.hash).toEqual(A.hash);
  });
  const refusals: [string, SignedQbftMessage[], typeof A][] = [
    ['no justification', [], B],
    ['two ROUND-CHANGEs (fewer than quorum)', [rc(2, 1), rc(2, 4)].map(strip), B],
    ['one member counted twice', [rc(2, 1), rc(2, 4), rc(2, 4)].map(strip), B],
    ['ROUND-CHANGEs of another round (replayed)', [rc(3, 1), rc(3, 2), rc(3, 4)].map(strip), B],
    ['ROUND-CHANGEs of another instance', [1, 2, 4].map((s) => strip(msg('ROUND-CHANGE', { round: 2, sender: s, instance: { ...INSTANCE, slot: 7n } }))), B],
    ['a forged ROUND-CHANGE', [rc(2, 1), rc(2, 2), strip(msg('ROUND-CHANGE', { round: 2, sender: 4, signer: 2 }))], B],
    ['PREPAREs where nothing prepared', [...[rc(2, 1), rc(2, 2), rc(2, 4)].map(strip), ...prepares(1, A, [1, 2, 4])], B],
    ['a prepared ROUND-CHANGE without PREPAREs', [rc(2, 1, prepared), rc(2, 2), rc(2, 4)].map(strip), A],
    ['another value than the highest prepared', [...[rc(2, 1, prepared), rc(2, 2), rc(2, 4)].map(strip), ...prepares(1, A, [1, 2, 4])], B],
    ['PREPAREs of another round', [...[rc(2, 1, prepared), rc(2, 2), rc(2, 4)].map(strip), ...prepares(2, A, [1, 2, 4])], A],
    ['two PREPAREs (fewer than quorum)', [...[rc(2, 1, prepared), rc(2, 2), rc(2, 4)].map(strip), ...prepares(1, A, [1, 2])], A],
    ['COMMITs instead of PREPAREs', [...[rc(2, 1, prepared), rc(2, 2), rc(2, 4)].map(strip), ...commits(1, A, [1, 2, 4])], A],
    ['PREPAREs for another value than the highest claim', [...[rc(2, 1, prepared), rc(2, 2), rc(2, 4)].map(strip), ...prepares(1, B, [1, 2, 4])], B],
    ['a nested justification', [rc(2, 1, prepared), strip(rc(2, 2)), strip(rc(2, 4)), ...prepares(1, A, [1, 2, 4])], A],
  ];
  it.each(refusals)('refused: %s', (_name, justification, v) => {
    const r = run([toRound2, pp2(v, justification)]);
    expect(codes(r)).toEqual(['QBFT_BAD_JUSTIFICATION']);
    expect(r.outbound).toEqual([]);
  });
});

describe('QBFT justifications: a round-3 PRE-PREPARE must carry the highest prepared value', () => {
  // member 4 in round 3 (leader 3); ROUND-CHANGEs: 1 prepared B in round 2, 2 prepared A in round 1, 4 nothing.
  const c4 = configOf(4, 4);
  const rcs = [rc(3, 1, { pr: 2, v: B, by: [1, 3, 4] }), rc(3, 2, prepared), rc(3, 4)].map(strip);
  function at3(pp: SignedQbftMessage): StepResult<QbftState> {
    let state = initialState(c4);
    let r = step(state, { type: 'start' }, c4);
    for (const e of [{ type: 'timeout', round: 1 }, { type: 'timeout', round: 2 }, from(3, pp)] as QbftEvent[]) {
      state = r.state;
      r = step(state, e, c4);
    }
    return r;
  }
  it('refused: the lower prepared value A with its PREPAREs', () => {
    const r = at3(msg('PRE-PREPARE', { round: 3, sender: 3, value: A, justification: [...rcs, ...prepares(1, A, [1, 2, 4])] }));
    expect(codes(r)).toEqual(['QBFT_BAD_JUSTIFICATION']);
  });
  it('accepted: the highest prepared value B with its PREPAREs', () => {
    const r = at3(msg('PRE-PREPARE', { round: 3, sender: 3, value: B, justification: [...rcs, ...prepares(2, B, [1, 3, 4])] }));
    expect(r.dropped).toBeUndefined();
    expect(r.outbound.map((m) => m.message.type)).toEqual(['PREPARE']);
  });
});

describe('QBFT justifications: ROUND-CHANGE and DECIDED', () => {
  it('a ROUND-CHANGE whose certificate is forged, short, replayed or duplicated is dropped', () => {
    const bad: SignedQbftMessage[][] = [
      prepares(1, A, [1, 2]),
      [...prepares(1, A, [1, 2]), msg('PREPARE', { round: 1, sender: 4, value: hashOnly(A), signer: 1 })],
      [...prepares(1, A, [1, 2]), ...prepares(1, A, [2])],
      prepares(1, B, [1, 2, 4]),
      [...prepares(1, A, [1, 2]), msg('PREPARE', { round: 1, sender: 4, value: hashOnly(A), instance: { ...INSTANCE, duty: 'exit' } })],
    ];
    for (const justification of bad) {
      const r = run([toRound2, from(4, msg('ROUND-CHANGE', { round: 2, sender: 4, value: A, preparedRound: 1, justification }))]);
      expect(codes(r)).toEqual(['QBFT_BAD_JUSTIFICATION']);
    }
  });
  it('DECIDED with a quorum of COMMITs decides at once (any sender may carry it)', () => {
    const r = run([from(4, msg('DECIDED', { round: 5, sender: 4, value: A, justification: commits(5, A, [1, 2, 4]) }))]);
    expect(r.decided?.value.data).toEqual(A.data);
    expect(r.decided?.round).toBe(5);
    expect(r.state.phase).toBe('decided');
    expect(r.timer).toBeUndefined();
  });
  it('DECIDED before start decides too', () => {
    const idle = initialState(config);
    const r = step(idle, from(4, msg('DECIDED', { round: 1, sender: 4, value: A, justification: commits(1, A, [1, 2, 4]) })), config);
    expect(r.decided?.value.data).toEqual(A.data);
  });
  it.each([
    ['two COMMITs', commits(1, A, [1, 2])],
    ['COMMITs of another value', commits(1, B, [1, 2, 4])],
    ['COMMITs of another round', commits(2, A, [1, 2, 4])],
    ['PREPAREs', prepares(1, A, [1, 2, 4])],
    ['a forged COMMIT', [...commits(1, A, [1, 2]), msg('COMMIT', { round: 1, sender: 4, value: hashOnly(A), signer: 2 })]],
    ['a member counted twice', commits(1, A, [1, 2, 2])],
  ])('DECIDED refused: %s', (_n, justification) => {
    const r = run([from(4, msg('DECIDED', { round: 1, sender: 4, value: A, justification }))]);
    expect(codes(r)).toEqual(['QBFT_BAD_JUSTIFICATION']);
    expect(r.decided).toBeUndefined();
  });
});
