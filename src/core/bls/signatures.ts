/**
 * BLS signatures with the Ethereum ciphersuite: sign, verify, aggregate, fast-aggregate-verify
 * (consensus-specs phase0 beacon-chain.md#bls-signatures, draft-irtf-cfrg-bls-signature-05 POP suite).
 * Byte-level functions validate every input; `verify*` return false on any invalid encoding, as the spec does.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { SvError } from '../errors.js';
import { bytesToHex } from '../bytes.js';
import { cachePut, cacheTable } from '../cacheScope.js';
import { ETH_BLS_DST } from './constants.js';
import {
  G1,
  G2,
  decodePublicKey,
  decodeSecretKey,
  decodeSignature,
  encodePublicKey,
  encodeSignature,
  type G1Point,
  type G2Point,
} from './points.js';

const sigs = bls12_381.longSignatures;

/**
 * Hash a message to G2 with the Ethereum DST. Hashing to G2 costs about as much as a signature; the same
 * messages (a deposit root, a lock message) are signed and then checked in one ceremony, so recent results are
 * remembered (points are immutable; the cache changes speed only).
 */
export function hashToG2(message: Uint8Array): G2Point {
  const key = bytesToHex(message);
  const hit = cacheTable<G2Point>('h2g2').get(key);
  if (hit) return hit;
  const p = sigs.hash(message, ETH_BLS_DST);
  cachePut('h2g2', key, p, 256);
  return p;
}

/** Public key (48 bytes) of a 32-byte secret key. */
export function secretToPublicKey(secretKey: Uint8Array): Uint8Array {
  return encodePublicKey(G1.BASE.multiply(decodeSecretKey(secretKey)));
}

/** Public key point of a secret scalar. */
export function scalarToPublicKey(x: bigint): G1Point {
  return G1.BASE.multiply(x);
}

/** Sign a message point with a secret scalar (no validation: for callers that already hold checked values). */
export function signPoint(x: bigint, messagePoint: G2Point): G2Point {
  return messagePoint.multiply(x);
}

/** Sign `message` with a 32-byte secret key; returns a 96-byte signature. */
export function sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  const x = decodeSecretKey(secretKey);
  return encodeSignature(signPoint(x, hashToG2(message)));
}

/** Pairing check e(pk, H(m)) == e(G1, sig), on already validated points. */
export function verifyPoints(publicKey: G1Point, messagePoint: G2Point, signature: G2Point): boolean {
  if (publicKey.is0() || signature.is0()) return false;
  const gt = bls12_381.pairingBatch(
    [
      { g1: publicKey, g2: messagePoint },
      { g1: G1.BASE.negate(), g2: signature },
    ],
    true,
  );
  return bls12_381.fields.Fp12.eql(gt, bls12_381.fields.Fp12.ONE);
}

/** Verify a signature; false for any invalid key or signature encoding (spec semantics). */
export function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  let pk: G1Point;
  let sig: G2Point;
  try {
    pk = decodePublicKey(publicKey);
    sig = decodeSignature(signature);
  } catch {
    return false;
  }
  return verifyPoints(pk, hashToG2(message), sig);
}

/** Aggregate signatures by point addition. Throws `BLS_EMPTY_INPUT` on an empty list (spec: invalid). */
export function aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  if (signatures.length === 0) throw new SvError('BLS_EMPTY_INPUT', 'nothing to aggregate');
  let acc = G2.ZERO;
  for (const s of signatures) acc = acc.add(decodeSignature(s));
  return encodeSignature(acc);
}

/** Aggregate public keys (each validated, none the identity). Throws `BLS_EMPTY_INPUT` on an empty list. */
export function aggregatePublicKeys(publicKeys: readonly Uint8Array[]): Uint8Array {
  if (publicKeys.length === 0) throw new SvError('BLS_EMPTY_INPUT', 'nothing to aggregate');
  let acc = G1.ZERO;
  for (const p of publicKeys) acc = acc.add(decodePublicKey(p));
  return encodePublicKey(acc);
}

/** FastAggregateVerify: many keys, one message (keys must carry proofs of possession). */
export function fastAggregateVerify(publicKeys: readonly Uint8Array[], message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKeys.length === 0) return false;
  let agg = G1.ZERO;
  let sig: G2Point;
  try {
    for (const p of publicKeys) agg = agg.add(decodePublicKey(p));
    sig = decodeSignature(signature);
  } catch {
    return false;
  }
  return verifyPoints(agg, hashToG2(message), sig);
}

/** AggregateVerify: one aggregate signature over distinct (key, message) pairs. */
export function aggregateVerify(publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[], signature: Uint8Array): boolean {
  if (publicKeys.length === 0 || publicKeys.length !== messages.length) return false;
  const seen = new Set<string>();
  for (const m of messages) {
    const key = Array.from(m).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
  }
  try {
    const sig = decodeSignature(signature);
    if (sig.is0()) return false;
    const pairs = publicKeys.map((pk, i) => ({ g1: decodePublicKey(pk), g2: hashToG2(messages[i] as Uint8Array) }));
    pairs.push({ g1: G1.BASE.negate(), g2: sig });
    return bls12_381.fields.Fp12.eql(bls12_381.pairingBatch(pairs, true), bls12_381.fields.Fp12.ONE);
  } catch {
    return false;
  }
}
