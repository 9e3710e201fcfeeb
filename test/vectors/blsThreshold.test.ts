// The 3-of-4 threshold known-answer vector (charon tbls / herumi, Ethereum DST).
import { describe, expect, it } from 'vitest';
import {
  combinePartialSignatures,
  combinePublicShares,
  decodeSecretKey,
  reconstructSecret,
  secretToPublicKey,
  sign,
  verify,
  aggregateSignatures,
  aggregatePublicKeys,
} from '../../src/core/bls/index.js';
import { hex, readJson, toHex } from '../helpers.js';

interface Vector {
  message_hex: string;
  group_secret_hex: string;
  group_pubkey_hex: string;
  group_signature_hex: string;
  keys: { name: string; secret_hex: string; pubkey_hex: string }[];
  partials: { share_idx: number; secret_hex: string; pubshare_hex: string; signature_hex: string }[];
  threshold_aggregates: { share_indices: number[]; signature_hex: string }[];
  plain_aggregate: { share_indices: number[]; signature_hex: string }[];
}

const v = readJson<Vector>('threshold', 'bls_threshold_3of4.json');
const msg = hex(v.message_hex);
const partial = (i: number) => v.partials.find((p) => p.share_idx === i)!;

describe('threshold vector 3-of-4', () => {
  it('derives every public key and public share from its secret', () => {
    for (const k of v.keys) expect(toHex(secretToPublicKey(hex(k.secret_hex)))).toBe(k.pubkey_hex);
    for (const p of v.partials) expect(toHex(secretToPublicKey(hex(p.secret_hex)))).toBe(p.pubshare_hex);
  });

  it('each partial signature is the share signing the message and verifies under its public share', () => {
    for (const p of v.partials) {
      expect(toHex(sign(hex(p.secret_hex), msg))).toBe(p.signature_hex);
      expect(verify(hex(p.pubshare_hex), msg, hex(p.signature_hex))).toBe(true);
    }
  });

  it('every listed 3-subset combines to the group signature, which verifies under the group key', () => {
    expect(v.threshold_aggregates.length).toBeGreaterThanOrEqual(4);
    for (const agg of v.threshold_aggregates) {
      const sig = combinePartialSignatures(
        agg.share_indices.map((i) => ({ index: i, signature: hex(partial(i).signature_hex) })),
        3,
      );
      expect(toHex(sig)).toBe(agg.signature_hex);
      expect(toHex(sig)).toBe(v.group_signature_hex);
    }
    expect(verify(hex(v.group_pubkey_hex), msg, hex(v.group_signature_hex))).toBe(true);
  });

  it('any 3 public shares combine to the group key; any 3 secrets to the group secret', () => {
    for (const idx of [[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4], [4, 2, 1]]) {
      const pk = combinePublicShares(idx.map((i) => ({ index: i, publicKey: hex(partial(i).pubshare_hex) })), 3);
      expect(toHex(pk)).toBe(v.group_pubkey_hex);
      const secret = reconstructSecret(idx.map((i) => ({ index: i, secret: decodeSecretKey(hex(partial(i).secret_hex)) })));
      expect(secret).toBe(decodeSecretKey(hex(v.group_secret_hex)));
    }
  });

  it('2 partials do not make the group signature', () => {
    const two = [1, 2].map((i) => ({ index: i, signature: hex(partial(i).signature_hex) }));
    expect(() => combinePartialSignatures(two, 3)).toThrow(expect.objectContaining({ code: 'BLS_NOT_ENOUGH_SHARES' }));
    const wrong = combinePartialSignatures(two, 2);
    expect(verify(hex(v.group_pubkey_hex), msg, wrong)).toBe(false);
  });

  it('the plain sum of all partials is a multi-signature over the public shares, not the group signature', () => {
    const plain = aggregateSignatures(v.partials.map((p) => hex(p.signature_hex)));
    expect(toHex(plain)).not.toBe(v.group_signature_hex);
    const aggPk = aggregatePublicKeys(v.partials.map((p) => hex(p.pubshare_hex)));
    expect(verify(aggPk, msg, plain)).toBe(true);
    expect(v.plain_aggregate[0]!.share_indices).toEqual([1, 2, 3, 4]);
    expect(toHex(plain)).toBe(v.plain_aggregate[0]!.signature_hex);
  });
});
