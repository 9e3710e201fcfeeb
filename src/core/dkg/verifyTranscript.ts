/**
 * `verifyTranscript(ceremony.json)`: replays every check of PROTOCOL.md §2–§3 from the public record alone —
 * approvals (wallet signatures), envelopes, PoKs, accusations, the decision, group keys and public shares, T,
 * every partial signature, the combined deposit signatures and the deposit data — and checks that the recorded
 * outcome (success or the abort with its culprits) is the one the rules give.
 */
import { equalBytes, hexToBytes, type RandomBytes } from '../bytes.js';
import { SvError, isSvError } from '../errors.js';
import { canonicalJson } from '../wire/canonicalJson.js';
import { readObject, toHex0x } from '../wire/fields.js';
import { checkApproval, type ContractSignatureVerdict } from './approvals.js';
import { decide, type AbortInfo } from './decide.js';
import { configHash, parseDefinition, type CeremonyDefinition } from './definition.js';
import { dealPublicProblem } from './dealing.js';
import { openEnvelope, verifyEnvelope, ROUND, type Envelope } from './envelope.js';
import { decodeAck, decodeConfirm, decodeDeal, type AckBody, type ApprovalBody, type DealBody, type Shape } from './messages.js';
import { computeSid } from './session.js';
import { buildGroup, crossCheckAcks, verifyConfirms } from './confirm.js';
import { depositEntryToJson } from '../eth/depositFile.js';
import { assembleDepositData } from '../eth/depositData.js';
import { definitionNetwork } from './definition.js';
import { CEREMONY_FORMAT } from './ceremonyFile.js';

export interface VerifyTranscriptOptions {
  /** CSPRNG for batch-verification weights. */
  randomBytes: RandomBytes;
  /**
   * The verdicts of the ERC-1271 checks (made on chain beforehand) of approvals whose signature does not recover to
   * the operator: true accepted by its contract wallet, false refused; undefined (and the default) not checked, so
   * such an approval makes the verdict "cannot be checked", never "forged".
   */
  isValidContractSignature?: (approval: ApprovalBody) => ContractSignatureVerdict;
}

export interface TranscriptVerdict {
  valid: boolean;
  status: 'success' | 'aborted' | 'unknown';
  /** Why it is invalid, in words (empty when valid). */
  problems: string[];
  /** For a valid aborted transcript: the reason and culprits the rules give. */
  abort?: AbortInfo;
  /** Participants whose contract-wallet approval could not be checked (no RPC): the transcript is then not valid. */
  unchecked?: number[];
}

/** A problem of the record, in words: caught by verifyTranscript and reported as the verdict's problem. */
function fail(why: string): never {
  throw new SvError('DKG_BAD_TRANSCRIPT', why);
}

function shapeOf(d: CeremonyDefinition): Shape {
  return { n: d.operators.length, t: d.threshold, V: d.validators.length };
}

/** Re-encode a recorded envelope object to its canonical text and open it; check sender position and round. */
function envelopeAt(value: unknown, round: number, k: number, s: Shape): Envelope | null {
  if (value === null) return null;
  let env: Envelope;
  try {
    env = openEnvelope(canonicalJson(value), s.n);
  } catch (e) {
    return fail(`round ${round} message ${k + 1} is malformed: ${(e as Error).message}`);
  }
  if (env.round !== round || env.sender !== k + 1) fail(`round ${round} message ${k + 1} is filed under the wrong round or sender`);
  return env;
}

function roundList(messages: Record<string, unknown>, name: string, round: number, s: Shape): (Envelope | null)[] {
  const list = messages[name];
  if (!Array.isArray(list) || list.length !== s.n) fail(`messages.${name} must list ${s.n} entries`);
  return (list as unknown[]).map((v, k) => envelopeAt(v, round, k, s));
}

const complete = <T>(xs: (T | null)[]): xs is T[] => xs.every((x) => x !== null);

function sameAbort(recorded: unknown, expected: AbortInfo): void {
  const r = recorded as { reason?: unknown; culprits?: unknown; proof?: unknown };
  // `proof` (absent in records written before it existed: then read as the one the reason gives) must be the rules'.
  if (r?.proof !== undefined && r.proof !== expected.proof) {
    fail(`the recorded abort claims proof ${JSON.stringify(r.proof)}, the rules give ${JSON.stringify(expected.proof)}`);
  }
  if (r?.reason !== expected.reason) fail(`the recorded abort reason ${JSON.stringify(r?.reason)} is not what the rules give (${expected.reason})`);
  if (JSON.stringify(r.culprits) !== JSON.stringify(expected.culprits)) {
    fail(`the recorded culprits ${JSON.stringify(r.culprits)} are not the ones the rules give (${JSON.stringify(expected.culprits)})`);
  }
}

function check(file: unknown, opts: VerifyTranscriptOptions, unchecked: Map<number, string>): TranscriptVerdict {
  const o = readObject(file, 'ceremony', ['format', 'definition', 'configHash', 'sid', 'transcriptHash', 'messages', 'validators', 'status']);
  if (o.format !== CEREMONY_FORMAT) fail(`not a ${CEREMONY_FORMAT} file`);
  const definition = parseDefinition(o.definition);
  const s = shapeOf(definition);
  const ch = configHash(definition);
  if (o.configHash !== toHex0x(ch)) fail('configHash does not match the definition');
  const messages = readObject(o.messages, 'messages', ['approvals', 'deals', 'acks', 'confirms']);
  const contractSignature = opts.isValidContractSignature ?? (() => undefined);
  const approvals = roundList(messages, 'approvals', ROUND.APPROVE, s);
  const status = o.status;
  const aborted = typeof status === 'object' && status !== null && 'aborted' in status ? (status as { aborted: AbortInfo }).aborted : null;
  if (!aborted && status !== 'success') fail('status must be "success" or {aborted}');

  // M0: wallet-signed approvals bound to this definition.
  const bodies: (ApprovalBody | null)[] = approvals.map((env) => {
    if (!env) return null;
    const checked = checkApproval(env, definition, ch, s, contractSignature);
    if ('body' in checked) return checked.body;
    if (!checked.unchecked) return fail(checked.problem);
    unchecked.set(env.sender, checked.problem); // checked on as if valid; the verdict says it could not be checked
    return checked.unchecked;
  });
  const proven = (authentic: (env: Envelope) => boolean) => aborted !== null && provenEquivocation(aborted, definition, s, ch, authentic, contractSignature);
  if (proven(() => false)) return { valid: true, status: 'aborted', problems: [], abort: aborted as AbortInfo };
  if (!complete(bodies)) return timeoutOr(aborted, bodies);
  const sid = computeSid(ch, approvals.map((e) => (e as Envelope).text));
  if (o.sid !== toHex0x(sid)) fail('sid does not match the approvals');
  const authentic = (env: Envelope | null, k: number, what: string) => {
    if (env && (!equalBytes(env.sid, sid) || !verifyEnvelope(env, bodies[k]!.identityKey))) fail(`${what} ${k + 1} has a bad session or signature`);
    return env;
  };
  if (proven((env) => equalBytes(env.sid, sid) && verifyEnvelope(env, bodies[env.sender - 1]!.identityKey))) {
    return { valid: true, status: 'aborted', problems: [], abort: aborted as AbortInfo };
  }

  // M1: public checks.
  const dealEnvs = roundList(messages, 'deals', ROUND.DEAL, s).map((e, k) => authentic(e, k, 'deal'));
  const decoded = dealEnvs.map((env, k) => {
    if (!env) return null;
    try {
      const body = decodeDeal(env.body, s, k + 1);
      return { text: env.text, body, problem: dealPublicProblem(body, sid, k + 1) };
    } catch (e) {
      return { text: env.text, body: null, problem: (e as Error).message };
    }
  });
  const invalidDeals = decoded.flatMap((d, k) => (d?.problem ? [k + 1] : []));
  if (invalidDeals.length) {
    if (!aborted) return fail(`deal ${invalidDeals.join(', ')} fails its checks`);
    const culprits = aborted.culprits;
    if (!['invalid-deal', 'invalid-message'].includes(aborted.reason) || culprits.length === 0 || !culprits.every((c) => invalidDeals.includes(c))) {
      fail('the recorded abort does not match the invalid deals');
    }
    return { valid: true, status: 'aborted', problems: [], abort: aborted };
  }
  const deals = decoded.map((d) => (d ? { text: d.text, body: d.body as DealBody } : null));
  if (!complete(deals)) return timeoutOr(aborted, deals);

  // M2 and the decision.
  const ackEnvs = roundList(messages, 'acks', ROUND.ACK, s).map((e, k) => authentic(e, k, 'ack'));
  const badAcks: number[] = [];
  const acks: ({ text: string; body: AckBody } | null)[] = ackEnvs.map((env, k) => {
    if (!env) return null;
    try {
      return { text: env.text, body: decodeAck(env.body, s, k + 1) };
    } catch {
      badAcks.push(k + 1);
      return null;
    }
  });
  if (badAcks.length) return malformedOr(aborted, badAcks, 'acknowledgement');
  if (!complete(acks)) return timeoutOr(aborted, acks);
  const verdict = decide({ sid, approvals: bodies, deals, acks });
  if (verdict) {
    if (!aborted) fail(`the decision rule aborts this ceremony: ${verdict.message}`);
    sameAbort(aborted, verdict);
    return { valid: true, status: 'aborted', problems: [], abort: verdict };
  }

  // M3: group values, T, every partial signature, the combined signatures.
  const texts = [approvals, dealEnvs, ackEnvs].map((l) => l.map((e) => (e as Envelope).text));
  const group = buildGroup(definition, texts, deals, s);
  if (o.transcriptHash !== group.T) fail('transcriptHash is not the hash of this transcript');
  const confirmEnvs = roundList(messages, 'confirms', ROUND.CONFIRM, s).map((e, k) => authentic(e, k, 'confirmation'));
  const badConfirms = confirmEnvs.flatMap((e, k) => {
    if (!e) return [];
    try {
      decodeConfirm(e.body, s);
      return [];
    } catch {
      return [k + 1];
    }
  });
  if (badConfirms.length) return malformedOr(aborted, badConfirms, 'confirmation');
  // Two versions of one ack, shown by the confirmations (those received, as the engine checks them on arrival).
  const split = crossCheckAcks(confirmEnvs.map((e) => e?.text ?? null), texts[2]!, bodies.map((b) => b!.identityKey), s);
  if (split) {
    if (!aborted) fail(`the confirmations show two versions of an acknowledgement: ${split.message}`);
    sameAbort(aborted, split);
    return { valid: true, status: 'aborted', problems: [], abort: split };
  }
  if (!complete(confirmEnvs)) return timeoutOr(aborted, confirmEnvs);
  const outcome = verifyConfirms(definition, group, confirmEnvs.map((e) => e.text), s, opts.randomBytes(32));
  if ('abort' in outcome) {
    if (!aborted) fail(outcome.abort.message);
    sameAbort(aborted, outcome.abort);
    return { valid: true, status: 'aborted', problems: [], abort: outcome.abort };
  }
  if (aborted) fail('every check passes, yet the file records an abort');
  const validators = o.validators;
  if (!Array.isArray(validators) || validators.length !== s.V) fail(`expected ${s.V} validator outputs`);
  const network = definitionNetwork(definition);
  outcome.result.validators.forEach((v, k) => {
    const rec = (validators as Record<string, unknown>[])[k]!;
    const spec = definition.validators[k]!;
    const entry = assembleDepositData(hexToBytes(v.publicKey), hexToBytes(v.depositSignature), {
      withdrawalCredentials: hexToBytes(spec.withdrawalCredentials),
      amount: BigInt(spec.amountGwei),
      network,
    });
    const expected = { publicKey: v.publicKey, groupCommitments: v.groupCommitments, publicShares: v.publicShares, depositData: depositEntryToJson(entry, network), lockSignature: v.lockSignature };
    if (canonicalJson(rec) !== canonicalJson(expected)) fail(`the outputs of validator ${k} differ from what the transcript gives`);
  });
  return { valid: true, status: 'success', problems: [] };
}

/** A round is incomplete: the only abort the record can justify is a timeout naming exactly the missing senders. */
function timeoutOr(aborted: AbortInfo | null, round: unknown[]): TranscriptVerdict {
  if (!aborted) return fail('a successful ceremony needs every message');
  const missing = round.flatMap((m, k) => (m ? [] : [k + 1]));
  sameAbort(aborted, { reason: 'timeout', culprits: missing, proof: 'none', message: '', evidence: [] });
  return { valid: true, status: 'aborted', problems: [], abort: aborted };
}

/** Validly signed but malformed messages: the abort must be 'invalid-message' naming (some of) their senders. */
function malformedOr(aborted: AbortInfo | null, senders: number[], what: string): TranscriptVerdict {
  if (!aborted) return fail(`${what} of participant ${senders.join(', ')} is malformed`);
  if (aborted.reason !== 'invalid-message' || aborted.culprits.length === 0 || !aborted.culprits.every((c) => senders.includes(c))) {
    fail(`the recorded abort does not match the malformed ${what}s`);
  }
  return { valid: true, status: 'aborted', problems: [], abort: aborted };
}

/**
 * An equivocation detected on arrival is proven by its evidence: two different envelopes for the same round
 * and sender, both authentic (round 0: each wallet-signed by the operator; later rounds: signed by the sender's
 * identity key under the sid). Returns true when `aborted` is exactly such a proven equivocation.
 */
function provenEquivocation(
  aborted: AbortInfo,
  definition: CeremonyDefinition,
  s: Shape,
  ch: Uint8Array,
  authentic: (env: Envelope) => boolean,
  contractSignature: (approval: ApprovalBody) => ContractSignatureVerdict,
): boolean {
  if (aborted.reason !== 'equivocation' || aborted.culprits.length !== 1 || !Array.isArray(aborted.evidence) || aborted.evidence.length < 2) return false;
  let envs: Envelope[];
  try {
    envs = aborted.evidence.slice(0, 2).map((t) => openEnvelope(t, s.n));
  } catch {
    return false;
  }
  const [a, b] = envs as [Envelope, Envelope];
  if (a.text === b.text || a.round !== b.round || a.sender !== b.sender || a.sender !== aborted.culprits[0]) return false;
  if (a.round === ROUND.APPROVE) {
    return [a, b].every((env) => 'body' in checkApproval(env, definition, ch, s, contractSignature));
  }
  return authentic(a) && authentic(b);
}

/** Verify a parsed ceremony.json. Never throws: any problem makes the verdict invalid, with the reason. */
export function verifyTranscript(file: unknown, opts: VerifyTranscriptOptions): TranscriptVerdict {
  const unchecked = new Map<number, string>();
  let verdict: TranscriptVerdict;
  try {
    verdict = check(file, opts, unchecked);
  } catch (e) {
    const why = isSvError(e) ? e.message : `unexpected: ${(e as Error)?.message}`;
    verdict = { valid: false, status: 'unknown', problems: [why] };
  }
  if (unchecked.size === 0) return verdict;
  // Approvals only the chain can judge: whatever else holds, the record is not shown valid without them.
  const problems = [...unchecked.values(), ...(verdict.valid ? [] : verdict.problems)];
  return { valid: false, status: 'unknown', problems, unchecked: [...unchecked.keys()].sort((x, y) => x - y) };
}
