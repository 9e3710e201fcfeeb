/**
 * Slashing protection by minimal watermarks (EIP-3076 "minimal" strategy, pure): per validator, the highest block
 * slot signed and the highest source and target epochs attested. A block is signed only strictly above the last
 * slot; an attestation only with source ≥ the last source and target > the last target — which excludes every
 * double vote and surround vote against anything signed before (consensus-specs phase0
 * beacon-chain.md#is_slashable_attestation_data). Signing exactly the last message again (same signing root) is a
 * repeat, allowed and recorded as nothing new (EIP-3076 "repeat signing").
 */
import { equalBytes } from '../bytes.js';

/** A block proposal to be signed: its slot and signing root. */
export interface BlockProposal {
  slot: bigint;
  signingRoot: Uint8Array;
}

/** An attestation to be signed: its source and target epochs and signing root. */
export interface AttestationVote {
  sourceEpoch: bigint;
  targetEpoch: bigint;
  signingRoot: Uint8Array;
}

/** What one validator has signed, reduced to the minimal watermarks (the last block, the last attestation). */
export interface Watermarks {
  block?: BlockProposal;
  attestation?: AttestationVote;
}

/** The rule that forbids a signature. */
export type SlashingRule =
  /** A different block at the same slot as the last one. */
  | 'SLASHING_DOUBLE_PROPOSAL'
  /** A block at a slot below the last one (it may double a proposal the watermark no longer shows). */
  | 'SLASHING_SLOT_BELOW'
  /** A different attestation with the same target as the last one. */
  | 'SLASHING_DOUBLE_VOTE'
  /** An attestation that surrounds the last one or is surrounded by it. */
  | 'SLASHING_SURROUND_VOTE'
  /** An attestation with a target below the last target (it could double or be surrounded by an earlier vote). */
  | 'SLASHING_TARGET_BELOW'
  /** Not a vote at all: source after target, or a signing root not 32 bytes. */
  | 'SLASHING_BAD_INPUT';

/** The verdict on one proposed signature: allowed with the new watermarks, or refused with the rule. */
export type SlashingVerdict =
  | { allowed: true; repeat: boolean; next: Watermarks }
  | { allowed: false; rule: SlashingRule; message: string };

const refuse = (rule: SlashingRule, message: string): SlashingVerdict => ({ allowed: false, rule, message });

/** The verdict on signing block `b` given the validator's watermarks `w`. */
export function checkBlockProposal(w: Watermarks, b: BlockProposal): SlashingVerdict {
  if (b.signingRoot.length !== 32 || b.slot < 0n) return refuse('SLASHING_BAD_INPUT', 'a block needs a slot ≥ 0 and a 32-byte signing root');
  const last = w.block;
  if (last !== undefined) {
    if (b.slot === last.slot) {
      if (equalBytes(b.signingRoot, last.signingRoot)) return { allowed: true, repeat: true, next: w };
      return refuse('SLASHING_DOUBLE_PROPOSAL', `a different block was already signed at slot ${last.slot}`);
    }
    if (b.slot < last.slot) return refuse('SLASHING_SLOT_BELOW', `slot ${b.slot} is below the last block signed, at slot ${last.slot}`);
  }
  return { allowed: true, repeat: false, next: { ...w, block: { slot: b.slot, signingRoot: b.signingRoot } } };
}

/** The verdict on signing attestation `a` given the validator's watermarks `w`. */
export function checkAttestation(w: Watermarks, a: AttestationVote): SlashingVerdict {
  if (a.signingRoot.length !== 32 || a.sourceEpoch < 0n || a.sourceEpoch > a.targetEpoch) {
    return refuse('SLASHING_BAD_INPUT', 'an attestation needs 0 ≤ source ≤ target and a 32-byte signing root');
  }
  const last = w.attestation;
  if (last !== undefined) {
    if (a.targetEpoch === last.targetEpoch) {
      if (a.sourceEpoch === last.sourceEpoch && equalBytes(a.signingRoot, last.signingRoot)) return { allowed: true, repeat: true, next: w };
      return refuse('SLASHING_DOUBLE_VOTE', `a different attestation was already signed for target epoch ${last.targetEpoch}`);
    }
    if (isSurroundVote(a, last) || isSurroundVote(last, a)) {
      const how = isSurroundVote(a, last) ? 'surrounds' : 'is surrounded by';
      return refuse('SLASHING_SURROUND_VOTE', `source ${a.sourceEpoch} → target ${a.targetEpoch} ${how} the last vote ${last.sourceEpoch} → ${last.targetEpoch}`);
    }
    // Below the target watermark: earlier votes are gone from view, so it could double or be surrounded by one.
    if (a.targetEpoch < last.targetEpoch) return refuse('SLASHING_TARGET_BELOW', `target epoch ${a.targetEpoch} is below the last target signed, ${last.targetEpoch}`);
  }
  return { allowed: true, repeat: false, next: { ...w, attestation: { sourceEpoch: a.sourceEpoch, targetEpoch: a.targetEpoch, signingRoot: a.signingRoot } } };
}

/** `data_1` surrounds `data_2` (phase0 is_slashable_attestation_data, the surround half). */
function isSurroundVote(d1: Pick<AttestationVote, 'sourceEpoch' | 'targetEpoch'>, d2: Pick<AttestationVote, 'sourceEpoch' | 'targetEpoch'>): boolean {
  return d1.sourceEpoch < d2.sourceEpoch && d2.targetEpoch < d1.targetEpoch;
}

/**
 * consensus-specs phase0 beacon-chain.md#is_slashable_attestation_data: two different votes with the same target
 * (double vote), or the first surrounding the second (surround vote). Votes are compared by signing root.
 */
export function isSlashableAttestationData(data1: AttestationVote, data2: AttestationVote): boolean {
  const different = !equalBytes(data1.signingRoot, data2.signingRoot) || data1.sourceEpoch !== data2.sourceEpoch;
  return (different && data1.targetEpoch === data2.targetEpoch) || isSurroundVote(data1, data2);
}
