import { describe, expect, it } from 'vitest';
import {
  CURVE_ORDER,
  Fr,
  G1,
  G2,
  batchVerify,
  commitPolynomial,
  evalCommitments,
  evalPolynomial,
  lagrangeAtZero,
  publicShareFromCommitments,
  randomPolynomial,
  scalarToPublicKey,
  encodeSecretKey,
  secretToPublicKey,
  sign,
} from '../../../src/core/bls/index.js';
import { seededBytes } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });

describe('polynomials and Lagrange', () => {
  it('evaluates polynomials mod r and commitments in the exponent', () => {
    const coeffs = [3n, 5n, CURVE_ORDER - 1n];
    expect(evalPolynomial(coeffs, 2n)).toBe(Fr.create(3n + 10n + 4n * (CURVE_ORDER - 1n)));
    const C = commitPolynomial(coeffs);
    for (const j of [1, 2, 9]) expect(evalCommitments(C, j).equals(scalarToPublicKey(evalPolynomial(coeffs, BigInt(j))))).toBe(true);
    const enc = C.map((p) => p.toBytes(true));
    expect(publicShareFromCommitments(enc, 2)).toEqual(secretToPublicKey(encodeSecretKey(evalPolynomial(coeffs, 2n))));
  });

  it('Lagrange coefficients at 0 sum to 1 and interpolate a constant', () => {
    const l = lagrangeAtZero([1, 3, 4, 7]);
    expect(l.reduce((a, b) => Fr.add(a, b), 0n)).toBe(1n);
    expect(lagrangeAtZero([2])).toEqual([1n]);
  });

  it('rejects index 0, negative, fractional, too large and duplicate indices', () => {
    expect(() => lagrangeAtZero([0, 1])).toThrow(code('BLS_BAD_INDEX'));
    expect(() => lagrangeAtZero([1, -2])).toThrow(code('BLS_BAD_INDEX'));
    expect(() => lagrangeAtZero([1.5, 2])).toThrow(code('BLS_BAD_INDEX'));
    expect(() => lagrangeAtZero([1, 70000])).toThrow(code('BLS_BAD_INDEX'));
    expect(() => lagrangeAtZero([1, 2, 1])).toThrow(code('BLS_DUPLICATE_INDEX'));
    expect(() => lagrangeAtZero([])).toThrow(code('BLS_EMPTY_INPUT'));
    expect(() => evalCommitments([G1.BASE], 0)).toThrow(code('BLS_BAD_INDEX'));
  });

  it('random polynomials have the requested degree and constant term', () => {
    const f = randomPolynomial(4, seededBytes('poly'), 99n);
    expect(f).toHaveLength(4);
    expect(f[0]).toBe(99n);
    expect(() => randomPolynomial(3, seededBytes('poly'), 0n)).toThrow(code('BLS_ZERO_SECRET'));
  });
});

describe('batch verification', () => {
  const msg = new TextEncoder().encode('deposit');
  const keys = [11n, 12n, 13n, 14n, 15n].map(encodeSecretKey);
  const items = keys.map((sk) => ({ publicKey: secretToPublicKey(sk), message: msg, signature: sign(sk, msg) }));

  it('accepts a batch of valid signatures, including several messages', () => {
    const other = new TextEncoder().encode('lock');
    const mixed = [...items, { publicKey: items[0]!.publicKey, message: other, signature: sign(keys[0]!, other) }];
    expect(batchVerify(mixed, seededBytes('w'))).toEqual({ valid: true, invalid: [] });
  });

  it('names every bad item: swapped signatures, a bad encoding, a wrong key', () => {
    const bad = items.slice();
    bad[1] = { ...items[1]!, signature: items[2]!.signature };
    bad[3] = { ...items[3]!, signature: new Uint8Array(96) };
    bad[4] = { ...items[4]!, publicKey: items[0]!.publicKey };
    expect(batchVerify(bad, seededBytes('w'))).toEqual({ valid: false, invalid: [1, 3, 4] });
  });

  it('is not fooled by two wrong signatures that cancel in a plain sum', () => {
    // s1' = s1 + D, s2' = s2 - D: the unweighted sum still verifies; random weights catch it.
    const D = sign(encodeSecretKey(99n), msg);
    const bls = items.slice(0, 2);
    const add = (a: Uint8Array, b: Uint8Array, neg: boolean) => {
      const pa = G2.fromBytes(a);
      const pb = G2.fromBytes(b);
      return (neg ? pa.subtract(pb) : pa.add(pb)).toBytes(true);
    };
    const forged = [
      { ...bls[0]!, signature: add(bls[0]!.signature, D, false) },
      { ...bls[1]!, signature: add(bls[1]!.signature, D, true) },
    ];
    expect(batchVerify(forged, seededBytes('w')).invalid).toEqual([0, 1]);
  });
});
