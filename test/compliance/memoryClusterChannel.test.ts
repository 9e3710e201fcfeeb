import { describe, expect, it } from 'vitest';
import { createManualClock, createMemoryClusterNetwork, createSeededRandom } from '../../src/adapters/memory/index.js';
import { clusterChannelCompliance } from './clusterChannel.js';

clusterChannelCompliance('memory cluster network', async (members) => {
  const clock = createManualClock();
  const net = createMemoryClusterNetwork({ members, clock });
  const channels = Array.from({ length: members }, (_, k) => net.member(k + 1));
  return { channels, settle: async () => clock.runUntilIdle() };
});

clusterChannelCompliance('memory cluster network with random delay', async (members) => {
  const clock = createManualClock();
  const net = createMemoryClusterNetwork({ members, clock, random: createSeededRandom(7) });
  net.faults.set({ delay: [0, 400] });
  const channels = Array.from({ length: members }, (_, k) => net.member(k + 1));
  return { channels, settle: async () => clock.runUntilIdle() };
});

describe('memory cluster network faults', () => {
  it('drops, isolates and blocks as told, deterministically for a seed', () => {
    const run = () => {
      const clock = createManualClock();
      const net = createMemoryClusterNetwork({ members: 4, clock, random: createSeededRandom(3) });
      const got: number[][] = [[], [], [], []];
      const chans = [1, 2, 3, 4].map((i) => net.member(i));
      chans.forEach((c, k) => c.subscribe((m) => got[k]!.push(m.from)));
      net.faults.set({ drop: 0.5 });
      for (let r = 0; r < 20; r++) for (const c of chans) void c.broadcast(new Uint8Array([r]));
      clock.runUntilIdle();
      const dropped = net.stats().dropped;
      net.faults.set({ isolated: [4], blocked: [[1, 2]] });
      void chans[0]!.broadcast(new Uint8Array([99]));
      void chans[3]!.broadcast(new Uint8Array([99]));
      const before = got.map((g) => g.length);
      clock.runUntilIdle();
      return { got, dropped, after: got.map((g, k) => g.length - before[k]!) };
    };
    const a = run();
    expect(a).toEqual(run());
    expect(a.dropped).toBeGreaterThan(60);
    expect(a.dropped).toBeLessThan(180);
    // Only member 3 hears member 1 (2 is blocked from 1, 4 is isolated); nobody hears 4.
    expect(a.after).toEqual([0, 0, 1, 0]);
  });

  it('delays on the clock: nothing arrives before its time', () => {
    const clock = createManualClock();
    const net = createMemoryClusterNetwork({ members: 2, clock });
    net.faults.set({ delay: [100, 100] });
    const got: number[] = [];
    net.member(2).subscribe(() => got.push(clock.now()));
    void net.member(1).send(2, new Uint8Array([1]));
    clock.advance(99);
    expect(got).toEqual([]);
    clock.advance(1);
    expect(got).toEqual([100]);
  });
});
