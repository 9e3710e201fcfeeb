/**
 * Merging two records of one validator (EIP-3076 import by the minimal strategy: take maxima), pure. Both slashing
 * stores merge with this, so an import means the same everywhere.
 */
import { equalBytes } from '../bytes.js';
import type { AttestationVote, BlockProposal, Watermarks } from './watermarks.js';

/**
 * The signing root of a watermark whose message is unknown (an imported record without `signing_root`, or maxima
 * taken from two different messages): empty, so it equals no real (32-byte) root and nothing at that slot or
 * target counts as a repeat — not even a request whose root is all zeros (EIP-3076 tests: duplicate_pubkey_*).
 */
export const UNKNOWN_ROOT: Uint8Array = new Uint8Array(0);

/**
 * The larger of two watermarks, per kind (EIP-3076 import takes maxima). When the maxima come from two different
 * messages the signing root names neither, so it is UNKNOWN_ROOT: every message at that slot or target is refused.
 */
export function maxWatermarks(a: Watermarks, b: Watermarks): Watermarks {
  const block = maxBlock(a.block, b.block);
  const attestation = maxAttestation(a.attestation, b.attestation);
  return { ...(block ? { block } : {}), ...(attestation ? { attestation } : {}) };
}

function maxBlock(x: BlockProposal | undefined, y: BlockProposal | undefined): BlockProposal | undefined {
  if (!x || !y) return copyBlock(x ?? y);
  if (x.slot !== y.slot) return copyBlock(x.slot > y.slot ? x : y);
  return { slot: x.slot, signingRoot: equalBytes(x.signingRoot, y.signingRoot) ? Uint8Array.from(x.signingRoot) : Uint8Array.from(UNKNOWN_ROOT) };
}

function maxAttestation(x: AttestationVote | undefined, y: AttestationVote | undefined): AttestationVote | undefined {
  if (!x || !y) return copyAttestation(x ?? y);
  const sourceEpoch = x.sourceEpoch > y.sourceEpoch ? x.sourceEpoch : y.sourceEpoch;
  const targetEpoch = x.targetEpoch > y.targetEpoch ? x.targetEpoch : y.targetEpoch;
  const named = [x, y].filter((v) => v.sourceEpoch === sourceEpoch && v.targetEpoch === targetEpoch);
  const same = named.length === 1 || (named.length === 2 && equalBytes(x.signingRoot, y.signingRoot));
  return { sourceEpoch, targetEpoch, signingRoot: Uint8Array.from(same ? named[0]!.signingRoot : UNKNOWN_ROOT) };
}

const copyBlock = (b: BlockProposal | undefined) => (b ? { slot: b.slot, signingRoot: Uint8Array.from(b.signingRoot) } : undefined);
const copyAttestation = (a: AttestationVote | undefined) => (a ? { ...a, signingRoot: Uint8Array.from(a.signingRoot) } : undefined);

