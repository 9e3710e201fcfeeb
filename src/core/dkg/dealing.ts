/**
 * M1 Deal (PROTOCOL.md §3): making a deal from the seed, its public checks (anyone), the private check of one's
 * own shares (the recipient), and settling an accusation (anyone). All dealer randomness is derived from the
 * seed and the sid, so a reloaded participant re-deals byte for byte (§8).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bigIntToBytesBE, bytesToBigIntBE, bytesToHex, concatBytes, utf8ToBytes } from '../bytes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { memoBySeed } from './seedMemo.js';
import {
  CURVE_ORDER,
  G1,
  commitPolynomial,
  decodePublicKey,
  evalCommitments,
  evalPolynomial,
  type G1Point,
} from '../bls/index.js';
import { deriveBlsScalar, deriveSecpScalar } from '../crypto/derive.js';
import {
  decryptShares,
  ecdh,
  encryptShares,
  provePok,
  taggedHash,
  verifyDleq,
  verifyPok,
} from './crypto/index.js';
import type { Accusation, DealBody, Shape } from './messages.js';

/** The dealer's secrets for one session, derived from its seed (never stored, re-derived on demand). */
export interface DealerSecrets {
  /** Ephemeral secp256k1 scalar r_i; R_i = r_i G. */
  r: bigint;
  /** polynomials[v][k]: coefficient k of f_{i,v}. */
  polynomials: bigint[][];
}

/** Derive r_i and the V polynomials of degree t-1 from (seed, sid). */
export function deriveDealerSecrets(seed: Uint8Array, sid: Uint8Array, s: Shape): DealerSecrets {
  const r = deriveSecpScalar(seed, sid, 'sv-dkg/1/dealer-ephemeral');
  const polynomials = Array.from({ length: s.V }, (_, v) =>
    Array.from({ length: s.t }, (_, k) => deriveBlsScalar(seed, sid, `sv-dkg/1/polynomial/${v}/${k}`)),
  );
  return { r, polynomials };
}

/** H(all C of i): binds every ciphertext of a deal to that deal's commitments (the AEAD's associated data). */
export function commitmentsHash(deal: Pick<DealBody, 'validators'>): Uint8Array {
  return taggedHash('commitments', ...deal.validators.flatMap((v) => v.commitments));
}

/** Build dealer i's M1 body. `encryptionKeys[j-1]` is EK_j from the approvals. */
export function makeDeal(secrets: DealerSecrets, sid: Uint8Array, dealer: number, encryptionKeys: Uint8Array[], s: Shape): DealBody {
  const R = secp256k1.Point.BASE.multiply(secrets.r).toBytes(true);
  const validators = secrets.polynomials.map((coeffs, v) => ({
    commitments: commitPolynomial(coeffs).map((c) => c.toBytes(true)),
    pok: provePok({ secret: coeffs[0] as bigint, sid, dealer, validator: v }),
  }));
  const ch = commitmentsHash({ validators });
  const shares = [];
  for (let j = 1; j <= s.n; j++) {
    if (j === dealer) continue;
    const plaintext = concatBytes(...secrets.polynomials.map((coeffs) => bigIntToBytesBE(evalPolynomial(coeffs, BigInt(j)), 32)));
    const ct = encryptShares({
      dealerSecret: secrets.r,
      dealerPoint: R,
      recipientKey: encryptionKeys[j - 1] as Uint8Array,
      sid,
      i: dealer,
      j,
      commitmentsHash: ch,
      plaintext,
    });
    shares.push({ to: j, ct });
  }
  return { R, validators, shares };
}

/** Own shares f_{i,v}(i) of the dealer itself (it sends no ciphertext to itself). */
export function ownDealtShares(secrets: DealerSecrets, dealer: number): bigint[] {
  return secrets.polynomials.map((coeffs) => evalPolynomial(coeffs, BigInt(dealer)));
}

/** Decoded commitments of a deal: points[v][k]. Throws a coded BLS error on any invalid or identity point. */
export function decodeCommitments(deal: DealBody): G1Point[][] {
  return deal.validators.map((v) => v.commitments.map(decodePublicKey));
}

/**
 * Public checks of M1 (anyone): every commitment a valid non-identity G1 point, R_i a valid secp256k1 point,
 * and a valid PoK of every constant term bound to (sid, dealer, v). Returns the reason of the first failure.
 */
export function dealPublicProblem(deal: DealBody, sid: Uint8Array, dealer: number): string | undefined {
  let commitments: G1Point[][];
  try {
    commitments = decodeCommitments(deal);
  } catch (e) {
    return `invalid commitment: ${(e as Error).message}`;
  }
  try {
    const p = secp256k1.Point.fromBytes(deal.R);
    if (p.is0()) return 'R is the identity';
  } catch {
    return 'R is not a valid secp256k1 point';
  }
  for (const [v, c] of commitments.entries()) {
    const pok = (deal.validators[v] as DealBody['validators'][number]).pok;
    if (!verifyPok({ C0: c[0] as G1Point, pok, sid, dealer, validator: v })) return `invalid proof of knowledge for validator ${v}`;
  }
  return undefined;
}

/**
 * Check decrypted shares against the dealer's commitments: f_{i,v}(j) G == sum_k j^k C[v][k] for every v.
 * Returns the shares when all are good, undefined otherwise.
 */
export function checkShares(plaintext: Uint8Array | null, commitments: G1Point[][], j: number): bigint[] | undefined {
  if (!plaintext || plaintext.length !== 32 * commitments.length) return undefined;
  const shares: bigint[] = [];
  for (const [v, c] of commitments.entries()) {
    const x = bytesToBigIntBE(plaintext.subarray(32 * v, 32 * v + 32));
    if (x >= CURVE_ORDER) return undefined;
    const expected = evalCommitments(c, j);
    const actual = x === 0n ? G1.ZERO : G1.BASE.multiply(x);
    if (!actual.equals(expected)) return undefined;
    shares.push(x);
  }
  return shares;
}

/** Participant j's private check of dealer i's deal, with its encryption secret. */
export function receiveShares(deal: DealBody, sid: Uint8Array, dealer: number, me: number, encryptionSecret: bigint): bigint[] | undefined {
  const entry = deal.shares.find((s) => s.to === me);
  if (!entry) return undefined;
  let K: Uint8Array;
  try {
    K = ecdh(encryptionSecret, deal.R);
  } catch {
    return undefined;
  }
  const plaintext = decryptShares({ sharedPoint: K, dealerPoint: deal.R, sid, i: dealer, j: me, commitmentsHash: commitmentsHash(deal), ciphertext: entry.ct });
  return checkShares(plaintext, decodeCommitments(deal), me);
}

/**
 * `receiveShares`, remembered per seed object and exact deal text (seedMemo.ts): the ECDH, decryption and share
 * check of a deal happen once, whether the shares are needed for the ack or for the confirmation.
 */
export function sharesFrom(seed: Uint8Array, sid: Uint8Array, dealText: string, deal: DealBody, dealer: number, me: number, encryptionSecret: bigint): bigint[] | undefined {
  return memoBySeed(seed, `shares/${dealer}/${me}/${bytesToHex(sha256(utf8ToBytes(dealText)))}/${bytesToHex(sid)}`, () =>
    receiveShares(deal, sid, dealer, me, encryptionSecret),
  );
}

/** The shared point K_ij a receiver reveals when accusing (re-derived from its secret). */
export function sharedPointFor(deal: DealBody, encryptionSecret: bigint): Uint8Array {
  return ecdh(encryptionSecret, deal.R);
}

/**
 * Settle an accusation by `accuser` against the dealer of `deal` (PROTOCOL.md §3 M2): check the DLEQ proof,
 * decrypt with the revealed key, check the share. Returns who is at fault.
 */
export function settleAccusation(deal: DealBody, accusation: Accusation, sid: Uint8Array, accuser: number, accuserEK: Uint8Array): 'dealer' | 'accuser' {
  const ok = verifyDleq({ recipientKey: accuserEK, dealerPoint: deal.R, K: accusation.K, proof: accusation.proof, sid, i: accusation.dealer, j: accuser });
  if (!ok) return 'accuser';
  const entry = deal.shares.find((s) => s.to === accuser);
  if (!entry) return 'dealer';
  const plaintext = decryptShares({
    sharedPoint: accusation.K,
    dealerPoint: deal.R,
    sid,
    i: accusation.dealer,
    j: accuser,
    commitmentsHash: commitmentsHash(deal),
    ciphertext: entry.ct,
  });
  let commitments: G1Point[][];
  try {
    commitments = decodeCommitments(deal);
  } catch {
    return 'dealer';
  }
  return checkShares(plaintext, commitments, accuser) ? 'accuser' : 'dealer';
}
