/**
 * Our BLS wrapper beside raw @noble/curves (the wrapper's overhead) and @chainsafe/blst (the native anchor),
 * measured interleaved in the same run.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import * as blst from '@chainsafe/blst';
import { randomBytes } from 'node:crypto';
import {
  ETH_BLS_DST,
  batchVerify,
  combinePartialSignatures,
  encodeSecretKey,
  lagrangeAtZero,
  secretToPublicKey,
  sign,
  splitSecret,
  verify,
} from '../src/core/bls/index.js';
import { compare, type Measured } from './harness.js';
import { setCacheScope } from '../src/core/cacheScope.js';

/** Run `fn` with empty crypto caches, so that no iteration reuses an earlier one's hash-to-curve or decoding. */
const cold = <T>(fn: () => T) => () => {
  setCacheScope({});
  const out = fn();
  setCacheScope(undefined);
  return out;
};

const noble = bls12_381.longSignatures;
const msg = randomBytes(32);

export interface Row {
  operation: string;
  ours: Measured;
  noble: Measured;
  blst?: Measured;
  note?: string;
}

function setup(t: number, n: number) {
  const secret = 0x1234_5678_9abc_def0_1234_5678n;
  const shares = splitSecret(secret, t, n, (k) => randomBytes(k));
  const keys = shares.map((s) => encodeSecretKey(s.secret));
  const partials = shares.map((s, k) => ({ index: s.index, signature: sign(keys[k]!, msg) }));
  return { shares, keys, partials, pubs: keys.map(secretToPublicKey) };
}

/** Naive combination with noble primitives: decode, multiply each by its Lagrange coefficient, add. */
function nobleCombine(partials: { index: number; signature: Uint8Array }[]) {
  const l = lagrangeAtZero(partials.map((p) => p.index));
  let acc = bls12_381.G2.Point.ZERO;
  partials.forEach((p, k) => (acc = acc.add(noble.Signature.fromBytes(p.signature).multiply(l[k]!))));
  return noble.Signature.toBytes(acc);
}

export async function runBls(): Promise<Row[]> {
  const rows: Row[] = [];
  const sk = encodeSecretKey(0xabcdefn);
  const pk = secretToPublicKey(sk);
  const sig = sign(sk, msg);
  const bsk = blst.SecretKey.fromBytes(sk);
  const bpk = bsk.toPublicKey();
  const bsig = bsk.sign(msg);

  const [oursSign, nobleSign, blstSign] = await compare([
    { name: 'ours', fn: cold(() => sign(sk, msg)) },
    { name: 'noble', fn: () => noble.Signature.toBytes(noble.sign(noble.hash(msg, ETH_BLS_DST), sk)) },
    { name: 'blst', fn: () => bsk.sign(msg).toBytes() },
  ]);
  rows.push({ operation: 'sign (hash + multiply + encode)', ours: oursSign!, noble: nobleSign!, blst: blstSign });

  const [oursVer, nobleVer, blstVer] = await compare([
    { name: 'ours', fn: cold(() => verify(pk, msg, sig)) },
    { name: 'noble', fn: () => noble.verify(sig, noble.hash(msg, ETH_BLS_DST), pk) },
    { name: 'blst', fn: () => blst.verify(msg, blst.PublicKey.fromBytes(pk, true), blst.Signature.fromBytes(sig, true)) },
  ]);
  rows.push({ operation: 'verify (decode + validate + 2 pairings)', ours: oursVer!, noble: nobleVer!, blst: blstVer });
  void bpk;
  void bsig;

  for (const t of [3, 11]) {
    const { partials } = setup(t, t + 2);
    const used = partials.slice(0, t);
    const [o, n] = await compare([
      { name: 'ours', fn: cold(() => combinePartialSignatures(used, t)) },
      { name: 'noble', fn: () => nobleCombine(used) },
    ]);
    rows.push({ operation: `combine ${t} partial signatures`, ours: o!, noble: n!, note: 'noble: naive multiply-and-add; blst has no Lagrange combination' });
  }

  {
    const { partials, pubs } = setup(11, 16);
    const items = partials.map((p, k) => ({ publicKey: pubs[k]!, message: msg, signature: p.signature }));
    const sets = items.map((it) => ({ msg: it.message, pk: blst.PublicKey.fromBytes(it.publicKey, true), sig: blst.Signature.fromBytes(it.signature, true) }));
    const [o, n, b] = await compare(
      [
        { name: 'ours', fn: cold(() => batchVerify(items, (k) => randomBytes(k))) },
        { name: 'noble', fn: () => items.every((it) => noble.verify(it.signature, noble.hash(it.message, ETH_BLS_DST), it.publicKey)) },
        { name: 'blst', fn: () => blst.verifyMultipleAggregateSignatures(sets) },
      ],
      { minMs: 3000, minSamples: 3 },
    );
    rows.push({ operation: 'batch-verify 16 partials (one message)', ours: o!, noble: n!, blst: b, note: 'noble: 16 single verifies' });
  }
  return rows;
}
