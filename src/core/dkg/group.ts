/**
 * After a successful decision (PROTOCOL.md §3 M3/M4): group commitments, group keys, public shares, the
 * transcript hash T, the messages the partial signatures sign, and the combination of the result.
 */
import { utf8ToBytes } from '../bytes.js';
import { G1, evalCommitments, type G1Point } from '../bls/index.js';
import { depositSigningRoot } from '../eth/depositData.js';
import { definitionNetwork, type CeremonyDefinition } from './definition.js';
import { canonicalJson } from '../wire/canonicalJson.js';
import { hexToBytes } from '../bytes.js';
import { u16be } from '../crypto/encoding.js';
import { taggedHash } from './crypto/index.js';
import type { Shape } from './messages.js';

/** Group values of one validator. */
export interface GroupValidator {
  /** A_{v,k} = sum_i C_i[v][k]. */
  commitments: G1Point[];
  /** pk_v = A_{v,0}. */
  publicKey: G1Point;
  /** publicShares[m-1] = pk_{v,m} = sum_k m^k A_{v,k}. */
  publicShares: G1Point[];
}

/** Sum the qualified dealers' commitments (all n dealers in sv-dkg/1) and derive every public share. */
export function computeGroup(dealCommitments: G1Point[][][], s: Shape): GroupValidator[] {
  return Array.from({ length: s.V }, (_, v) => {
    const commitments = Array.from({ length: s.t }, (_, k) => dealCommitments.reduce((acc, c) => acc.add(c[v]![k]!), G1.ZERO));
    const publicShares = Array.from({ length: s.n }, (_, m) => evalCommitments(commitments, m + 1));
    return { commitments, publicKey: commitments[0]!, publicShares };
  });
}

/** T = H("transcript", D, M0[1..n], M1[1..n], M2[1..n]) in index order (PROTOCOL.md §3 M3). */
export function transcriptHash(definition: CeremonyDefinition, approvals: string[], deals: string[], acks: string[]): Uint8Array {
  return taggedHash('transcript', utf8ToBytes(canonicalJson(definition)), ...[...approvals, ...deals, ...acks].map(utf8ToBytes));
}

/** The deposit signing root of validator v for group key pk_v. */
export function depositRootFor(definition: CeremonyDefinition, v: number, publicKey: Uint8Array): Uint8Array {
  const spec = definition.validators[v]!;
  return depositSigningRoot(
    { pubkey: publicKey, withdrawalCredentials: hexToBytes(spec.withdrawalCredentials), amount: BigInt(spec.amountGwei) },
    definitionNetwork(definition),
  );
}

/** The message of the possession ("lock") partials: H("lock", T, v). */
export function lockMessage(T: Uint8Array, v: number): Uint8Array {
  return taggedHash('lock', T, u16be(v));
}
