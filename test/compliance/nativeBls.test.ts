import { describe, expect, it } from 'vitest';
import { createNativeBls } from '../../src/adapters/bls/node.js';
import { createNobleBls } from '../../src/adapters/bls/index.js';
import { encodeSecretKey, sign, splitSecret } from '../../src/core/bls/index.js';
import { seededBytes, toHex } from '../helpers.js';
import { blsCompliance } from './bls.js';

blsCompliance('native (blst + herumi)', () => createNativeBls());

describe('native and noble Bls agree byte for byte', () => {
  it('on sign, publicKey and combine of t of n, for t = 1..10', async () => {
    const [native, noble] = [await createNativeBls(), createNobleBls()];
    const msg = new TextEncoder().encode('agree');
    for (let t = 1; t <= 10; t++) {
      const shares = splitSecret(BigInt(1000 + t), t, t + 2, seededBytes(`agree-${t}`));
      const keys = shares.map((s) => encodeSecretKey(s.secret));
      const partials = shares.slice(2).map((s, k) => ({ index: s.index, signature: native.sign(keys[k + 2]!, msg) }));
      expect(toHex(native.publicKey(keys[0]!))).toBe(toHex(noble.publicKey(keys[0]!)));
      expect(toHex(partials[0]!.signature)).toBe(toHex(sign(keys[2]!, msg)));
      expect(toHex(native.combine(partials))).toBe(toHex(noble.combine(partials)));
    }
  });

  it('a second factory call reuses the one herumi instance', async () => {
    const [a, b] = [await createNativeBls(), await createNativeBls()];
    const p = [{ index: 2, signature: a.sign(encodeSecretKey(9n), new Uint8Array(32)) }];
    expect(toHex(a.combine(p))).toBe(toHex(b.combine(p)));
  });
});
