/** Every fault kind of the in-memory board, on virtual time and a seeded random: fully deterministic. */
import { describe, expect, it } from 'vitest';
import {
  createManualClock,
  createMemoryBoardNetwork,
  createSeededRandom,
  isBoardError,
  type MemoryBoardNetworkOptions,
} from '../../../src/adapters/memory/index.js';
import type { Board, BoardMessage } from '../../../src/ports/board.js';

const S = 'session-1';

function setup(names: string[] = ['a', 'b', 'c'], seed = 42, extra: MemoryBoardNetworkOptions = {}) {
  const clock = createManualClock();
  const net = createMemoryBoardNetwork({ random: createSeededRandom(seed), schedule: clock.schedule, ...extra });
  const boards = Object.fromEntries(names.map((n) => [n, net.endpoint(n)])) as Record<string, Board>;
  const inbox = Object.fromEntries(names.map((n) => [n, [] as BoardMessage[]])) as Record<string, BoardMessage[]>;
  for (const n of names) boards[n]!.subscribe(S, (m) => inbox[n]!.push(m));
  const texts = (n: string) => inbox[n]!.map((m) => m.data);
  const hist = async (n: string, since?: number) => (await boards[n]!.history(S, since)).map((m) => m.data);
  return { clock, net, boards, inbox, texts, hist };
}

async function publishAll(board: Board, texts: string[]): Promise<void> {
  for (const t of texts) await board.publish(S, t);
}

describe('memory board: delivery basics', () => {
  it('never delivers inside publish; delivers after the scheduler runs', async () => {
    const { clock, boards, texts } = setup();
    await boards.a!.publish(S, 'm1');
    expect(texts('b')).toEqual([]);
    expect(texts('a')).toEqual([]);
    clock.runUntilIdle();
    expect(texts('a')).toEqual(['m1']);
    expect(texts('b')).toEqual(['m1']);
    expect(texts('c')).toEqual(['m1']);
  });

  it('numbers cursors 1, 2, 3 per session and dedupes identical text', async () => {
    const { clock, boards, inbox, net } = setup();
    await publishAll(boards.a!, ['x', 'y', 'x']);
    await boards.b!.publish(S, 'y');
    await boards.b!.publish('other', 'x');
    clock.runUntilIdle();
    expect(inbox.c).toEqual([
      { cursor: 1, data: 'x' },
      { cursor: 2, data: 'y' },
    ]);
    expect(await boards.c!.history('other')).toEqual([{ cursor: 1, data: 'x' }]);
    expect(net.stats()).toMatchObject({ sessions: 2, messages: 3, bytes: 3, deduplicated: 2, delivered: 6 });
  });

  it('enforces the size bound in UTF-8 bytes and the per-session count bound', async () => {
    const { boards } = setup(['a'], 1, { maxMessageBytes: 8, maxMessagesPerSession: 2 });
    await boards.a!.publish(S, '12345678');
    const tooBig = await boards.a!.publish(S, 'éééé€').catch((e: unknown) => e);
    expect(isBoardError(tooBig, 'BOARD_MESSAGE_TOO_LARGE')).toBe(true);
    await boards.a!.publish(S, 'two');
    await boards.a!.publish(S, 'two'); // a duplicate of a stored message is still a no-op
    const full = await boards.a!.publish(S, 'three').catch((e: unknown) => e);
    expect(isBoardError(full, 'BOARD_SESSION_FULL')).toBe(true);
    expect(await boards.a!.history(S)).toHaveLength(2);
    await boards.a!.publish('another', 'three'); // the bound is per session
  });

  it('discards pending pushes on close and refuses use after close', async () => {
    const { clock, boards, texts } = setup();
    await boards.a!.publish(S, 'in flight');
    await boards.b!.close();
    clock.runUntilIdle();
    expect(texts('b')).toEqual([]);
    expect(texts('c')).toEqual(['in flight']);
    expect(() => boards.b!.subscribe(S, () => {})).toThrow(/closed/);
    await expect(boards.b!.history(S)).rejects.toSatisfy((e) => isBoardError(e, 'BOARD_CLOSED'));
    await expect(boards.b!.publish(S, 'x')).rejects.toSatisfy((e) => isBoardError(e, 'BOARD_CLOSED'));
    await boards.b!.close(); // idempotent
  });

  it('does not deliver messages published before a subscription, even if still in flight', async () => {
    const { clock, boards } = setup(['a', 'b']);
    await boards.a!.publish(S, 'before');
    const got: string[] = [];
    boards.b!.subscribe(S, (m) => got.push(m.data));
    await boards.a!.publish(S, 'after');
    clock.runUntilIdle();
    expect(got).toEqual(['after']);
  });
});

describe('memory board faults: delay', () => {
  it('a fixed delay holds every push for that long', async () => {
    const { clock, net, boards, texts } = setup();
    net.faults.set({ delay: 100 });
    await boards.a!.publish(S, 'slow');
    clock.advance(99);
    expect(texts('b')).toEqual([]);
    clock.advance(1);
    expect(texts('b')).toEqual(['slow']);
  });

  it('a delay range keeps order (head-of-line) and stays within bounds', async () => {
    const { clock, net, boards, inbox } = setup(['a', 'b']);
    net.faults.set({ delay: [10, 50] });
    const at: number[] = [];
    boards.b!.subscribe(S, () => at.push(clock.now()));
    const sent = Array.from({ length: 20 }, (_, i) => `m${i}`);
    await publishAll(boards.a!, sent);
    clock.runUntilIdle();
    expect(inbox.b!.map((m) => m.data)).toEqual(sent);
    expect(Math.min(...at)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...at)).toBeLessThanOrEqual(50);
  });

  it('a per-recipient delay applies only to that recipient', async () => {
    const { clock, net, boards, texts } = setup();
    net.faults.set({ delay: 500 }, 'c');
    await boards.a!.publish(S, 'm');
    clock.advance(1);
    expect(texts('b')).toEqual(['m']);
    expect(texts('c')).toEqual([]);
    clock.advance(500);
    expect(texts('c')).toEqual(['m']);
  });
});

describe('memory board faults: drop', () => {
  it('a dropped push stays in history, so catch-up finds it', async () => {
    const { clock, net, boards, texts, hist } = setup();
    net.faults.set({ drop: 1 }, 'b');
    await boards.a!.publish(S, 'lost push');
    clock.runUntilIdle();
    expect(texts('b')).toEqual([]);
    expect(texts('c')).toEqual(['lost push']);
    expect(await hist('b')).toEqual(['lost push']);
    expect(net.stats().dropped).toBe(1);
  });

  it('dropFromHistory loses the message for that recipient for good', async () => {
    const { clock, net, boards, texts, hist } = setup();
    net.faults.set({ drop: (data) => data.includes('M1'), dropFromHistory: true }, 'b');
    await publishAll(boards.a!, ['M0 from a', 'M1 from a', 'M2 from a']);
    clock.runUntilIdle();
    expect(texts('b')).toEqual(['M0 from a', 'M2 from a']);
    expect(await hist('b')).toEqual(['M0 from a', 'M2 from a']);
    expect(await hist('c')).toEqual(['M0 from a', 'M1 from a', 'M2 from a']);
    net.faults.clear();
    expect(await hist('b')).toEqual(['M0 from a', 'M2 from a']);
  });

  it('a predicate sees (data, publisher, recipient)', async () => {
    const { clock, net, boards, texts } = setup();
    const calls: string[] = [];
    net.faults.set({
      drop: (data, publisher, recipient) => {
        calls.push(`${data}|${publisher}|${recipient}`);
        return publisher === 'a' && recipient === 'c';
      },
    });
    await boards.a!.publish(S, 'x');
    await boards.b!.publish(S, 'y');
    clock.runUntilIdle();
    expect(calls).toEqual(['x|a|a', 'x|a|b', 'x|a|c', 'y|b|a', 'y|b|b', 'y|b|c']);
    expect(texts('c')).toEqual(['y']);
    expect(texts('b')).toEqual(['x', 'y']);
  });

  it('a drop probability is reproducible from the seed', async () => {
    const run = async (seed: number) => {
      const { clock, net, boards, texts } = setup(['a', 'b'], seed);
      net.faults.set({ drop: 0.5 });
      await publishAll(boards.a!, Array.from({ length: 40 }, (_, i) => `m${i}`));
      clock.runUntilIdle();
      return texts('b');
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first.length).toBeGreaterThan(5);
    expect(first.length).toBeLessThan(35);
    expect(await run(8)).not.toEqual(first);
  });
});

describe('memory board faults: duplicate', () => {
  it('delivers a push twice with the same cursor, history once', async () => {
    const { clock, net, boards, inbox, hist } = setup();
    net.faults.set({ duplicate: 1 }, 'b');
    await publishAll(boards.a!, ['one', 'two']);
    clock.runUntilIdle();
    expect(inbox.b).toEqual([
      { cursor: 1, data: 'one' },
      { cursor: 1, data: 'one' },
      { cursor: 2, data: 'two' },
      { cursor: 2, data: 'two' },
    ]);
    expect(inbox.c).toHaveLength(2);
    expect(await hist('b')).toEqual(['one', 'two']);
    expect(net.stats().duplicated).toBe(2);
  });

  it('duplicates only what the predicate picks', async () => {
    const { clock, net, boards, texts } = setup();
    net.faults.set({ duplicate: (data) => data === 'two' });
    await publishAll(boards.a!, ['one', 'two']);
    clock.runUntilIdle();
    expect(texts('c')).toEqual(['one', 'two', 'two']);
  });
});

describe('memory board faults: reorder', () => {
  it('shuffles within windows, reproducibly, losing nothing', async () => {
    const run = async () => {
      const { clock, net, boards, inbox } = setup(['a', 'b'], 3);
      net.faults.set({ reorder: 4 }, 'b');
      const sent = Array.from({ length: 12 }, (_, i) => `m${i}`);
      await publishAll(boards.a!, sent);
      clock.runUntilIdle();
      return { got: inbox.b!.map((m) => m.data), sent, own: inbox.a!.map((m) => m.data) };
    };
    const { got, sent, own } = await run();
    expect(own).toEqual(sent);
    expect(got).not.toEqual(sent);
    for (let w = 0; w < 12; w += 4) expect([...got.slice(w, w + 4)].sort()).toEqual([...sent.slice(w, w + 4)].sort());
    expect((await run()).got).toEqual(got);
  });

  it('flushes a partial window at the next tick', async () => {
    const { clock, net, boards, texts } = setup(['a', 'b']);
    net.faults.set({ reorder: 10 });
    await publishAll(boards.a!, ['p', 'q', 'r']);
    clock.runUntilIdle();
    expect([...texts('b')].sort()).toEqual(['p', 'q', 'r']);
  });
});

describe('memory board faults: partition', () => {
  it('separates groups live and in history until heal, then pushes what was held', async () => {
    const { clock, net, boards, texts, hist } = setup(['a', 'b', 'c', 'd']);
    net.faults.partition([['a'], ['b', 'c']]);
    await boards.a!.publish(S, 'from a');
    await boards.b!.publish(S, 'from b');
    await boards.d!.publish(S, 'from d');
    clock.runUntilIdle();
    expect(texts('a')).toEqual(['from a']);
    expect(texts('b')).toEqual(['from b']);
    expect(texts('c')).toEqual(['from b']);
    expect(texts('d')).toEqual(['from d']); // unnamed endpoints form their own group
    expect(await hist('a')).toEqual(['from a']);
    expect(await hist('c')).toEqual(['from b']);
    net.faults.heal();
    clock.runUntilIdle();
    expect(texts('a')).toEqual(['from a', 'from b', 'from d']);
    expect(texts('c')).toEqual(['from b', 'from a', 'from d']);
    expect(await hist('a')).toEqual(['from a', 'from b', 'from d']);
    expect(net.stats().hidden).toBe(8);
  });

  it('rejects an endpoint named in two groups', () => {
    const { net } = setup();
    expect(() => net.faults.partition([['a', 'b'], ['b']])).toThrow(/two partition groups/);
  });
});

describe('memory board faults: withhold', () => {
  it('hides matching messages from one recipient, live and in history, until released', async () => {
    const { clock, net, boards, texts, hist } = setup();
    const release = net.faults.withhold('c', (data) => data.startsWith('M1'));
    await publishAll(boards.a!, ['M1 a', 'M2 a']);
    await boards.b!.publish(S, 'M1 b');
    clock.runUntilIdle();
    expect(texts('c')).toEqual(['M2 a']);
    expect(await hist('c')).toEqual(['M2 a']);
    expect(await hist('c', 0)).toEqual(['M2 a']);
    expect(texts('b')).toEqual(['M1 a', 'M2 a', 'M1 b']);
    release();
    clock.runUntilIdle();
    expect(texts('c')).toEqual(['M2 a', 'M1 a', 'M1 b']);
    expect(await hist('c')).toEqual(['M1 a', 'M2 a', 'M1 b']);
  });

  it('release(recipient) lifts every withholding of that recipient only', async () => {
    const { clock, net, boards, texts, hist } = setup();
    net.faults.withhold('b', () => true);
    net.faults.withhold('c', () => true);
    await boards.a!.publish(S, 'm');
    net.faults.release('b');
    clock.runUntilIdle();
    expect(texts('b')).toEqual(['m']);
    expect(texts('c')).toEqual([]);
    expect(await hist('c')).toEqual([]);
  });
});

describe('memory board faults: split (a relay showing different texts to different peers)', () => {
  it('replaces a matching message for the named recipients, live and in history, same cursor', async () => {
    const { clock, net, boards, inbox, hist } = setup();
    net.faults.split((data, publisher) => publisher === 'a' && data.startsWith('M1'), { c: 'M1 forged for c' });
    await publishAll(boards.a!, ['M1 real', 'M2']);
    clock.runUntilIdle();
    expect(inbox.b).toEqual([
      { cursor: 1, data: 'M1 real' },
      { cursor: 2, data: 'M2' },
    ]);
    expect(inbox.c).toEqual([
      { cursor: 1, data: 'M1 forged for c' },
      { cursor: 2, data: 'M2' },
    ]);
    expect(await hist('c')).toEqual(['M1 forged for c', 'M2']);
    expect(await hist('a')).toEqual(['M1 real', 'M2']);
  });

  it('accepts computed variants, and undo restores the true view', async () => {
    const { clock, net, boards, texts, hist } = setup();
    const undo = net.faults.split(
      () => true,
      (data, _publisher, recipient) => (recipient === 'a' ? undefined : `${data} as seen by ${recipient}`),
    );
    await boards.a!.publish(S, 'x');
    clock.runUntilIdle();
    expect(texts('a')).toEqual(['x']);
    expect(texts('b')).toEqual(['x as seen by b']);
    undo();
    expect(await hist('b')).toEqual(['x']);
  });
});

describe('memory board faults: scope and lifecycle', () => {
  it('per-recipient faults override global ones field by field', async () => {
    const { clock, net, boards, texts } = setup();
    net.faults.set({ drop: 1, delay: 10 });
    net.faults.set({ drop: 0 }, 'b');
    await boards.a!.publish(S, 'm');
    clock.advance(9);
    expect(texts('b')).toEqual([]);
    clock.advance(1);
    expect(texts('b')).toEqual(['m']);
    expect(texts('c')).toEqual([]);
  });

  it('faults can change at any time and clear() removes them all', async () => {
    const { clock, net, boards, texts, hist } = setup();
    net.faults.set({ drop: 1 });
    net.faults.partition([['a'], ['b', 'c']]);
    net.faults.withhold('c', () => true);
    net.faults.split(() => true, { b: 'forged' });
    await boards.a!.publish(S, 'during');
    clock.runUntilIdle();
    expect([texts('a'), texts('b'), texts('c')]).toEqual([[], [], []]);
    net.faults.clear();
    await boards.a!.publish(S, 'after');
    clock.runUntilIdle();
    // what the partition held is pushed on clear (the drop was decided at routing time, after the view check)
    expect(texts('b')).toEqual(['during', 'after']);
    expect(texts('c')).toEqual(['during', 'after']);
    expect(texts('a')).toEqual(['after']);
    expect(await hist('a')).toEqual(['during', 'after']);
  });

  it('validates fault parameters with coded errors', () => {
    const { net } = setup();
    for (const bad of [{ drop: 1.5 }, { duplicate: -0.1 }, { delay: -1 }, { delay: [5, 1] as [number, number] }, { reorder: 0 }]) {
      let err: unknown;
      try {
        net.faults.set(bad);
      } catch (e) {
        err = e;
      }
      expect(isBoardError(err, 'BOARD_BAD_FAULT')).toBe(true);
    }
  });

  it('a whole faulty run is reproducible from the seed', async () => {
    const run = async () => {
      const { clock, net, boards, inbox } = setup(['a', 'b', 'c'], 99);
      net.faults.set({ delay: [0, 30], drop: 0.2, duplicate: 0.2, reorder: 3 });
      for (let i = 0; i < 30; i++) await boards[['a', 'b', 'c'][i % 3]!]!.publish(S, `m${i}`);
      clock.runUntilIdle();
      return { inbox, stats: net.stats() };
    };
    expect(await run()).toEqual(await run());
  });
});

describe('seeded random and manual scheduler', () => {
  it('seeded random is in [0, 1) and repeatable', () => {
    const r1 = createSeededRandom(5);
    const r2 = createSeededRandom(5);
    const xs = Array.from({ length: 1000 }, () => r1());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => r2()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
    expect(createSeededRandom(6)()).not.toBe(xs[0]);
  });

  it('manual scheduler runs timers in time order, FIFO on ties', () => {
    const clock = createManualClock();
    const order: string[] = [];
    clock.schedule(() => order.push('b20'), 20);
    clock.schedule(() => order.push('a10'), 10);
    clock.schedule(() => order.push('c10'), 10);
    clock.advance(15);
    expect(order).toEqual(['a10', 'c10']);
    expect(clock.now()).toBe(15);
    clock.schedule(() => order.push('d0'), 0);
    clock.runUntilIdle();
    expect(order).toEqual(['a10', 'c10', 'd0', 'b20']);
    expect(clock.pending()).toBe(0);
  });
});
