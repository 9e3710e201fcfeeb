/**
 * A pure in-test network for QBFT property runs: n members on a logical clock (1 tick = 100 ms), absolute round
 * timers (the production schedule scaled: round r lasts 20 + 10·(r − 1) ticks), deliveries through the codec with
 * delay, reordering, duplication, loss and a healing partition before GST, bounded delay Δ after it, and up to f
 * Byzantine members with a strategy each. Deterministic from its parameters (a seeded xorshift inside).
 */
import { bytesToHex } from '../../../src/core/bytes.js';
import {
  decodeQbftMessage,
  encodeQbftMessage,
  faultsOf,
  initialState,
  leaderOf,
  messageDigest,
  step,
  type QbftConfig,
  type QbftEvent,
  type QbftMessage,
  type QbftState,
  type QbftValue,
  type SignedQbftMessage,
} from '../../../src/core/qbft/index.js';
import { INSTANCE, configOf, testSign, value } from './harness.js';

/** What a Byzantine member does. */
export type Strategy = 'silent' | 'equivocate' | 'forge' | 'flood' | 'cross-instance' | 'invalid';
export const STRATEGIES: readonly Strategy[] = ['silent', 'equivocate', 'forge', 'flood', 'cross-instance', 'invalid'];

/** One run's parameters. */
export interface SimParams {
  n: number;
  seed: number;
  /** Byzantine members (indices) with their strategies; at most f. */
  byzantine: { member: number; strategy: Strategy }[];
  /** Ticks before the network is synchronous. */
  gst: number;
  /** Largest delay after GST (ticks, ≤ 10 = 1 s). */
  delta: number;
  /** Before GST: loss and duplication (per mille), largest delay (ticks). */
  lossPermille: number;
  dupPermille: number;
  maxDelayBeforeGst: number;
  /** A partition [from, to) before GST, cutting members ≤ cut from the others. */
  partition?: { from: number; to: number; cut: number };
  /** Every honest member has the same input. */
  equalInputs: boolean;
  /** Members that start without their value and get it this many ticks later. */
  lateInput: number[];
  lateBy: number;
}

/** What a run produced. */
export interface SimOutcome {
  decided: Map<number, { value: QbftValue; at: number; round: number }>;
  honest: number[];
  inputs: Map<number, QbftValue>;
  /** Every value any member sent or could propose (hash hex). */
  proposed: Set<string>;
  /** The tick by which every honest member must have decided. */
  bound: number;
  dropped: Map<string, number>;
}

export const INVALID = value('INVALID');
export const roundEnd = (r: number): number => 20 * r + 5 * r * (r - 1);

function xorshift(seed: number): () => number {
  let s = (seed | 0) || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

interface SimNode {
  me: number;
  config: QbftConfig;
  state: QbftState;
  timer?: number;
  strategy?: Strategy;
}

/** The first round that starts at or after `t`, and at least 3 (rounds from 3 on last ≥ 4 hops of Δ ≤ 1 s). */
function firstRoundFrom(t: number): number {
  let r = 1;
  while (roundEnd(r - 1) < t) r++;
  return Math.max(r, 3);
}

/** Runs one schedule to the termination bound. */
export function simulate(p: SimParams): SimOutcome {
  const rnd = xorshift(p.seed);
  const f = faultsOf(p.n);
  const byz = new Map(p.byzantine.map((b) => [b.member, b.strategy]));
  const honest = Array.from({ length: p.n }, (_, i) => i + 1).filter((m) => !byz.has(m));
  const bound = roundEnd(firstRoundFrom(p.gst) + f + 1) + 2 * p.delta;
  const nodes: SimNode[] = Array.from({ length: p.n }, (_, i) => {
    const config = configOf(p.n, i + 1, { invalid: ['INVALID'] });
    const node: SimNode = { me: i + 1, config, state: initialState(config) };
    const s = byz.get(i + 1);
    if (s) node.strategy = s;
    return node;
  });
  const inputs = new Map<number, QbftValue>();
  for (const m of honest) inputs.set(m, p.equalInputs ? value('common') : value(`input-${m}`));
  const proposed = new Set([...inputs.values()].map((v) => bytesToHex(v.hash)));
  const decided: SimOutcome['decided'] = new Map();
  const dropped = new Map<string, number>();
  const buckets = new Map<number, { from: number; to: number; bytes: Uint8Array }[]>();
  let now = 0;

  const schedule = (from: number, to: number, bytes: Uint8Array) => {
    const before = now < p.gst;
    if (before && p.partition && now >= p.partition.from && now < p.partition.to && from <= p.partition.cut !== to <= p.partition.cut) return;
    if (before && rnd() * 1000 < p.lossPermille) return;
    const copies = before && rnd() * 1000 < p.dupPermille ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      let at = now + 1 + Math.floor(rnd() * (before ? p.maxDelayBeforeGst : p.delta));
      if (at >= p.gst) at = Math.min(at, Math.max(now, p.gst) + p.delta);
      const list = buckets.get(at) ?? [];
      list.push({ from, to, bytes });
      buckets.set(at, list);
    }
  };
  const send = (from: number, to: number, m: SignedQbftMessage) => {
    rememberProposed(proposed, m);
    schedule(from, to, encodeQbftMessage(m));
  };

  const feed = (node: SimNode, event: QbftEvent) => {
    const r = step(node.state, event, node.config);
    node.state = r.state;
    if (r.timer) node.timer = r.timer.round;
    for (const d of r.dropped ?? []) if (!node.strategy) dropped.set(d.code, (dropped.get(d.code) ?? 0) + 1);
    if (r.decided && !node.strategy && !decided.has(node.me)) decided.set(node.me, { value: r.decided.value, at: now, round: r.decided.round });
    for (const m of r.outbound) {
      for (let to = 1; to <= p.n; to++) {
        if (to === node.me) continue;
        if (node.strategy) for (const x of byzantineVariants(node, m, to, rnd, p.n)) send(node.me, to, x);
        else send(node.me, to, m);
      }
    }
    for (const d of r.direct ?? []) if (node.strategy !== 'silent') send(node.me, d.to, d.message);
  };

  for (const node of nodes) {
    const late = p.lateInput.includes(node.me) && !node.strategy;
    const v = inputs.get(node.me) ?? value(`byz-input-${node.me}`);
    if (node.strategy) proposed.add(bytesToHex(v.hash));
    feed(node, late ? { type: 'start' } : { type: 'start', value: v });
  }
  for (now = 1; now <= bound; now++) {
    for (const d of buckets.get(now) ?? []) {
      const node = nodes[d.to - 1] as SimNode;
      feed(node, { type: 'message', from: d.from, message: decodeQbftMessage(d.bytes, { members: p.n }) });
    }
    buckets.delete(now);
    for (const node of nodes) {
      if (now === p.lateBy && p.lateInput.includes(node.me) && !node.strategy) feed(node, { type: 'input', value: inputs.get(node.me) as QbftValue });
      while (node.timer !== undefined && node.state.phase === 'round' && roundEnd(node.timer) <= now) {
        const round = node.timer;
        delete node.timer;
        feed(node, { type: 'timeout', round });
      }
    }
    if (honest.every((m) => decided.has(m)) && now > p.gst + 4 * p.delta) break;
  }
  return { decided, honest, inputs, proposed, bound, dropped };
}

function rememberProposed(proposed: Set<string>, m: SignedQbftMessage): void {
  const v = m.message.value;
  if (v && v.data.length > 0 && (m.message.type === 'PRE-PREPARE' || m.message.type === 'ROUND-CHANGE')) proposed.add(bytesToHex(v.hash));
}

/** Re-sign a (possibly altered) message as `signer`. */
function resign(message: QbftMessage, signer: number): SignedQbftMessage {
  return { message, signature: testSign(signer, messageDigest(message)) };
}

const hashOnly = (v: QbftValue): QbftValue => ({ hash: v.hash, data: new Uint8Array(0) });

/** What a Byzantine member sends to `to` instead of (or besides) its honest machine's message `m`. */
function byzantineVariants(node: SimNode, m: SignedQbftMessage, to: number, rnd: () => number, n: number): SignedQbftMessage[] {
  const me = node.me;
  const msg = m.message;
  const evil = value(`byz-${me}-${msg.round}`);
  switch (node.strategy) {
    case 'silent':
      return [];
    case 'equivocate': {
      if (to % 2 === 0) return [m];
      if (msg.type === 'PRE-PREPARE') return [resign({ ...msg, value: evil }, me)];
      if (msg.type === 'PREPARE' || msg.type === 'COMMIT') return [resign({ ...msg, value: hashOnly(evil) }, me)];
      return [m, resign({ ...msg, value: evil, preparedRound: Math.max(1, msg.round - 1), justification: [] }, me)];
    }
    case 'forge': {
      const forgedCert = Array.from({ length: n }, (_, i) => resign({ type: 'PREPARE', instance: INSTANCE, round: Math.max(1, msg.round - 1), sender: i + 1, value: hashOnly(evil), justification: [] }, me));
      const forgedCommits = forgedCert.map((c) => resign({ ...c.message, type: 'COMMIT' }, me));
      const out = [m];
      if (msg.round > 1) out.push(resign({ type: 'ROUND-CHANGE', instance: INSTANCE, round: msg.round, sender: me, value: evil, preparedRound: msg.round - 1, justification: forgedCert }, me));
      out.push(resign({ type: 'DECIDED', instance: INSTANCE, round: msg.round, sender: me, value: evil, justification: forgedCommits }, me));
      const replayed = msg.justification.filter((j) => j.message.type === 'PREPARE');
      if (replayed.length > 0) out.push(resign({ type: 'ROUND-CHANGE', instance: INSTANCE, round: msg.round + 1, sender: me, value: evil, preparedRound: msg.round, justification: replayed }, me));
      if (leaderOf(INSTANCE, msg.round, n) !== me) out.push(resign({ type: 'PRE-PREPARE', instance: INSTANCE, round: msg.round, sender: me, value: evil, justification: [] }, me));
      return out;
    }
    case 'flood': {
      const out = [m];
      for (let k = 0; k < 4; k++) out.push(resign({ type: 'ROUND-CHANGE', instance: INSTANCE, round: msg.round + 1 + Math.floor(rnd() * 70), sender: me, justification: [] }, me));
      return out;
    }
    case 'cross-instance': {
      const others = [{ ...INSTANCE, slot: INSTANCE.slot + 1n }, { ...INSTANCE, duty: 'aggregator' as const }, { ...INSTANCE, cluster: new Uint8Array(32).fill(9) }];
      const other = others[Math.floor(rnd() * others.length)] ?? INSTANCE;
      const v = msg.value ? value(`x-${me}`, other) : undefined;
      const copy: QbftMessage = { ...msg, instance: other, justification: [], ...(v ? { value: msg.type === 'PREPARE' || msg.type === 'COMMIT' ? hashOnly(v) : v } : {}) };
      return [resign(copy, me), m];
    }
    case 'invalid':
      if (msg.type === 'PRE-PREPARE') return [resign({ ...msg, value: INVALID }, me)];
      if (msg.type === 'PREPARE' || msg.type === 'COMMIT') return [resign({ ...msg, value: hashOnly(INVALID) }, me)];
      return [m];
    default:
      return [m];
  }
}
