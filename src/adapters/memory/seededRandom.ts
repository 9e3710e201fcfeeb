/**
 * A small seeded pseudo-random generator for tests and simulations: deterministic, fast, and NOT suitable for
 * anything secret. Each call advances a 32-bit counter by the golden-ratio increment and mixes it with a
 * multiply-xorshift finaliser, so every seed gives a distinct, well-spread stream.
 */

/** Returns a function that yields floats in [0, 1), the same sequence for the same `seed`. */
export function createSeededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${String(seed)}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 0x1_0000_0000;
  };
}
