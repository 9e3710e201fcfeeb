/** Token buckets for the relay's abuse limits: per connection and per remote IP. */

/** A bucket refilled at `ratePerSecond` up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Take `cost` tokens if there are enough; false means the caller is over its rate. */
  take(cost = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/** Buckets keyed by a string (an IP address), dropped once idle and full again so the map stays bounded. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; used: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 65536,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, cost = 1): boolean {
    let entry = this.buckets.get(key);
    if (!entry) {
      if (this.buckets.size >= this.maxKeys) this.sweep();
      // Still full of busy keys (many source addresses): forget the oldest, so the map stays bounded.
      for (const oldest of this.buckets.keys()) {
        if (this.buckets.size < this.maxKeys) break;
        this.buckets.delete(oldest);
      }
      entry = { bucket: new TokenBucket(this.ratePerSecond, this.burst, this.now), used: this.now() };
      this.buckets.set(key, entry);
    }
    entry.used = this.now();
    return entry.bucket.take(cost);
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Forget keys idle long enough to have refilled completely. */
  sweep(): void {
    const idle = (this.burst / this.ratePerSecond) * 1000;
    const cutoff = this.now() - idle;
    for (const [key, entry] of this.buckets) if (entry.used < cutoff) this.buckets.delete(key);
  }
}
