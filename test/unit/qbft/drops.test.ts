import { describe, expect, it } from 'vitest';
import { initialState, step, valueHash, type QbftConfig, type QbftEvent, type QbftState, type SignedQbftMessage, type StepResult } from '../../../src/core/qbft/index.js';
import { INSTANCE, configOf, value } from './harness.js';
import { A, B, msg, prepares, rc } from './craft.js';

// n = 4, f = 1, quorum 3; this member is 2. Leaders: round 1 → 1, round 2 → 2, round 3 → 3.
const cfg = (over: Partial<QbftConfig> & { invalid?: string[] } = {}) => configOf(4, 2, over);

function run(events: QbftEvent[], config = cfg()): StepResult<QbftState> {
  let state = initialState(config);
  let last: StepResult<QbftState> | undefined;
  for (const e of events) {
    last = step(state, e, config);
    state = last.state;
  }
  if (!last) throw new Error('no events');
  return last;
}
const started: QbftEvent = { type: 'start', value: value('mine') };
const from = (f: number, message: SignedQbftMessage): QbftEvent => ({ type: 'message', from: f, message });
const codes = (r: StepResult<QbftState>) => (r.dropped ?? []).map((d) => d.code);

function expectDropped(events: QbftEvent[], code: string, config = cfg()): StepResult<QbftState> {
  const r = run([started, ...events], config);
  expect(codes(r)).toEqual([code]);
  expect(r.outbound).toEqual([]);
  expect(r.decided).toBeUndefined();
  return r;
}

describe('QBFT drops: who and where', () => {
  it('a message of another cluster, slot or duty', () => {
    for (const instance of [{ ...INSTANCE, cluster: new Uint8Array(32) }, { ...INSTANCE, slot: 101n }, { ...INSTANCE, duty: 'proposer' as const }]) {
      expectDropped([from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: value('A', instance), instance }))], 'QBFT_WRONG_INSTANCE');
    }
  });
  it('sender ≠ from, and a sender outside the cluster', () => {
    expectDropped([from(3, msg('PRE-PREPARE', { round: 1, sender: 1, value: A }))], 'QBFT_BAD_SENDER');
    expectDropped([from(5, msg('PREPARE', { round: 1, sender: 5, value: A }))], 'QBFT_BAD_SENDER');
  });
  it('a bad signature', () => {
    expectDropped([from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: A, signer: 3 }))], 'QBFT_BAD_SIGNATURE');
    const m = msg('PREPARE', { round: 1, sender: 1, value: A });
    expectDropped([from(1, { ...m, signature: new Uint8Array(32) })], 'QBFT_BAD_SIGNATURE');
  });
  it('a throwing verify counts as a bad signature', () => {
    const config = cfg({ verify: () => { throw new Error('boom'); } });
    expectDropped([from(1, msg('PREPARE', { round: 1, sender: 1, value: A }))], 'QBFT_BAD_SIGNATURE', config);
  });
  it('a value whose data does not hash to its hash (or hashes under another instance)', () => {
    expectDropped([from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: { hash: B.hash, data: A.data } }))], 'QBFT_BAD_VALUE_HASH');
    const other = { ...INSTANCE, slot: 5n };
    expectDropped([from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: { hash: valueHash(other, A.data), data: A.data } }))], 'QBFT_BAD_VALUE_HASH');
  });
  it('a PRE-PREPARE from a member that does not lead the round', () => {
    expectDropped([from(3, msg('PRE-PREPARE', { round: 1, sender: 3, value: A }))], 'QBFT_NOT_LEADER');
  });
  it('a value this member finds invalid is never prepared', () => {
    const r = expectDropped([from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: A }))], 'QBFT_INVALID_VALUE', cfg({ invalid: ['A'] }));
    expect(r.state.accepted).toBeUndefined();
    const thrown = cfg({ isValid: () => { throw new Error('x'); } });
    expectDropped([from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: A }))], 'QBFT_INVALID_VALUE', thrown);
  });
  it('rounds too far ahead, and past rounds (but not past COMMITs)', () => {
    expectDropped([from(3, rc(66, 3))], 'QBFT_ROUND_TOO_FAR');
    expect(codes(run([started, from(3, rc(65, 3))]))).toEqual([]);
    const later = [started, { type: 'timeout', round: 1 } as QbftEvent, { type: 'timeout', round: 2 } as QbftEvent];
    expect(codes(run([...later, from(1, msg('PREPARE', { round: 1, sender: 1, value: A }))]))).toEqual(['QBFT_OLD_ROUND']);
    expect(codes(run([...later, from(1, msg('COMMIT', { round: 1, sender: 1, value: A }))]))).toEqual([]);
  });
  it('an equivocating sender is kept once; an exact duplicate is ignored silently', () => {
    const first = from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: A }));
    const r = run([started, first, from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: B }))]);
    expect(codes(r)).toEqual(['QBFT_EQUIVOCATION']);
    expect(r.outbound).toEqual([]);
    expect(r.state.accepted?.data).toEqual(A.data);
    const again = run([started, first, first]);
    expect(again.dropped).toBeUndefined();
    expect(again.outbound).toEqual([]);
  });
  it('per-sender buffers for later rounds: beyond the bound the oldest goes', () => {
    const config = cfg({ maxBufferedPerSender: 2 });
    const r = run([started, from(3, rc(5, 3)), from(3, rc(6, 3)), from(3, rc(7, 3))], config);
    expect(codes(r)).toEqual(['QBFT_BUFFER_FULL']);
    expect(Object.keys(r.state.log).filter((k) => k.endsWith('/3')).sort()).toEqual(['ROUND-CHANGE/6/3', 'ROUND-CHANGE/7/3']);
    // another sender's buffer is its own
    expect(codes(run([started, from(3, rc(5, 3)), from(3, rc(6, 3)), from(4, rc(7, 4))], config))).toEqual([]);
  });
});

describe('QBFT drops: malformed messages', () => {
  it('ROUND-CHANGE shape: value exactly with a prepared round, prepared round before the round', () => {
    expectDropped([from(3, msg('ROUND-CHANGE', { round: 2, sender: 3, value: A }))], 'QBFT_BAD_MESSAGE');
    expectDropped([from(3, msg('ROUND-CHANGE', { round: 2, sender: 3, preparedRound: 1 }))], 'QBFT_BAD_MESSAGE');
    expectDropped([from(3, msg('ROUND-CHANGE', { round: 2, sender: 3, value: A, preparedRound: 2, justification: prepares(2, A, [1, 3, 4]) }))], 'QBFT_BAD_MESSAGE');
  });
  it('PREPARE without a value, round 0', () => {
    expectDropped([from(3, msg('PREPARE', { round: 1, sender: 3 }))], 'QBFT_BAD_MESSAGE');
    expectDropped([from(3, msg('PREPARE', { round: 0, sender: 3, value: A }))], 'QBFT_BAD_MESSAGE');
  });
  it('justifications where none belong', () => {
    expectDropped([from(3, msg('PREPARE', { round: 1, sender: 3, value: A, justification: prepares(1, A, [1]) }))], 'QBFT_BAD_JUSTIFICATION');
    expectDropped([from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: A, justification: [rc(1, 3)] }))], 'QBFT_BAD_JUSTIFICATION');
    expectDropped([from(3, msg('ROUND-CHANGE', { round: 2, sender: 3, justification: prepares(1, A, [1, 3, 4]) }))], 'QBFT_BAD_JUSTIFICATION');
  });
});
