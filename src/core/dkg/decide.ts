/**
 * The deterministic decision rule (docs/protocol.md "Decision"), computed by everyone once all n acks are in and
 * by the transcript verifier. It depends on the n acks (and the approvals) only, never on which deals a participant
 * itself received, so every participant holding the same acks decides the same, whatever the relay showed it:
 * 1. every `seen` echo must carry its dealer's valid signature (else the echoer lied: `invalid-message`);
 * 2. all echoes of one dealer must be the same (hash, signature) pair (else the dealer signed two deals:
 *    `equivocation`, proven by the two signatures);
 * 3. only then, when every echo names the same deal, accusations are settled against that deal.
 * Timeouts, equivocation and invalid messages seen on arrival are decided in engine.ts with the same AbortInfo.
 */
import { bytesToHex, equalBytes } from '../bytes.js';
import { ROUND, bodyHash, digestOfBodyHash } from './envelope.js';
import { verifyDigestSig } from '../crypto/envelopeSig.js';
import { settleAccusation } from './dealing.js';
import type { AckBody, ApprovalBody, DealBody } from './messages.js';
import { SvError } from '../errors.js';

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

/**
 * How an abort's named participants are known: `signed-evidence` = proven by messages they signed (in `evidence`,
 * re-checkable by anyone); `none` = not proven, only not seen (a timeout: the participant may be offline, or a
 * relay may have withheld its messages).
 */
export type AbortProof = 'signed-evidence' | 'none';

/** The proof kind the rules give for a reason: only a timeout rests on no signed evidence. */
export const proofOf = (reason: AbortReason): AbortProof => (reason === 'timeout' ? 'none' : 'signed-evidence');

/**
 * An identifiable abort: the reason in words, the participants it names (1-based indices), how they are known
 * (`proof`), and the messages that prove it. With `proof: 'none'` (a timeout) `culprits` lists the participants
 * NOT SEEN by the deadline: not proven to cheat.
 */
export interface AbortInfo {
  reason: AbortReason;
  culprits: number[];
  proof: AbortProof;
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

/**
 * The named participants in words: "participant 3 (not seen by the deadline: possibly offline, or a relay withheld
 * its messages)" for a timeout, "participant 3 (proven by its signed messages)" otherwise; undefined if none.
 */
export function namedInWords(abort: Pick<AbortInfo, 'culprits' | 'reason'> & { proof?: AbortProof }): string | undefined {
  if (!abort.culprits.length) return undefined;
  const who = `participant ${list(abort.culprits)}`;
  if ((abort.proof ?? proofOf(abort.reason)) === 'none') {
    return `${who} (not seen by the deadline: possibly offline, or a relay withheld ${abort.culprits.length > 1 ? 'their' : 'its'} messages; not proven to cheat)`;
  }
  return `${who} (proven by ${abort.culprits.length > 1 ? 'their' : 'its'} signed messages)`;
}

const sorted = (xs: Set<number>) => [...xs].sort((a, b) => a - b);

/** One group of participants a rule proves faulty: the reason it gives and the words before their numbers. */
interface ProvenFault {
  reason: AbortReason;
  who: Set<number>;
  /** Words around the numbers, e.g. (list) => `dealer ${list} signed two different deals`. */
  words: (list: string) => string;
}

/**
 * The abort for faults proven by signed messages: the first group with members gives the reason, every group with
 * members its sentence, all of them the culprits. Undefined when no group has members.
 */
export function provenAbort(faults: readonly ProvenFault[], evidence: readonly string[]): AbortInfo | undefined {
  const found = faults.filter((f) => f.who.size);
  if (!found.length) return undefined;
  return {
    reason: found[0]!.reason,
    culprits: sorted(new Set(found.flatMap((f) => [...f.who]))),
    proof: 'signed-evidence',
    message: `${found.map((f) => f.words(list(sorted(f.who)))).join('; ')}.`,
    evidence: [...new Set(evidence)],
  };
}

/** Decide once all n deals and acks are in: undefined means every dealer qualifies. */
export function decide(input: DecisionInput): AbortInfo | undefined {
  return decideEchoes(input) ?? settleAccusations(input);
}

/** Steps 1 and 2: every echo signed by its dealer, and one (hash, signature) per dealer across all acks. */
function decideEchoes(input: DecisionInput): AbortInfo | undefined {
  const liars = new Set<number>();
  const equivocators = new Set<number>();
  const evidence: string[] = [];
  const n = input.approvals.length;
  for (let i = 1; i <= n; i++) {
    // The distinct dealer-signed echoes of deal i, with the first ack that carries each.
    const variants = new Map<string, string>();
    input.acks.forEach(({ body, text }, k) => {
      const entry = body.seen[i - 1]!;
      const digest = digestOfBodyHash(input.sid, ROUND.DEAL, i, entry.bodyHash);
      if (!verifyDigestSig(input.approvals[i - 1]!.identityKey, digest, entry.sig)) {
        liars.add(k + 1);
        evidence.push(text);
        return;
      }
      const key = `${bytesToHex(entry.bodyHash)}/${bytesToHex(entry.sig)}`;
      if (!variants.has(key)) variants.set(key, text);
    });
    if (variants.size > 1) {
      equivocators.add(i);
      evidence.push(...variants.values());
    }
  }
  return provenAbort(
    [
      { reason: 'equivocation', who: equivocators, words: (l) => `dealer ${l} signed two different deals and showed them to different participants` },
      { reason: 'invalid-message', who: liars, words: (l) => `participant ${l} echoed a deal its dealer never signed` },
    ],
    evidence,
  );
}

/** Step 3: every echo names the deal on the log, so each accusation is settled against the deal its accuser saw. */
function settleAccusations(input: DecisionInput): AbortInfo | undefined {
  const dealerFaults = new Set<number>();
  const accuserFaults = new Set<number>();
  const evidence: string[] = [];
  input.acks.forEach(({ body, text }, k) => {
    const accuser = k + 1;
    for (const a of body.accusations) {
      const deal = input.deals[a.dealer - 1]!;
      // Defence in depth: step 2 leaves only echoes equal to the log's deal; never settle against another deal.
      if (!equalBytes(body.seen[a.dealer - 1]!.bodyHash, bodyHash(JSON.parse(deal.text).body))) {
        throw new SvError('DKG_BAD_STATE', `accusation of participant ${accuser} against a deal it did not echo`);
      }
      const ek = input.approvals[accuser - 1]!.encryptionKey;
      const fault = settleAccusation(deal.body, a, input.sid, accuser, ek);
      (fault === 'dealer' ? dealerFaults : accuserFaults).add(fault === 'dealer' ? a.dealer : accuser);
      evidence.push(text, deal.text);
    }
  });
  return provenAbort(
    [
      { reason: 'bad-share', who: dealerFaults, words: (l) => `dealer ${l} sent a share that does not match its commitments` },
      { reason: 'false-accusation', who: accuserFaults, words: (l) => `participant ${l} accused an honest dealer` },
    ],
    evidence,
  );
}

/** One line for the CLI: "culprit(s): participant 3 (proven …)" or "not seen: participant 4 (… not proven to cheat)". */
export function abortNamedLine(abort: Pick<AbortInfo, 'culprits' | 'reason'> & { proof?: AbortProof }): string {
  const words = namedInWords(abort);
  if (!words) return 'no participant named';
  return (abort.proof ?? proofOf(abort.reason)) === 'none' ? `not seen: ${words}` : `culprit(s): ${words}`;
}
