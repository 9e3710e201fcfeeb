/** The relay's token buckets (per connection) and keyed buckets (per IP), on an injected clock. */
import { describe, expect, it } from 'vitest';
import { KeyedBuckets, TokenBucket } from '../../../relay/rateLimit.js';

/** Take until refused; how many were granted (bounded, so a broken bucket fails rather than hangs). */
const drain = (take: () => boolean, max = 10_000) => {
  let n = 0;
  while (n < max && take()) n++;
  return n;
};

describe('TokenBucket', () => {
  it('starts full: grants the burst at once, then refuses', () => {
    const now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(drain(() => bucket.take())).toBe(5);
    expect(bucket.take()).toBe(false);
  });

  it('refills at the rate, never above the burst', () => {
    let now = 1_000;
    const bucket = new TokenBucket(10, 5, () => now); // one token per 100 ms
    drain(() => bucket.take());
    now += 99;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 250; // 2.5 tokens
    expect(drain(() => bucket.take())).toBe(2);
    now += 3_600_000; // an hour idle: still only the burst
    expect(drain(() => bucket.take())).toBe(5);
  });

  it('a refused take costs nothing; a cost above one takes that many', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 10, () => now);
    expect(bucket.take(4)).toBe(true);
    expect(bucket.take(7)).toBe(false);
    expect(bucket.take(6)).toBe(true);
    expect(bucket.take(1)).toBe(false);
    now += 3_000;
    expect(bucket.take(4)).toBe(false);
    expect(bucket.take(3)).toBe(true);
  });

  it('a cost above the burst is never granted', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 3, () => now);
    now += 1e9;
    expect(bucket.take(4)).toBe(false);
    expect(bucket.take(3)).toBe(true);
  });

  it('a steady caller gets the rate, not more', () => {
    let now = 0;
    const bucket = new TokenBucket(20, 20, () => now);
    let granted = 0;
    for (let ms = 0; ms < 10_000; ms += 5) {
      now = ms;
      if (bucket.take()) granted++;
    }
    // 20 burst + 20/s for ~10 s.
    expect(granted).toBeGreaterThanOrEqual(215);
    expect(granted).toBeLessThanOrEqual(221);
  });
});

describe('KeyedBuckets', () => {
  it('keeps one bucket per key', () => {
    const now = 0;
    const buckets = new KeyedBuckets(1, 3, 100, () => now);
    expect(drain(() => buckets.take('10.0.0.1'))).toBe(3);
    expect(buckets.take('10.0.0.1')).toBe(false);
    expect(drain(() => buckets.take('10.0.0.2'))).toBe(3);
    expect(buckets.size).toBe(2);
  });

  it('sweep forgets keys idle long enough to be full again, and only those', () => {
    let now = 0;
    const buckets = new KeyedBuckets(10, 20, 100, () => now); // full again after 2 s idle
    drain(() => buckets.take('a'));
    now = 1_500;
    buckets.take('b');
    now = 2_001;
    buckets.sweep();
    expect(buckets.size).toBe(1);
    // 'b' is remembered: still short of its burst (19 + 5 refilled, capped at 20 -> drains 20 exactly, not more).
    expect(drain(() => buckets.take('b'))).toBe(20);
    // A forgotten key comes back full, which it would have been anyway.
    expect(drain(() => buckets.take('a'))).toBe(20);
  });

  it('a key that is still being refused is not forgotten by a sweep', () => {
    let now = 0;
    const buckets = new KeyedBuckets(1, 5, 100, () => now);
    drain(() => buckets.take('attacker'));
    for (; now < 10_000; now += 500) {
      buckets.take('attacker');
      buckets.sweep();
    }
    expect(buckets.size).toBe(1);
    // Remembered: at most the one token refilled since its last take, not a fresh burst of 5.
    expect(drain(() => buckets.take('attacker'))).toBeLessThanOrEqual(1);
  });

  it('sweeps idle keys when the map reaches maxKeys', () => {
    let now = 0;
    const buckets = new KeyedBuckets(10, 10, 4, () => now);
    for (const k of ['a', 'b', 'c', 'd']) buckets.take(k);
    expect(buckets.size).toBe(4);
    now = 5_000;
    buckets.take('e');
    expect(buckets.size).toBe(1);
  });

  it('stays bounded by maxKeys even when every key is busy (many source addresses)', () => {
    let now = 0;
    const buckets = new KeyedBuckets(1, 5, 64, () => now);
    for (let i = 0; i < 10_000; i++) {
      now += 1;
      buckets.take(`2001:db8::${i.toString(16)}`);
    }
    expect(buckets.size).toBeLessThanOrEqual(64);
    // The most recent keys are kept, with their state.
    expect(buckets.take('2001:db8::270f')).toBe(true);
    expect(drain(() => buckets.take('2001:db8::270f'))).toBe(3);
  });
});
