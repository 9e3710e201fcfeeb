/**
 * Test harness for QBFT: cheap deterministic signatures (sha256(secret_i ‖ digest), never for production), configs
 * for a cluster of n, and a tiny in-memory network that delivers through the codec.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes } from '../../../src/core/bytes.js';
import {
  decodeQbftMessage,
  encodeQbftMessage,
  initialState,
  makeValue,
  step,
  type InstanceId,
  type QbftConfig,
  type QbftEvent,
  type QbftState,
  type QbftValue,
  type SignedQbftMessage,
  type StepResult,
} from '../../../src/core/qbft/index.js';

export const CLUSTER = new Uint8Array(32).fill(7);
export const INSTANCE: InstanceId = { cluster: CLUSTER, slot: 100n, duty: 'attester' };

/** Member i's test secret. */
export function secretOf(member: number): Uint8Array {
  return sha256(new TextEncoder().encode(`qbft-test-secret/${member}`));
}
/** A test signature: sha256(secret ‖ digest). */
export function testSign(member: number, digest: Uint8Array): Uint8Array {
  return sha256(concatBytes(secretOf(member), digest));
}
/** Verifies a test signature. */
export function testVerify(member: number, digest: Uint8Array, signature: Uint8Array): boolean {
  return equalBytes(testSign(member, digest), signature);
}

/** A value of INSTANCE (or another) from a label. */
export function value(label: string, instance: InstanceId = INSTANCE): QbftValue {
  return makeValue(instance, new TextEncoder().encode(label));
}

/** Config of member `me` in a cluster of n; `invalid` values (by data text) are refused by isValid. */
export function configOf(n: number, me: number, over: Partial<QbftConfig> & { invalid?: string[] } = {}): QbftConfig {
  const { invalid = [], ...rest } = over;
  return {
    instance: INSTANCE,
    members: n,
    me,
    sign: (d) => testSign(me, d),
    verify: testVerify,
    isValid: (v) => !invalid.includes(new TextDecoder().decode(v.data)),
    ...rest,
  };
}

/** A message signed by `member` with the test key (for forging by hand in tests). */
export function signAs(member: number, message: SignedQbftMessage['message'], digest: (m: SignedQbftMessage['message']) => Uint8Array): SignedQbftMessage {
  return { message, signature: testSign(member, digest(message)) };
}

/** One node in a test network. */
export interface Node {
  config: QbftConfig;
  state: QbftState;
  decided?: QbftValue;
  timer?: number;
  log: StepResult<QbftState>[];
}

/** A delivery in flight. */
export interface Delivery {
  from: number;
  to: number;
  bytes: Uint8Array;
}

/** A cluster of n nodes and the deliveries in flight. */
export class TestNet {
  readonly nodes: Node[];
  queue: Delivery[] = [];
  /** Deep-freeze every state and event before stepping (a mutation by step would throw). */
  freeze = false;
  constructor(readonly n: number, over: (me: number) => Partial<QbftConfig> & { invalid?: string[] } = () => ({})) {
    this.nodes = Array.from({ length: n }, (_, i) => {
      const config = configOf(n, i + 1, over(i + 1));
      return { config, state: initialState(config), log: [] };
    });
  }
  node(me: number): Node {
    const node = this.nodes[me - 1];
    if (!node) throw new Error(`no member ${me}`);
    return node;
  }
  /** Step member `me` and put what it sends in flight. */
  feed(me: number, event: QbftEvent): StepResult<QbftState> {
    const node = this.node(me);
    const r = this.freeze ? step(deepFreeze(node.state), deepFreeze(event), node.config) : step(node.state, event, node.config);
    node.state = r.state;
    node.log.push(r);
    if (r.decided) node.decided = r.decided.value;
    if (r.timer) node.timer = r.timer.round;
    for (const m of r.outbound) {
      for (let to = 1; to <= this.n; to++) if (to !== me) this.queue.push({ from: me, to, bytes: encodeQbftMessage(m) });
    }
    for (const d of r.direct ?? []) this.queue.push({ from: me, to: d.to, bytes: encodeQbftMessage(d.message) });
    return r;
  }
  /** Deliver in FIFO order until nothing is in flight (or `limit` deliveries); `filter` may drop some. */
  flush(filter: (d: Delivery) => boolean = () => true, limit = 100_000): void {
    for (let i = 0; i < limit && this.queue.length > 0; i++) {
      const d = this.queue.shift() as Delivery;
      if (filter(d)) this.feed(d.to, { type: 'message', from: d.from, message: decodeQbftMessage(d.bytes) });
    }
  }
}

/** Freezes an object graph (typed arrays cannot be frozen and are left as they are). */
export function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !ArrayBuffer.isView(x) && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}
