/**
 * Shamir/Feldman threshold BLS: polynomials over F_r, public shares from commitments, Lagrange coefficients at 0,
 * combination of partial signatures and public shares. Participant indices are 1..n (never 0); PROTOCOL.md §1.
 */
import { FpInvertBatch } from '@noble/curves/abstract/modular.js';
import { SvError } from '../errors.js';
import type { RandomBytes } from '../bytes.js';
import { CURVE_ORDER } from './constants.js';
import {
  Fr,
  G1,
  G2,
  checkSecretScalar,
  decodePublicKey,
  decodeSignature,
  encodePublicKey,
  encodeSignature,
  msmPublic,
  randomScalar,
  type G1Point,
  type G2Point,
} from './points.js';

/** Largest participant index we accept (far above any sane cluster; keeps indices small scalars). */
export const MAX_INDEX = 0xffff;

function checkIndex(i: number): bigint {
  if (!Number.isInteger(i) || i < 1 || i > MAX_INDEX) {
    throw new SvError('BLS_BAD_INDEX', `participant index must be an integer in 1..${MAX_INDEX}, got ${String(i)}`);
  }
  return BigInt(i);
}

function checkDistinct(indices: readonly number[]): void {
  if (indices.length === 0) throw new SvError('BLS_EMPTY_INPUT', 'no participant indices');
  const seen = new Set<number>();
  for (const i of indices) {
    checkIndex(i);
    if (seen.has(i)) throw new SvError('BLS_DUPLICATE_INDEX', `participant index ${i} appears twice`);
    seen.add(i);
  }
}

/** Evaluate f(x) = sum_k coeffs[k] x^k mod r (Horner). */
export function evalPolynomial(coeffs: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let k = coeffs.length - 1; k >= 0; k--) acc = Fr.add(Fr.mul(acc, x), coeffs[k] as bigint);
  return acc;
}

/** Feldman commitments C_k = a_k * G of a polynomial's coefficients. */
export function commitPolynomial(coeffs: readonly bigint[]): G1Point[] {
  return coeffs.map((c) => G1.BASE.multiply(c));
}

/**
 * Evaluate commitments "in the exponent": sum_k index^k C_k = f(index) * G (Horner with small scalars).
 * This is the public share of `index` for a polynomial committed by `commitments`.
 */
export function evalCommitments(commitments: readonly G1Point[], index: number): G1Point {
  const x = checkIndex(index);
  if (commitments.length === 0) throw new SvError('BLS_EMPTY_INPUT', 'no commitments');
  let acc = commitments[commitments.length - 1] as G1Point;
  for (let k = commitments.length - 2; k >= 0; k--) acc = acc.multiplyUnsafe(x).add(commitments[k] as G1Point);
  return acc;
}

/** Public share (48 bytes) of `index` from encoded commitments; rejects an identity result. */
export function publicShareFromCommitments(commitments: readonly Uint8Array[], index: number): Uint8Array {
  return encodePublicKey(evalCommitments(commitments.map(decodePublicKey), index));
}

/**
 * Lagrange coefficients at x = 0 for the given distinct indices, in the same order:
 * lambda_i = prod_{j != i} j / (j - i) mod r.
 */
export function lagrangeAtZero(indices: readonly number[]): bigint[] {
  checkDistinct(indices);
  const xs = indices.map(BigInt);
  const nums: bigint[] = [];
  const dens: bigint[] = [];
  for (let a = 0; a < xs.length; a++) {
    let num = 1n;
    let den = 1n;
    for (let b = 0; b < xs.length; b++) {
      if (a === b) continue;
      num = Fr.mul(num, xs[b] as bigint);
      den = Fr.mul(den, Fr.sub(xs[b] as bigint, xs[a] as bigint));
    }
    nums.push(num);
    dens.push(den);
  }
  const inv = FpInvertBatch(Fr, dens, true);
  return nums.map((n, k) => Fr.mul(n, inv[k] as bigint));
}

/** A partial signature from participant `index`. */
export interface PartialSignature {
  index: number;
  signature: Uint8Array;
}

/** A public share of participant `index`. */
export interface PublicShare {
  index: number;
  publicKey: Uint8Array;
}

/**
 * Combine exactly the given partial signatures (at least `threshold`, distinct indices) into the group
 * signature: sum lambda_i sigma_i. Uses the first `threshold` partials when more are given.
 */
export function combinePartialSignatures(partials: readonly PartialSignature[], threshold: number): Uint8Array {
  if (!Number.isInteger(threshold) || threshold < 1) throw new SvError('BLS_NOT_ENOUGH_SHARES', 'threshold must be a positive integer');
  if (partials.length < threshold) {
    throw new SvError('BLS_NOT_ENOUGH_SHARES', `need ${threshold} partial signatures, got ${partials.length}`);
  }
  const used = partials.slice(0, threshold);
  const lambdas = lagrangeAtZero(used.map((p) => p.index));
  return encodeSignature(combineSignaturePoints(used.map((p) => decodeSignature(p.signature)), lambdas));
}

/** sum lambda_i sigma_i on decoded points. */
export function combineSignaturePoints(points: G2Point[], lambdas: bigint[]): G2Point {
  return msmPublic(G2, points, lambdas);
}

/** Combine public shares of `threshold` participants into the group public key (sum lambda_i pk_i). */
export function combinePublicShares(shares: readonly PublicShare[], threshold: number): Uint8Array {
  if (shares.length < threshold) throw new SvError('BLS_NOT_ENOUGH_SHARES', `need ${threshold} public shares, got ${shares.length}`);
  const used = shares.slice(0, threshold);
  const lambdas = lagrangeAtZero(used.map((s) => s.index));
  return encodePublicKey(msmPublic(G1, used.map((s) => decodePublicKey(s.publicKey)), lambdas));
}

/** Reconstruct the secret f(0) from shares (testing and recovery only: never done in a ceremony). */
export function reconstructSecret(shares: readonly { index: number; secret: bigint }[]): bigint {
  const lambdas = lagrangeAtZero(shares.map((s) => s.index));
  let acc = 0n;
  shares.forEach((s, k) => {
    acc = Fr.add(acc, Fr.mul(s.secret, lambdas[k] as bigint));
  });
  return acc;
}

/** Random polynomial of degree t-1 with f(0) = secret (or random when omitted); coefficients in [1, r). */
export function randomPolynomial(threshold: number, randomBytes: RandomBytes, secret?: bigint): bigint[] {
  if (!Number.isInteger(threshold) || threshold < 1) throw new SvError('BLS_NOT_ENOUGH_SHARES', 'threshold must be a positive integer');
  const coeffs: bigint[] = [];
  if (secret !== undefined) checkSecretScalar(secret);
  for (let k = 0; k < threshold; k++) coeffs.push(k === 0 && secret !== undefined ? secret : randomScalar(randomBytes));
  return coeffs;
}

/**
 * Trusted-dealer split of a secret into n shares, t of which reconstruct it (tests and tooling; the
 * ceremony never has a dealer). Returns the shares f(1..n), all non-zero.
 */
export function splitSecret(secret: bigint, threshold: number, n: number, randomBytes: RandomBytes): { index: number; secret: bigint }[] {
  if (threshold > n) throw new SvError('BLS_NOT_ENOUGH_SHARES', `threshold ${threshold} exceeds n = ${n}`);
  for (;;) {
    const coeffs = randomPolynomial(threshold, randomBytes, secret);
    const shares = Array.from({ length: n }, (_, k) => ({ index: k + 1, secret: evalPolynomial(coeffs, BigInt(k + 1)) }));
    // A zero share has probability ~n/r; redraw rather than hand out an invalid secret.
    if (shares.every((s) => s.secret !== 0n && s.secret < CURVE_ORDER)) return shares;
  }
}
