import { describe, expect, it } from 'vitest';
import { DUTY_KINDS, dutyDeadline, dutyStartsAt, faultsOf, leaderOf, quorumOf, roundEndsAt, type DutyKind } from '../../../src/core/qbft/index.js';
import { INSTANCE } from './harness.js';

const code = (c: string) => expect.objectContaining({ code: c });
const T = { genesisTimeMs: 1_000_000, slotMs: 12_000 };

describe('quorum and f', () => {
  it('matches ⌈(n+f+1)/2⌉ with f = ⌊(n−1)/3⌋ for n = 1..10', () => {
    const table = Array.from({ length: 10 }, (_, i) => [i + 1, faultsOf(i + 1), quorumOf(i + 1)]);
    expect(table).toEqual([[1, 0, 1], [2, 0, 2], [3, 0, 2], [4, 1, 3], [5, 1, 4], [6, 1, 4], [7, 2, 5], [8, 2, 6], [9, 2, 6], [10, 3, 7]]);
  });
  it('any two quorums meet in an honest member (2q − n ≥ f + 1) for n = 1..64', () => {
    for (let n = 1; n <= 64; n++) expect(2 * quorumOf(n) - n).toBeGreaterThanOrEqual(faultsOf(n) + 1);
  });
  it('refuses n outside 1..64', () => {
    for (const n of [0, 65, 1.5]) expect(() => quorumOf(n)).toThrow(code('QBFT_BAD_CONFIG'));
  });
});

describe('leaderOf', () => {
  it('rotates over rounds through every member', () => {
    for (const n of [1, 4, 7, 10]) {
      const leaders = Array.from({ length: n }, (_, r) => leaderOf(INSTANCE, r + 1, n));
      expect(new Set(leaders).size).toBe(n);
      expect(leaders.every((l) => l >= 1 && l <= n)).toBe(true);
      expect(leaderOf(INSTANCE, n + 1, n)).toBe(leaders[0]);
    }
  });
  it('depends on slot and duty', () => {
    expect(leaderOf({ ...INSTANCE, slot: 101n }, 1, 4)).not.toBe(leaderOf(INSTANCE, 1, 4));
    expect(leaderOf({ ...INSTANCE, duty: 'aggregator' }, 1, 4)).not.toBe(leaderOf(INSTANCE, 1, 4));
  });
  it('refuses round 0 and unknown duties', () => {
    expect(() => leaderOf(INSTANCE, 0, 4)).toThrow(code('QBFT_BAD_CONFIG'));
    expect(() => leaderOf({ ...INSTANCE, duty: 'x' as DutyKind }, 1, 4)).toThrow(code('QBFT_BAD_CONFIG'));
  });
});

describe('round schedule', () => {
  it('starts each duty at its part of the slot', () => {
    const s = 10n;
    const start = T.genesisTimeMs + 10 * 12_000;
    expect(DUTY_KINDS.map((d) => dutyStartsAt(T, s, d) - start)).toEqual([4000, 8000, 0, 4000, 8000, 0]);
  });
  it('attester: rounds of 2 s, 3 s, 4 s, ... from 1/3 of the slot, capped at the end of the next slot', () => {
    const start = dutyStartsAt(T, 10n, 'attester');
    const ends = [1, 2, 3, 4, 5, 6, 7].map((r) => roundEndsAt(T, 10n, 'attester', r) - start);
    expect(ends).toEqual([2000, 5000, 9000, 14000, 20000, 20000, 20000]);
    expect(dutyDeadline(T, 10n, 'attester') - start).toBe(20000);
  });
  it('every round ends after it starts and never after the deadline; rounds from 3 on last ≥ 4 s (1 s one-way, 4 hops)', () => {
    for (const duty of DUTY_KINDS) {
      let prev = dutyStartsAt(T, 5n, duty);
      for (let r = 1; r <= 40; r++) {
        const end = roundEndsAt(T, 5n, duty, r);
        expect(end).toBeGreaterThanOrEqual(prev);
        expect(end).toBeLessThanOrEqual(dutyDeadline(T, 5n, duty));
        if (r >= 3 && end < dutyDeadline(T, 5n, duty)) expect(end - prev).toBeGreaterThanOrEqual(4000);
        prev = end;
      }
    }
  });
  it('refuses a bad timing or round', () => {
    expect(() => roundEndsAt(T, 1n, 'attester', 0)).toThrow(code('QBFT_BAD_CONFIG'));
    expect(() => dutyStartsAt({ genesisTimeMs: 0, slotMs: 0 }, 1n, 'attester')).toThrow(code('QBFT_BAD_CONFIG'));
    expect(() => dutyStartsAt(T, -1n, 'attester')).toThrow(code('QBFT_BAD_CONFIG'));
  });
});
