import { describe, expect, it } from 'vitest';
import { leaderOf } from '../../../src/core/qbft/index.js';
import { INSTANCE, TestNet, value } from './harness.js';

const text = (v: { data: Uint8Array } | undefined) => (v ? new TextDecoder().decode(v.data) : undefined);

describe('QBFT step: the happy path', () => {
  it.each([1, 4, 7, 10])('n = %i: every member decides the leader value in round 1', (n) => {
    const net = new TestNet(n);
    const leader = leaderOf(INSTANCE, 1, n);
    for (let me = 1; me <= n; me++) net.feed(me, { type: 'start', value: value(me === leader ? 'leader' : `v${me}`) });
    net.flush();
    for (const node of net.nodes) {
      expect(text(node.decided)).toBe('leader');
      expect(node.state.phase).toBe('decided');
      if (node.state.phase === 'decided') expect(node.state.decision.round).toBe(1);
    }
  });

  it('a leader without its value waits for input, then proposes', () => {
    const net = new TestNet(4);
    for (let me = 1; me <= 4; me++) net.feed(me, { type: 'start' });
    net.flush();
    expect(net.nodes.every((x) => x.decided === undefined)).toBe(true);
    net.feed(1, { type: 'input', value: value('late') });
    net.flush();
    expect(net.nodes.map((x) => text(x.decided))).toEqual(['late', 'late', 'late', 'late']);
  });

  it('messages that arrive before start are buffered and used on start', () => {
    const net = new TestNet(4);
    net.feed(1, { type: 'start', value: value('a') });
    net.feed(2, { type: 'start', value: value('b') });
    net.flush();
    expect(net.nodes.every((x) => x.decided === undefined)).toBe(true);
    expect(net.node(3).state.phase).toBe('idle');
    net.feed(3, { type: 'start', value: value('c') });
    net.flush();
    expect(net.nodes.slice(0, 3).map((x) => text(x.decided))).toEqual(['a', 'a', 'a']);
  });

  it('step never changes the state or event it is given (every input deep-frozen, a whole run)', () => {
    const net = new TestNet(4);
    net.freeze = true;
    for (let me = 2; me <= 4; me++) net.feed(me, { type: 'start', value: value(`v${me}`) });
    net.flush();
    for (let me = 2; me <= 4; me++) net.feed(me, { type: 'timeout', round: 1 });
    net.flush();
    net.feed(1, { type: 'start', value: value('v1') });
    net.flush();
    expect(net.nodes.map((x) => text(x.decided))).toEqual(['v2', 'v2', 'v2', 'v2']);
  });
});

describe('QBFT step: round change', () => {
  it('a silent round-1 leader: the others time out, round 2 decides the round-2 leader value', () => {
    const net = new TestNet(4);
    const l1 = leaderOf(INSTANCE, 1, 4);
    const l2 = leaderOf(INSTANCE, 2, 4);
    for (let me = 1; me <= 4; me++) if (me !== l1) net.feed(me, { type: 'start', value: value(`v${me}`) });
    net.flush();
    for (let me = 1; me <= 4; me++) if (me !== l1) net.feed(me, { type: 'timeout', round: 1 });
    net.flush((d) => d.to !== l1);
    for (let me = 1; me <= 4; me++) if (me !== l1) expect(text(net.node(me).decided)).toBe(`v${l2}`);
  });

  it('a value prepared in round 1 is the one round 2 must propose', () => {
    const net = new TestNet(4);
    for (let me = 1; me <= 4; me++) net.feed(me, { type: 'start', value: value(`v${me}`) });
    // deliver everything but COMMITs: all prepare v1, nobody decides
    net.flush((d) => !(d.bytes[1] === 2));
    expect(net.nodes.every((x) => x.decided === undefined)).toBe(true);
    for (let me = 1; me <= 4; me++) net.feed(me, { type: 'timeout', round: 1 });
    net.flush();
    expect(net.nodes.map((x) => text(x.decided))).toEqual(['v1', 'v1', 'v1', 'v1']);
    const decided = net.node(2).state;
    expect(decided.phase === 'decided' && decided.decision.round).toBe(2);
  });

  it('a member that missed the decision gets DECIDED directly when it speaks', () => {
    const net = new TestNet(4);
    for (let me = 1; me <= 4; me++) net.feed(me, { type: 'start', value: value(`v${me}`) });
    net.flush((d) => d.to !== 4);
    expect(net.node(4).decided).toBeUndefined();
    net.queue = [];
    const r = net.feed(4, { type: 'timeout', round: 1 });
    expect(r.outbound.map((m) => m.message.type)).toEqual(['ROUND-CHANGE']);
    net.flush();
    expect(text(net.node(4).decided)).toBe('v1');
  });
});
