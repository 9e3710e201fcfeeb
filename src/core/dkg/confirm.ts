/**
 * M3 Confirm and M4 Result (PROTOCOL.md §3): the group values, one's own shares, the deposit and possession
 * partial signatures, and the check of everyone's confirmations (batched), ending in the combined signatures.
 */
import { equalBytes, hexToBytes } from '../bytes.js';
import { canonicalJson, type CanonicalValue } from '../wire/canonicalJson.js';
import { openEnvelope, verifyEnvelope } from './envelope.js';
import {
  G2,
  batchVerify,
  combineSignaturePoints,
  decodePublicKey,
  decodeSignature,
  encodeSignature,
  lagrangeAtZero,
  type G2Point,
  encodeSecretKey,
  sign,
  Fr,
  type G1Point,
} from '../bls/index.js';
import { toHex0x } from '../wire/fields.js';
import { deriveBytes } from '../crypto/derive.js';
import { provenAbort, type AbortInfo } from './decide.js';
import type { CeremonyDefinition } from './definition.js';
import { deriveDealerSecrets, decodeCommitments, ownDealtShares, sharesFrom } from './dealing.js';
import { computeGroup, depositRootFor, lockMessage, transcriptHash } from './group.js';
import { decodeConfirm, type ConfirmBody, type DealBody, type Shape } from './messages.js';
import type { GroupState, ValidatorResult } from './state.js';
import { SvError } from '../errors.js';

/** Group keys, public shares and T from the accepted messages. */
export function buildGroup(definition: CeremonyDefinition, messages: (string | null)[][], deals: { body: DealBody }[], s: Shape): GroupState {
  const group = computeGroup(deals.map((d) => decodeCommitments(d.body)), s);
  const T = transcriptHash(definition, messages[0] as string[], messages[1] as string[], messages[2] as string[]);
  return {
    T: toHex0x(T),
    validators: group.map((g) => ({
      publicKey: toHex0x(g.publicKey.toBytes(true)),
      groupCommitments: g.commitments.map((p) => toHex0x(p.toBytes(true))),
      publicShares: g.publicShares.map((p) => toHex0x(p.toBytes(true))),
    })),
  };
}

/** x_{v,me} = sum_i f_{i,v}(me) for every v (secret: derived on demand, never stored in the state). */
export function ownShares(seed: Uint8Array, sid: Uint8Array, me: number, encryptionSecret: bigint, deals: { text: string; body: DealBody }[], s: Shape): bigint[] {
  const totals = ownDealtShares(deriveDealerSecrets(seed, sid, s), me);
  deals.forEach((d, k) => {
    const dealer = k + 1;
    if (dealer === me) return;
    const shares = sharesFrom(seed, sid, d.text, d.body, dealer, me, encryptionSecret);
    if (!shares) throw new SvError('DKG_BAD_STATE', `shares from dealer ${dealer} no longer check out`);
    shares.forEach((x, v) => (totals[v] = Fr.add(totals[v] as bigint, x)));
  });
  return totals;
}

/** Own M3 body: T, the signatures of the n acks used (`acks`: their envelope texts) and, per validator, the partials. */
export function makeConfirm(definition: CeremonyDefinition, group: GroupState, shares: bigint[], acks: string[]): ConfirmBody {
  const T = hexToBytes(group.T);
  return {
    T,
    ackSigs: acks.map((text) => hexToBytes(JSON.parse(text).sig as string)),
    validators: group.validators.map((g, v) => {
      const sk = encodeSecretKey(shares[v] as bigint);
      return { deposit: sign(sk, depositRootFor(definition, v, hexToBytes(g.publicKey))), lock: sign(sk, lockMessage(T, v)) };
    }),
  };
}

/**
 * Compare the acks every confirmation says its sender used (`ackSigs`) with one's own (`acks`, all n). Once the
 * decision has passed, every ack body is the same for all honest participants (the same echoes, no accusation), so
 * an ack can differ only in its envelope signature: `ackSigs[k]` rebuilds the sender's version of ack k+1 in full.
 * If that version verifies under k+1's identity key, k+1 signed two different acks (equivocation, both attached);
 * if not, the confirmer claimed an ack nobody signed (invalid-message). `confirms` may be incomplete (null = not
 * received yet); the result depends only on the acks and confirmations given, in index order.
 */
export function crossCheckAcks(confirms: (string | null)[], acks: string[], identityKeys: Uint8Array[], s: Shape): AbortInfo | undefined {
  const equivocators = new Set<number>();
  const liars = new Set<number>();
  const evidence: string[] = [];
  confirms.forEach((text, j) => {
    if (text === null) return;
    const body = decodeConfirm(JSON.parse(text).body, s);
    body.ackSigs.forEach((sig, k) => {
      const own = openEnvelope(acks[k]!, s.n);
      if (equalBytes(own.sig, sig)) return;
      const other = canonicalJson({ ...(JSON.parse(own.text) as Record<string, CanonicalValue>), sig: toHex0x(sig) });
      if (verifyEnvelope(openEnvelope(other, s.n), identityKeys[k]!)) {
        equivocators.add(k + 1);
        evidence.push(own.text, other);
      } else {
        liars.add(j + 1);
        evidence.push(text);
      }
    });
  });
  return provenAbort(
    [
      { reason: 'equivocation', who: equivocators, words: (l) => `participant ${l} signed two different acknowledgements and showed them to different participants` },
      { reason: 'invalid-message', who: liars, words: (l) => `participant ${l} confirmed an acknowledgement its sender never signed` },
    ],
    evidence,
  );
}

/** A deterministic byte stream (HKDF in counter mode) for batch-verification weights, unpredictable without the seed. */
export function seededWeights(seed: Uint8Array, salt: Uint8Array): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => deriveBytes(seed, salt, `sv-dkg/1/batch-weights/${counter++}`, n);
}

/**
 * Check all n confirmations (same T, every partial valid under its public share), then combine: t deposit
 * partials per validator into the deposit signature, all n possession partials into the lock signature.
 */
export function verifyConfirms(
  definition: CeremonyDefinition,
  group: GroupState,
  confirms: string[],
  s: Shape,
  weightSeed: Uint8Array,
): { result: { T: string; validators: ValidatorResult[] } } | { abort: AbortInfo } {
  const bodies: ConfirmBody[] = confirms.map((text) => decodeConfirm(JSON.parse(text).body, s));
  const T = hexToBytes(group.T);
  const wrongT = bodies.flatMap((b, k) => (toHex0x(b.T) === group.T ? [] : [k + 1]));
  if (wrongT.length) {
    return {
      abort: {
        reason: 'transcript-mismatch',
        culprits: wrongT,
        proof: 'signed-evidence',
        message: `participant ${wrongT.join(', ')} confirmed a different transcript.`,
        evidence: wrongT.map((k) => confirms[k - 1]!),
      },
    };
  }
  const roots = group.validators.map((g, v) => depositRootFor(definition, v, hexToBytes(g.publicKey)));
  const locks = group.validators.map((_, v) => lockMessage(T, v));
  const shares: G1Point[][] = group.validators.map((g) => g.publicShares.map((h) => decodePublicKey(hexToBytes(h))));
  // Decode every partial once (the G2 subgroup check is the costly part); a malformed one names its sender.
  const decoded: { deposit: G2Point; lock: G2Point }[][] = [];
  const malformed: number[] = [];
  bodies.forEach((b, k) => {
    try {
      decoded.push(b.validators.map((p) => ({ deposit: decodeSignature(p.deposit), lock: decodeSignature(p.lock) })));
    } catch {
      malformed.push(k + 1);
      decoded.push([]);
    }
  });
  const items = malformed.length
    ? []
    : decoded.flatMap((sigs, k) =>
        sigs.flatMap((p, v) => [
          { publicKey: shares[v]![k]!, message: roots[v]!, signature: p.deposit },
          { publicKey: shares[v]![k]!, message: locks[v]!, signature: p.lock },
        ]),
      );
  const batch = malformed.length ? { valid: false, invalid: [] as number[] } : batchVerify(items, seededWeights(weightSeed, T));
  if (!batch.valid) {
    const culprits = malformed.length ? malformed : [...new Set(batch.invalid.map((pos) => Math.floor(pos / (2 * s.V)) + 1))];
    return {
      abort: {
        reason: 'invalid-partial',
        culprits,
        proof: 'signed-evidence',
        message: `participant ${culprits.join(', ')} sent a partial signature that does not verify under its public share.`,
        evidence: culprits.map((k) => confirms[k - 1]!),
      },
    };
  }
  const validators = group.validators.map((g, v): ValidatorResult => {
    const used = decoded.slice(0, s.t).map((sigs) => sigs[v]!.deposit);
    const depositSignature = encodeSignature(combineSignaturePoints(used, lagrangeAtZero(used.map((_, k) => k + 1))));
    // No second pairing check here: t partials that passed the batch check combine to a valid signature, and
    // the deposit data built from it is verified again when it is written (assembleDepositData).
    const lockSignature = encodeSignature(decoded.reduce((acc, sigs) => acc.add(sigs[v]!.lock), G2.ZERO));
    return { ...g, depositSignature: toHex0x(depositSignature), lockSignature: toHex0x(lockSignature) };
  });
  return { result: { T: group.T, validators } };
}
