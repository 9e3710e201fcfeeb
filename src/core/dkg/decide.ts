/**
 * The deterministic decision rule (PROTOCOL.md §3 "Decision"), computed by everyone from the log and by the
 * transcript verifier: settle every accusation, compare every `seen` echo. Timeouts, equivocation and invalid
 * messages are decided where they are detected (engine.ts) with the same AbortInfo shape.
 */
import { equalBytes } from '../bytes.js';
import { ROUND, bodyHash, digestOfBodyHash } from './envelope.js';
import { verifyDigestSig } from './crypto/index.js';
import { settleAccusation } from './dealing.js';
import type { AckBody, ApprovalBody, DealBody } from './messages.js';

/** Why a ceremony aborted. */
export type AbortReason =
  | 'timeout'
  | 'equivocation'
  | 'invalid-message'
  | 'invalid-deal'
  | 'bad-share'
  | 'false-accusation'
  | 'transcript-mismatch'
  | 'invalid-partial';

/** An identifiable abort: the reason in words, the culprits (1-based indices), and the messages that prove it. */
export interface AbortInfo {
  reason: AbortReason;
  culprits: number[];
  message: string;
  /** Canonical texts of the messages that show the fault (anyone can re-check them). */
  evidence: string[];
}

export interface DecisionInput {
  sid: Uint8Array;
  approvals: ApprovalBody[];
  deals: { text: string; body: DealBody }[];
  acks: { text: string; body: AckBody }[];
}

const list = (xs: number[]) => xs.join(', ');

/** Decide once all n deals and acks are in: undefined means every dealer qualifies. */
export function decide(input: DecisionInput): AbortInfo | undefined {
  const dealerFaults = new Set<number>();
  const accuserFaults = new Set<number>();
  const evidence: string[] = [];
  input.acks.forEach(({ body, text }, k) => {
    const accuser = k + 1;
    for (const a of body.accusations) {
      const deal = input.deals[a.dealer - 1]!;
      const ek = input.approvals[accuser - 1]!.encryptionKey;
      const fault = settleAccusation(deal.body, a, input.sid, accuser, ek);
      (fault === 'dealer' ? dealerFaults : accuserFaults).add(fault === 'dealer' ? a.dealer : accuser);
      evidence.push(text, deal.text);
    }
  });
  if (dealerFaults.size || accuserFaults.size) {
    const culprits = [...new Set([...dealerFaults, ...accuserFaults])].sort((a, b) => a - b);
    const parts: string[] = [];
    if (dealerFaults.size) parts.push(`dealer ${list([...dealerFaults].sort((a, b) => a - b))} sent a share that does not match its commitments`);
    if (accuserFaults.size) parts.push(`participant ${list([...accuserFaults].sort((a, b) => a - b))} accused an honest dealer`);
    return {
      reason: dealerFaults.size ? 'bad-share' : 'false-accusation',
      culprits,
      message: `${parts.join('; ')}.`,
      evidence: [...new Set(evidence)],
    };
  }
  // Echoes: a differing `seen` entry carries the dealer's signature over another body hash. If that signature
  // verifies, the dealer signed two deals (equivocation, provable); if not, the echoer lied (its ack is signed).
  const equivocators = new Set<number>();
  const liars = new Set<number>();
  const echoEvidence: string[] = [];
  const dealHashes = input.deals.map((d) => bodyHash(JSON.parse(d.text).body));
  input.acks.forEach(({ body, text }, k) => {
    body.seen.forEach((entry, i) => {
      const deal = input.deals[i]!;
      if (equalBytes(entry.bodyHash, dealHashes[i]!)) return;
      const digest = digestOfBodyHash(input.sid, ROUND.DEAL, i + 1, entry.bodyHash);
      if (verifyDigestSig(input.approvals[i]!.identityKey, digest, entry.sig)) equivocators.add(i + 1);
      else liars.add(k + 1);
      echoEvidence.push(text, deal.text);
    });
  });
  if (equivocators.size || liars.size) {
    const culprits = [...new Set([...equivocators, ...liars])].sort((a, b) => a - b);
    const parts: string[] = [];
    if (equivocators.size) parts.push(`dealer ${list([...equivocators].sort((a, b) => a - b))} signed two different deals and showed them to different participants`);
    if (liars.size) parts.push(`participant ${list([...liars].sort((a, b) => a - b))} echoed a deal its dealer never signed`);
    return {
      reason: equivocators.size ? 'equivocation' : 'invalid-message',
      culprits,
      message: `${parts.join('; ')}.`,
      evidence: [...new Set(echoEvidence)],
    };
  }
  return undefined;
}
