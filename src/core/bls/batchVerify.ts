/**
 * Batch verification of many signatures (typically partial signatures of one message under the public
 * shares) by a random linear combination: with random 64-bit r_i,
 *   e(G1, sum r_i s_i) == prod_m e(sum_{i: m_i = m} r_i pk_i, H(m)).
 * A forged item passes with probability <= 2^-64. On failure, bisection names every bad item.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToBigIntBE, bytesToHex, type RandomBytes } from '../bytes.js';
import { G1, G2, msmPublic, decodePublicKey, decodeSignature, type G1Point, type G2Point } from './points.js';
import { hashToG2 } from './signatures.js';

/** One signature to check. Key and signature may be pre-decoded (validated points) to save work. */
export interface BatchItem {
  publicKey: Uint8Array | G1Point;
  message: Uint8Array;
  signature: Uint8Array | G2Point;
}

/** Outcome: `invalid` lists the positions (into the input array) of every item that does not verify. */
export interface BatchResult {
  valid: boolean;
  invalid: number[];
}

interface Decoded {
  pos: number;
  pk: G1Point;
  sig: G2Point;
  msgKey: string;
}

function randomWeight(randomBytes: RandomBytes): bigint {
  for (;;) {
    const w = bytesToBigIntBE(randomBytes(8));
    if (w !== 0n) return w;
  }
}

function checkGroup(items: Decoded[], hashes: Map<string, G2Point>, randomBytes: RandomBytes): boolean {
  if (items.length === 0) return true;
  const weights = items.map(() => randomWeight(randomBytes));
  const byMsg = new Map<string, { pks: G1Point[]; ws: bigint[] }>();
  for (const [k, it] of items.entries()) {
    let g = byMsg.get(it.msgKey);
    if (!g) byMsg.set(it.msgKey, (g = { pks: [], ws: [] }));
    g.pks.push(it.pk);
    g.ws.push(weights[k] as bigint);
  }
  const sigSum = msmPublic(G2, items.map((i) => i.sig), weights);
  const pairs: { g1: G1Point; g2: G2Point }[] = [{ g1: G1.BASE.negate(), g2: sigSum }];
  for (const [msgKey, g] of byMsg) {
    const pkSum = msmPublic(G1, g.pks, g.ws);
    if (pkSum.is0()) return false;
    pairs.push({ g1: pkSum, g2: hashes.get(msgKey) as G2Point });
  }
  if (sigSum.is0()) return false;
  return bls12_381.fields.Fp12.eql(bls12_381.pairingBatch(pairs, true), bls12_381.fields.Fp12.ONE);
}

function bisect(items: Decoded[], hashes: Map<string, G2Point>, randomBytes: RandomBytes, bad: number[]): void {
  if (checkGroup(items, hashes, randomBytes)) return;
  if (items.length === 1) {
    bad.push((items[0] as Decoded).pos);
    return;
  }
  const mid = items.length >> 1;
  bisect(items.slice(0, mid), hashes, randomBytes, bad);
  bisect(items.slice(mid), hashes, randomBytes, bad);
}

/**
 * Verify all items at once. Items with an invalid encoding (bad point, identity key or signature) are
 * reported invalid without any pairing. `randomBytes` must be a CSPRNG: the weights must be unpredictable
 * to whoever made the signatures.
 */
export function batchVerify(items: readonly BatchItem[], randomBytes: RandomBytes): BatchResult {
  const invalid: number[] = [];
  const decoded: Decoded[] = [];
  const hashes = new Map<string, G2Point>();
  items.forEach((it, pos) => {
    try {
      const pk = it.publicKey instanceof Uint8Array ? decodePublicKey(it.publicKey) : it.publicKey;
      const sig = it.signature instanceof Uint8Array ? decodeSignature(it.signature) : it.signature;
      if (pk.is0() || sig.is0()) throw new Error('identity');
      const msgKey = bytesToHex(it.message);
      if (!hashes.has(msgKey)) hashes.set(msgKey, hashToG2(it.message));
      decoded.push({ pos, pk, sig, msgKey });
    } catch {
      invalid.push(pos);
    }
  });
  bisect(decoded, hashes, randomBytes, invalid);
  invalid.sort((a, b) => a - b);
  return { valid: invalid.length === 0, invalid };
}
