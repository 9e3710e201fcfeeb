/**
 * Adversarial participants for `sv ceremony simulate --fault` and the tests (PROTOCOL.md §9): each fault is a
 * Board wrapper around one participant's endpoint that rewrites what it publishes — validly signed, as a real
 * cheater with its own keys would. The honest engine must abort and name that participant.
 */
import type { Board } from '../ports/board.js';
import { bigIntToBytesBE, bytesToBigIntBE, concatBytes } from '../core/bytes.js';
import { Fr, G1, decodePublicKey, encodePublicKey, evalPolynomial } from '../core/bls/index.js';
import {
  ROUND,
  commitmentsHash,
  decodeAck,
  decodeApproval,
  decodeDeal,
  deriveDealerSecrets,
  encodeAck,
  encodeDeal,
  makeDeal,
  openEnvelope,
  sealEnvelope,
  type CeremonyDefinition,
  type DealBody,
  type Shape,
} from '../core/dkg/index.js';
import { configHash as hashDefinition } from '../core/dkg/definition.js';
import { deriveCeremonyKeys, encryptShares, proveDleq } from '../core/dkg/crypto/index.js';
import { envelopeDigest } from '../core/dkg/envelope.js';
import { canonicalJson, type CanonicalValue } from '../core/wire/canonicalJson.js';
import { toHex0x } from '../core/wire/fields.js';
import { schnorr } from '@noble/curves/secp256k1.js';

/** The faults a simulation can inject, with the participant each one names as culprit. */
export const FAULTS = ['bad-share', 'false-accusation', 'equivocation', 'silent-dealer', 'rogue-key', 'split-view', 'equivocating-share', 'split-ack'] as const;
export type FaultName = (typeof FAULTS)[number];

/** Who misbehaves for each fault (1-based), in a ceremony of n. */
export function faultyParticipant(fault: FaultName, n: number): number {
  return fault === 'false-accusation' ? 2 : fault === 'silent-dealer' || fault === 'rogue-key' ? n : 1;
}

export interface FaultContext {
  definition: CeremonyDefinition;
  index: number;
  seed: Uint8Array;
  /**
   * For split-view, equivocating-share and split-ack: a second, validly signed version of a message that only some
   * recipients should see (set up by the caller's board: a relay that partitions). equivocating-share: a variant of
   * the deal with the same R and a bad share for participant 2 (1 when the cheater is 2), meant for that participant
   * only; split-ack: the same ack body under another valid envelope signature.
   */
  onSplit?: (original: string, variant: string) => void;
}

const shapeOf = (d: CeremonyDefinition): Shape => ({ n: d.operators.length, t: d.threshold, V: d.validators.length });

async function approvals(inner: Board, session: string, s: Shape) {
  const out: ReturnType<typeof decodeApproval>[] = [];
  for (const m of await inner.history(session)) {
    try {
      const env = openEnvelope(m.data, s.n);
      if (env.round === ROUND.APPROVE) out[env.sender - 1] = decodeApproval(env.body, s);
    } catch {
      /* not ours to judge */
    }
  }
  return out;
}

async function otherDeals(inner: Board, session: string, s: Shape, me: number): Promise<DealBody[]> {
  const out: DealBody[] = [];
  for (const m of await inner.history(session)) {
    try {
      const env = openEnvelope(m.data, s.n);
      if (env.round === ROUND.DEAL && env.sender !== me) out.push(decodeDeal(env.body, s, env.sender));
    } catch {
      /* skip */
    }
  }
  return out;
}

/** Re-encrypt dealer `me`'s share for recipient `to` with a wrong value (share + 1). */
function corruptShare(deal: DealBody, ctx: FaultContext, sid: Uint8Array, ek: Uint8Array, to: number): DealBody {
  const s = shapeOf(ctx.definition);
  const secrets = deriveDealerSecrets(ctx.seed, sid, s);
  const plaintext = concatBytes(
    ...secrets.polynomials.map((coeffs) => bigIntToBytesBE(Fr.add(evalPolynomial(coeffs, BigInt(to)), 1n), 32)),
  );
  const ct = encryptShares({ dealerSecret: secrets.r, dealerPoint: deal.R, recipientKey: ek, sid, i: ctx.index, j: to, commitmentsHash: commitmentsHash(deal), plaintext });
  return { ...deal, shares: deal.shares.map((e) => (e.to === to ? { to, ct } : e)) };
}

/** Wrap `inner` so that participant `ctx.index` commits `fault`. */
export function faultyBoard(inner: Board, fault: FaultName, ctx: FaultContext): Board {
  const s = shapeOf(ctx.definition);
  const identity = deriveCeremonyKeys(ctx.seed, hashDefinition(ctx.definition));
  const reseal = (sid: Uint8Array, round: 1 | 2, body: Parameters<typeof sealEnvelope>[4]) => sealEnvelope(identity.identitySecret, sid, round, ctx.index, body);

  const rewrite = async (session: string, data: string): Promise<string[]> => {
    const env = openEnvelope(data, s.n);
    if (env.round === ROUND.DEAL) {
      const deal = decodeDeal(env.body, s, ctx.index);
      if (fault === 'silent-dealer') return [];
      if (fault === 'bad-share') {
        const to = ctx.index === 2 ? 1 : 2;
        const eks = await approvals(inner, session, s);
        return [reseal(env.sid, ROUND.DEAL, encodeDeal(corruptShare(deal, ctx, env.sid, eks[to - 1]!.encryptionKey, to)))];
      }
      if (fault === 'equivocating-share') {
        const to = ctx.index === 2 ? 1 : 2;
        const eks = await approvals(inner, session, s);
        ctx.onSplit?.(data, reseal(env.sid, ROUND.DEAL, encodeDeal(corruptShare(deal, ctx, env.sid, eks[to - 1]!.encryptionKey, to))));
        return [data];
      }
      if (fault === 'equivocation' || fault === 'split-view') {
        const eks = (await approvals(inner, session, s)).map((a) => a.encryptionKey);
        const other = makeDeal(deriveDealerSecrets(concatBytes(ctx.seed, Uint8Array.of(1)), env.sid, s), env.sid, ctx.index, eks, s);
        const variant = reseal(env.sid, ROUND.DEAL, encodeDeal(other));
        if (fault === 'split-view') {
          ctx.onSplit?.(data, variant);
          return [data];
        }
        return [data, variant];
      }
      if (fault === 'rogue-key') {
        // Force the group key to target·G: C0' = target·G − Σ others' C0 (no known discrete log, so no valid PoK).
        const others = await otherDeals(inner, session, s, ctx.index);
        const target = bytesToBigIntBE(ctx.seed) % G1.Fn.ORDER || 1n;
        const forged = deal.validators.map((v, k) => {
          let c0 = G1.BASE.multiply(target);
          for (const d of others) c0 = c0.subtract(decodePublicKey(d.validators[k]!.commitments[0]!));
          return { ...v, commitments: [encodePublicKey(c0), ...v.commitments.slice(1)] };
        });
        return [reseal(env.sid, ROUND.DEAL, encodeDeal({ ...deal, validators: forged }))];
      }
    }
    if (env.round === ROUND.ACK && fault === 'split-ack') {
      // Same body, another valid BIP-340 signature (other auxiliary randomness): a second, different M2.
      const digest = envelopeDigest(env.sid, ROUND.ACK, ctx.index, env.body);
      const sig = schnorr.sign(digest, identity.identitySecret, new Uint8Array(32).fill(7));
      ctx.onSplit?.(data, canonicalJson({ ...(JSON.parse(data) as Record<string, CanonicalValue>), sig: toHex0x(sig) }));
      return [data];
    }
    if (env.round === ROUND.ACK && fault === 'false-accusation') {
      const ack = decodeAck(env.body, s, ctx.index);
      const victim = ctx.index === 1 ? 2 : 1;
      const dealMsg = (await inner.history(session)).map((m) => openEnvelope(m.data, s.n)).find((e) => e.round === ROUND.DEAL && e.sender === victim)!;
      const R = decodeDeal(dealMsg.body, s, victim).R;
      const { K, proof } = proveDleq({ secret: identity.encryptionSecret, dealerPoint: R, sid: env.sid, i: victim, j: ctx.index });
      const accusations = [...ack.accusations, { dealer: victim, K, proof }].sort((a, b) => a.dealer - b.dealer);
      return [reseal(env.sid, ROUND.ACK, encodeAck({ ...ack, accusations }))];
    }
    return [data];
  };

  // The cheater knows what it did: its own rewritten variants are not fed back to its (honest) engine.
  const forged = new Set<string>();
  return {
    async publish(session, data) {
      let texts: string[];
      try {
        texts = await rewrite(session, data);
      } catch {
        texts = [data];
      }
      for (const t of texts) if (t !== data) forged.add(t);
      for (const t of texts) await inner.publish(session, t);
    },
    subscribe: (session, on) => inner.subscribe(session, (m) => (forged.has(m.data) ? undefined : on(m))),
    history: async (session, since) => (await inner.history(session, since)).filter((m) => !forged.has(m.data)),
    close: () => inner.close(),
  };
}
