import { describe, expect, it } from 'vitest';
import { initialState, step, type QbftEvent, type QbftState, type SignedQbftMessage } from '../../../src/core/qbft/index.js';
import { configOf, value } from './harness.js';
import { A, commits, msg, prepares, rc } from './craft.js';

// The transition table of one member (n = 4, quorum 3, f + 1 = 2; this member is 2: it leads round 2).
const config = configOf(4, 2);
const mine = value('mine');
const from = (f: number, message: SignedQbftMessage): QbftEvent => ({ type: 'message', from: f, message });
const start: QbftEvent = { type: 'start', value: mine };
const pp1 = from(1, msg('PRE-PREPARE', { round: 1, sender: 1, value: A }));
const timeout = (round: number): QbftEvent => ({ type: 'timeout', round });
const prep = (s: number) => from(s, prepares(1, A, [s])[0] as SignedQbftMessage);
const comm = (s: number, round = 1) => from(s, commits(round, A, [s])[0] as SignedQbftMessage);

interface Row {
  name: string;
  before: QbftEvent[];
  event: QbftEvent;
  phase: QbftState['phase'];
  round: number;
  outbound: string[];
  decided?: boolean;
  timer?: number;
  direct?: number[];
}

const decidedPrefix = [start, pp1, prep(1), prep(3), comm(1), comm(3)];
const rows: Row[] = [
  // idle
  { name: 'idle · start (not leader)', before: [], event: start, phase: 'round', round: 1, outbound: [], timer: 1 },
  { name: 'idle · timeout', before: [], event: timeout(1), phase: 'idle', round: 0, outbound: [] },
  { name: 'idle · input', before: [], event: { type: 'input', value: mine }, phase: 'idle', round: 0, outbound: [] },
  { name: 'idle · PRE-PREPARE (buffered)', before: [], event: pp1, phase: 'idle', round: 0, outbound: [] },
  { name: 'idle · start with a buffered PRE-PREPARE', before: [pp1], event: start, phase: 'round', round: 1, outbound: ['PREPARE'], timer: 1 },
  { name: 'idle · COMMIT quorum, value known (decides before start)', before: [pp1, comm(1), comm(3)], event: comm(4), phase: 'decided', round: 0, outbound: [], decided: true },
  // round
  { name: 'round · start again', before: [start], event: start, phase: 'round', round: 1, outbound: [] },
  { name: 'round · PRE-PREPARE of the leader', before: [start], event: pp1, phase: 'round', round: 1, outbound: ['PREPARE'] },
  { name: 'round · 2nd PREPARE (own + 1: no quorum)', before: [start, pp1], event: prep(1), phase: 'round', round: 1, outbound: [] },
  { name: 'round · 3rd PREPARE (quorum): COMMIT', before: [start, pp1, prep(1)], event: prep(3), phase: 'round', round: 1, outbound: ['COMMIT'] },
  { name: 'round · 4th PREPARE: nothing again', before: [start, pp1, prep(1), prep(3)], event: prep(4), phase: 'round', round: 1, outbound: [] },
  { name: 'round · PREPARE quorum without PRE-PREPARE', before: [start, prep(1), prep(3)], event: prep(4), phase: 'round', round: 1, outbound: [] },
  { name: 'round · COMMIT quorum: decided', before: [start, pp1, prep(1), prep(3), comm(1)], event: comm(3), phase: 'decided', round: 1, outbound: [], decided: true },
  { name: 'round · COMMIT quorum without PREPAREs: decided', before: [start, pp1, comm(1), comm(3)], event: comm(4), phase: 'decided', round: 1, outbound: [], decided: true },
  { name: 'round · COMMIT quorum, value unknown: waits', before: [start, comm(1), comm(3)], event: comm(4), phase: 'round', round: 1, outbound: [] },
  { name: 'round · timeout of the round: ROUND-CHANGE', before: [start], event: timeout(1), phase: 'round', round: 2, outbound: ['ROUND-CHANGE'], timer: 2 },
  { name: 'round · stale timeout', before: [start, timeout(1)], event: timeout(1), phase: 'round', round: 2, outbound: [] },
  { name: 'round · future timeout', before: [start], event: timeout(3), phase: 'round', round: 1, outbound: [] },
  { name: 'round · 1 ROUND-CHANGE ahead: nothing', before: [start], event: from(3, rc(5, 3)), phase: 'round', round: 1, outbound: [] },
  { name: 'round · f+1 ROUND-CHANGEs ahead: jump to the lowest', before: [start, from(3, rc(7, 3))], event: from(4, rc(5, 4)), phase: 'round', round: 5, outbound: ['ROUND-CHANGE'], timer: 5 },
  { name: 'round · quorum of ROUND-CHANGEs, leader: PRE-PREPARE + PREPARE', before: [start, timeout(1), from(1, rc(2, 1))], event: from(3, rc(2, 3)), phase: 'round', round: 2, outbound: ['PRE-PREPARE', 'PREPARE'] },
  { name: 'round · quorum of ROUND-CHANGEs, a prepared one: re-proposes it', before: [start, timeout(1), from(1, rc(2, 1, { pr: 1, v: A, by: [1, 3, 4] }))], event: from(3, rc(2, 3)), phase: 'round', round: 2, outbound: ['PRE-PREPARE', 'PREPARE'] },
  { name: 'round · f+1 ROUND-CHANGEs for round 2 while in 1 (leader of 2): joins and proposes', before: [start, from(1, rc(2, 1))], event: from(3, rc(2, 3)), phase: 'round', round: 2, outbound: ['ROUND-CHANGE', 'PRE-PREPARE', 'PREPARE'], timer: 2 },
  { name: 'round · DECIDED: decided', before: [start], event: from(4, msg('DECIDED', { round: 1, sender: 4, value: A, justification: commits(1, A, [1, 3, 4]) })), phase: 'decided', round: 1, outbound: [], decided: true },
  // decided
  { name: 'decided · a late member speaks: DECIDED to it', before: decidedPrefix, event: from(4, rc(2, 4)), phase: 'decided', round: 1, outbound: [], direct: [4] },
  { name: 'decided · the same member, same round again: nothing', before: [...decidedPrefix, from(4, rc(2, 4))], event: from(4, msg('PREPARE', { round: 2, sender: 4, value: A })), phase: 'decided', round: 1, outbound: [] },
  { name: 'decided · the same member, a later round: DECIDED again', before: [...decidedPrefix, from(4, rc(2, 4))], event: from(4, rc(3, 4)), phase: 'decided', round: 1, outbound: [], direct: [4] },
  { name: 'decided · a DECIDED: nothing', before: decidedPrefix, event: from(4, msg('DECIDED', { round: 1, sender: 4, value: A, justification: commits(1, A, [1, 3, 4]) })), phase: 'decided', round: 1, outbound: [] },
  { name: 'decided · timeout', before: decidedPrefix, event: timeout(1), phase: 'decided', round: 1, outbound: [] },
  { name: 'decided · start', before: decidedPrefix, event: start, phase: 'decided', round: 1, outbound: [] },
];

describe('QBFT transition table (member 2 of 4)', () => {
  it.each(rows)('$name', (row) => {
    let state = initialState(config);
    for (const e of row.before) state = step(state, e, config).state;
    const r = step(state, row.event, config);
    expect(r.state.phase).toBe(row.phase);
    expect(r.state.round).toBe(row.round);
    expect(r.outbound.map((m) => m.message.type)).toEqual(row.outbound);
    expect(r.decided !== undefined).toBe(row.decided ?? false);
    expect(r.timer?.round).toBe(row.timer);
    expect((r.direct ?? []).map((d) => d.to)).toEqual(row.direct ?? []);
    for (const d of r.direct ?? []) expect(d.message.message.type).toBe('DECIDED');
    for (const m of r.outbound) expect(m.message.sender).toBe(2);
    expect(r.dropped).toBeUndefined();
  });

  it('a re-proposal carries the prepared value and its PREPAREs', () => {
    const before = [start, timeout(1), from(1, rc(2, 1, { pr: 1, v: A, by: [1, 3, 4] }))];
    let state = initialState(config);
    for (const e of before) state = step(state, e, config).state;
    const pp = step(state, from(3, rc(2, 3)), config).outbound[0];
    expect(pp?.message.value?.data).toEqual(A.data);
    expect(pp?.message.justification.map((j) => j.message.type).sort()).toEqual(['PREPARE', 'PREPARE', 'PREPARE', 'ROUND-CHANGE', 'ROUND-CHANGE', 'ROUND-CHANGE']);
  });
});
