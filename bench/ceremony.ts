/**
 * A simulated ceremony (all n participants in this process, the pure engine, no board) beside its compute
 * floor: the count of unavoidable operations per participant times their unit cost, measured in the same run.
 */
import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  G1,
  batchVerify,
  combineSignaturePoints,
  decodeSignature,
  lagrangeAtZero,
  commitPolynomial,
  decodePublicKey,
  encodeSecretKey,
  evalCommitments,
  randomPolynomial,
  secretToPublicKey,
  sign,
} from '../src/core/bls/index.js';
import {
  approvalDigest,
  decryptShares,
  ecdh,
  encryptShares,
  provePok,
  recoverApprovalSigner,
  signApprovalDigest,
  signDigest,
  verifyPok,
} from '../src/core/dkg/crypto/index.js';
import { verifyDigestSig } from '../src/core/crypto/index.js';
import { makeDefinition, makeOperators, makeParticipants, simulate } from '../test/dkgHarness.js';
import { compare } from './harness.js';

const rng = (n: number) => Uint8Array.from(randomBytes(n));

export interface CeremonyRow {
  n: number;
  t: number;
  wallMs: number;
  cpuPerParticipantMs: number;
  floorMs: number;
  floorBreakdown: Record<string, number>;
}

/** Median unit costs (ms) of the operations a participant cannot avoid, for cluster size n and threshold t. */
async function unitCosts(n: number, t: number) {
  const sid = rng(32);
  const coeffs = randomPolynomial(t, rng);
  const C = commitPolynomial(coeffs);
  const Cbytes = C.map((p) => p.toBytes(true));
  const pok = provePok({ secret: coeffs[0]!, sid, dealer: 1, validator: 0 });
  const r = BigInt('0x' + randomBytes(31).toString('hex'));
  const R = secp256k1.Point.BASE.multiply(r).toBytes(true);
  const ek = BigInt('0x' + randomBytes(31).toString('hex'));
  const EK = secp256k1.Point.BASE.multiply(ek).toBytes(true);
  const ch = rng(32);
  const ct = encryptShares({ dealerSecret: r, dealerPoint: R, recipientKey: EK, sid, i: 1, j: 2, commitmentsHash: ch, plaintext: rng(32) });
  const sk = encodeSecretKey(12345n);
  const msg = rng(32);
  const partials = Array.from({ length: 2 * n }, (_, k) => {
    const s = encodeSecretKey(BigInt(k + 7));
    return { publicKey: decodePublicKey(secretToPublicKey(s)), message: k % 2 ? msg : ch, signature: sign(s, k % 2 ? msg : ch) };
  });
  // Combination works on partials already decoded by the batch check (decoding is counted there).
  const tPoints = Array.from({ length: t }, (_, k) => decodeSignature(partials[k]!.signature));
  const wallet = rng(32);
  const digest = approvalDigest({ chainId: 1, configHash: ch, index: 1, identityKey: rng(32), encryptionKey: EK });
  const walletSig = signApprovalDigest(wallet, digest);
  const idSecret = rng(32);
  const idKey = secp256k1.getPublicKey(idSecret).subarray(1);
  const envSig = signDigest(idSecret, digest);
  let fresh = 0;
  const names = [
    'commit (fixed-base G1 mult)',
    'G1 decode (commitment)',
    'PoK verify',
    'share check (fixed-base mult + Horner)',
    'ECDH + AEAD',
    'partial check (in a batch of 2n)',
    'BLS sign',
    `combine ${t} partials`,
    'public share (Horner)',
    'envelope sign',
    'envelope verify',
    'wallet signature recover',
  ];
  const measured = await compare(
    [
      { name: names[0]!, fn: () => G1.BASE.multiply(BigInt(++fresh) * 0x1234567n) },
      { name: names[1]!, fn: () => G1.fromBytes(Cbytes[(++fresh % (t - 1)) + 1]!) },
      { name: names[2]!, fn: () => verifyPok({ C0: C[0]!, pok, sid, dealer: 1, validator: 0 }) },
      { name: names[3]!, fn: () => evalCommitments(C, 5).equals(G1.BASE.multiply(coeffs[0]!)) },
      { name: names[4]!, fn: () => decryptShares({ sharedPoint: ecdh(ek, R), dealerPoint: R, sid, i: 1, j: 2, commitmentsHash: ch, ciphertext: ct }) },
      { name: names[5]!, fn: () => batchVerify(partials, rng) },
      { name: names[6]!, fn: () => sign(sk, msg) },
      { name: names[7]!, fn: () => combineSignaturePoints(tPoints, lagrangeAtZero(tPoints.map((_, k) => k + 1))) },
      { name: names[8]!, fn: () => evalCommitments(C, 9) },
      { name: names[9]!, fn: () => signDigest(idSecret, digest) },
      { name: names[10]!, fn: () => verifyDigestSig(idKey, digest, envSig) },
      { name: names[11]!, fn: () => recoverApprovalSigner(digest, walletSig) },
    ],
    { minMs: 4000, minSamples: 5 },
  );
  const unit = Object.fromEntries(measured.map((m) => [m.name, m.medianMs]));
  unit[names[5]!] = unit[names[5]!]! / (2 * n); // per partial
  return { unit, names };
}

export async function runCeremony(sizes: number[]): Promise<CeremonyRow[]> {
  const rows: CeremonyRow[] = [];
  for (const n of sizes) {
    const t = Math.ceil((2 * n) / 3);
    const { unit, names } = await unitCosts(n, t);
    const count: Record<string, number> = {
      [names[0]!]: t + 1,
      [names[1]!]: (n - 1) * t,
      [names[2]!]: n - 1,
      [names[3]!]: n - 1,
      [names[4]!]: 2 * (n - 1),
      [names[5]!]: 2 * n,
      [names[6]!]: 2,
      [names[7]!]: 1,
      [names[8]!]: n,
      [names[9]!]: 4,
      [names[10]!]: 4 * n,
      [names[11]!]: n,
    };
    const floorBreakdown = Object.fromEntries(Object.entries(count).map(([k, c]) => [`${c} × ${k}`, c * unit[k]!]));
    const floorMs = Object.values(floorBreakdown).reduce((a, b) => a + b, 0);

    const ops = makeOperators(n, `bench-${n}`);
    const parts = makeParticipants(makeDefinition(ops, { V: 1 }), ops, `bench-${n}`);
    (globalThis as { gc?: () => void }).gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    simulate(parts, { isolateCaches: true });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (parts.some((p) => p.state.phase !== 'succeeded')) throw new Error(`bench ceremony n=${n} did not succeed`);
    const cpuPerParticipantMs = (cpu.user + cpu.system) / 1000 / n;
    rows.push({ n, t, wallMs, cpuPerParticipantMs, floorMs, floorBreakdown });
    console.log(`  n=${n}: ${(wallMs / 1000).toFixed(1)} s wall, ${cpuPerParticipantMs.toFixed(0)} ms CPU per participant, floor ${floorMs.toFixed(0)} ms`);
  }
  return rows;
}
