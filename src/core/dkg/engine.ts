/**
 * The sv-dkg/1 participant as a deterministic state machine: `step(state, event, secrets) → {state, outbound}`
 * (PROTOCOL.md §2–§5). Same state + same events + same seed ⇒ byte-identical outbound messages, so a restored
 * participant republishes exactly what it published before (§8).
 */
import { hexToBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { toHex0x } from '../wire/fields.js';
import { deriveCeremonyKeys, proveDleq } from './crypto/index.js';
import { checkApproval, walletSigned } from './approvals.js';
import type { CeremonyDefinition, CheckedDefinition } from './definition.js';
import { ROUND, openEnvelope, sealEnvelope, verifyEnvelope, type Envelope, type Round } from './envelope.js';
import { decodeAck, decodeApproval, decodeConfirm, decodeDeal, encodeAck, encodeApproval, encodeConfirm, encodeDeal, type ApprovalBody, type Shape } from './messages.js';
import { dealPublicProblem, deriveDealerSecrets, makeDeal, sharesFrom } from './dealing.js';
import { memoBySeed } from './seedMemo.js';
import { decide, type AbortInfo } from './decide.js';
import { computeSid } from './session.js';
import { buildGroup, crossCheckAcks, makeConfirm, ownShares, verifyConfirms } from './confirm.js';
import type { CeremonyEvent, CeremonyState, Notice, Phase, StepResult, StepSecrets } from './state.js';
import { bodyHash } from './envelope.js';

const PHASE_ROUND: Partial<Record<Phase, Round>> = { approving: 0, dealing: 1, acking: 2, confirming: 3 };
const DEADLINE: Record<number, keyof CeremonyDefinition['deadlines']> = { 0: 'approve', 1: 'deal', 2: 'ack', 3: 'confirm' };

/** n, t, V of a definition. */
export function shapeOf(d: CeremonyDefinition): Shape {
  return { n: d.operators.length, t: d.threshold, V: d.validators.length };
}

/**
 * A new participant state for operator `me` (1-based) of a definition checked at the boundary (checkDefinition):
 * neither parsed nor hashed again here.
 */
export function createCeremonyState(checked: CheckedDefinition, me: number, secrets: StepSecrets): CeremonyState {
  const { definition, configHash: ch } = checked;
  const n = definition.operators.length;
  if (!Number.isInteger(me) || me < 1 || me > n) throw new SvError('DKG_BAD_STATE', `participant index must be 1..${n}`);
  const keys = deriveCeremonyKeys(secrets.seed, ch);
  return {
    version: 1,
    definition,
    configHash: toHex0x(ch),
    me,
    phase: 'approving',
    identityKey: toHex0x(keys.identityKey),
    encryptionKey: toHex0x(keys.encryptionKey),
    sid: null,
    messages: [0, 1, 2, 3].map(() => Array<string | null>(n).fill(null)),
    pending: [],
    sharesOk: Array<boolean | null>(n).fill(null),
    group: null,
    result: null,
    abort: null,
  };
}

/** The EIP-712 approval the operator's wallet must sign (PROTOCOL.md §2). */
export function approvalRequest(state: CeremonyState) {
  return {
    chainId: state.definition.network.chainId,
    configHash: hexToBytes(state.configHash),
    index: state.me,
    identityKey: hexToBytes(state.identityKey),
    encryptionKey: hexToBytes(state.encryptionKey),
  };
}

/** Mutable working copy of one step. */
interface Ctx {
  s: CeremonyState;
  secrets: StepSecrets;
  outbound: string[];
  notices: Notice[];
}

function clone(state: CeremonyState): CeremonyState {
  return JSON.parse(JSON.stringify(state)) as CeremonyState;
}

function setPhase(c: Ctx, phase: Phase): void {
  c.s.phase = phase;
  c.notices.push({ kind: 'phase', phase });
}

function abort(c: Ctx, info: AbortInfo): void {
  if (c.s.phase === 'aborted' || c.s.phase === 'succeeded') return;
  c.s.abort = info;
  setPhase(c, 'aborted');
}

const done = (s: CeremonyState) => s.phase === 'aborted' || s.phase === 'succeeded';

/** Apply one event. Never throws for bad network input (it is dropped or decided on); throws for misuse. */
export function step(state: CeremonyState, event: CeremonyEvent, secrets: StepSecrets): StepResult {
  const c: Ctx = { s: clone(state), secrets, outbound: [], notices: [] };
  if (event.type === 'approve') approve(c, event.signature, event.contractSignatureValid === true);
  else if (event.type === 'message') receive(c, event.data, event.contractSignatureValid === true);
  else if (event.type === 'tick') tick(c, event.now);
  else throw new SvError('DKG_BAD_EVENT', 'unknown event');
  return { state: c.s, outbound: c.outbound, notices: c.notices };
}

function keys(c: Ctx) {
  return memoBySeed(c.secrets.seed, `keys/${c.s.configHash}`, () => deriveCeremonyKeys(c.secrets.seed, hexToBytes(c.s.configHash)));
}

function publish(c: Ctx, round: Round, body: Parameters<typeof sealEnvelope>[4], contractSignatureValid = false): void {
  const sid = round === ROUND.APPROVE ? hexToBytes(c.s.configHash) : hexToBytes(c.s.sid as string);
  const text = sealEnvelope(keys(c).identitySecret, sid, round, c.s.me, body);
  c.outbound.push(text);
  c.notices.push({ kind: 'published', round });
  receive(c, text, contractSignatureValid);
}

function approve(c: Ctx, signature: Uint8Array, contractSignatureValid: boolean): void {
  if (c.s.messages[0]![c.s.me - 1]) return; // already approved: the stored M0 is republished by the app
  if (done(c.s)) return;
  const operator = c.s.definition.operators[c.s.me - 1]!.address;
  const body: ApprovalBody = { ...approvalRequest(c.s), operator, signature };
  // A signature that does not recover to the operator can only be its contract wallet's (ERC-1271), which the app
  // has checked on chain before handing it over.
  if (!contractSignatureValid && !walletSigned(body, c.s.definition.network.chainId, operator)) {
    throw new SvError('DKG_BAD_EVENT', `the approval was signed by another account, not by operator ${operator}: is the right wallet account selected?`);
  }
  publish(c, ROUND.APPROVE, encodeApproval(body), contractSignatureValid);
}

function tick(c: Ctx, now: number): void {
  const round = PHASE_ROUND[c.s.phase];
  if (round === undefined) return;
  const deadline = c.s.definition.deadlines[DEADLINE[round]!];
  if (now <= deadline) return;
  const missing = c.s.messages[round]!.flatMap((m, k) => (m ? [] : [k + 1]));
  const names = ['approval', 'deal', 'acknowledgement', 'confirmation'];
  const they = missing.length > 1 ? 'they' : 'it';
  abort(c, {
    reason: 'timeout',
    culprits: missing,
    proof: 'none',
    message: `no ${names[round]} from participant ${missing.join(', ')} was seen before the deadline: not proof of cheating (${they} may be offline, or a relay may have withheld ${missing.length > 1 ? 'their' : 'its'} messages).`,
    evidence: [],
  });
}

function receive(c: Ctx, data: string | Envelope, contractSignatureValid: boolean): void {
  if (done(c.s)) return;
  const shape = shapeOf(c.s.definition);
  let env: Envelope;
  try {
    env = typeof data === 'string' ? openEnvelope(data, shape.n) : data;
  } catch (e) {
    c.notices.push({ kind: 'dropped', reason: `malformed message: ${(e as Error).message}` });
    return;
  }
  if (env.sender > shape.n) {
    c.notices.push({ kind: 'dropped', reason: `malformed message: envelope.sender must be 1..${shape.n}` });
    return;
  }
  const text = env.text;
  if (c.s.messages[env.round]![env.sender - 1] === text) return; // already have it: nothing to check again
  if (env.round === ROUND.APPROVE) return receiveApproval(c, env, contractSignatureValid);
  if (!c.s.sid) {
    if (c.s.pending.length < 8 * shape.n && !c.s.pending.includes(text)) c.s.pending.push(text);
    return;
  }
  if (toHex0x(env.sid) !== c.s.sid) {
    c.notices.push({ kind: 'dropped', reason: 'message of another session' });
    return;
  }
  const approval = decodeApproval(JSON.parse(c.s.messages[0]![env.sender - 1]!).body, shape);
  if (!verifyEnvelope(env, approval.identityKey)) {
    c.notices.push({ kind: 'dropped', reason: `bad signature on a message claiming to be from participant ${env.sender}` });
    return;
  }
  if (!store(c, env)) return;
  try {
    if (env.round === ROUND.DEAL) onDeal(c, env, shape);
    else if (env.round === ROUND.ACK) decodeAck(env.body, shape, env.sender);
    else decodeConfirm(env.body, shape);
  } catch (e) {
    abort(c, {
      reason: 'invalid-message',
      culprits: [env.sender],
      proof: 'signed-evidence',
      message: `participant ${env.sender} signed a malformed message: ${(e as Error).message}`,
      evidence: [env.text],
    });
    return;
  }
  advance(c);
}

/** Record an authenticated envelope; detect equivocation. Returns false when there is nothing new. */
function store(c: Ctx, env: Envelope): boolean {
  const slot = c.s.messages[env.round]!;
  const existing = slot[env.sender - 1];
  if (existing === env.text) return false;
  if (existing) {
    abort(c, {
      reason: 'equivocation',
      culprits: [env.sender],
      proof: 'signed-evidence',
      message: `participant ${env.sender} signed two different messages for round ${env.round}.`,
      evidence: [existing, env.text],
    });
    return false;
  }
  slot[env.sender - 1] = env.text;
  c.notices.push({ kind: 'accepted', round: env.round, sender: env.sender });
  return true;
}

function receiveApproval(c: Ctx, env: Envelope, contractSignatureValid: boolean): void {
  const checked = checkApproval(env, c.s.definition, hexToBytes(c.s.configHash), shapeOf(c.s.definition), () => contractSignatureValid);
  if ('problem' in checked) {
    c.notices.push({ kind: 'dropped', reason: checked.problem });
    return;
  }
  if (!store(c, env)) return;
  advance(c);
}

function onDeal(c: Ctx, env: Envelope, shape: Shape): void {
  const deal = decodeDeal(env.body, shape, env.sender);
  const sid = hexToBytes(c.s.sid as string);
  const problem = dealPublicProblem(deal, sid, env.sender);
  if (problem) {
    abort(c, { reason: 'invalid-deal', culprits: [env.sender], proof: 'signed-evidence', message: `the deal of participant ${env.sender} fails its public checks: ${problem}.`, evidence: [env.text] });
    return;
  }
  if (env.sender !== c.s.me) {
    c.s.sharesOk[env.sender - 1] = sharesFrom(c.secrets.seed, sid, env.text, deal, env.sender, c.s.me, keys(c).encryptionSecret) !== undefined;
  }
}

const all = (xs: (string | null)[]) => xs.every((x) => x !== null);

/** Move to the next phase when its inputs are complete (possibly several times in one step). */
function advance(c: Ctx): void {
  const shape = shapeOf(c.s.definition);
  if (c.s.phase === 'approving' && all(c.s.messages[0]!)) {
    c.s.sid = toHex0x(computeSid(hexToBytes(c.s.configHash), c.s.messages[0] as string[]));
    setPhase(c, 'dealing');
    const sid = hexToBytes(c.s.sid);
    const eks = (c.s.messages[0] as string[]).map((t) => decodeApproval(JSON.parse(t).body, shape).encryptionKey);
    publish(c, ROUND.DEAL, encodeDeal(makeDeal(deriveDealerSecrets(c.secrets.seed, sid, shape), sid, c.s.me, eks, shape)));
    const pending = c.s.pending;
    c.s.pending = [];
    for (const text of pending) receive(c, text, false);
    return;
  }
  if (c.s.phase === 'dealing' && all(c.s.messages[1]!)) {
    setPhase(c, 'acking');
    publish(c, ROUND.ACK, encodeAck(makeAck(c, shape)));
    return;
  }
  if (c.s.phase === 'acking' && all(c.s.messages[2]!)) {
    const sid = hexToBytes(c.s.sid as string);
    const approvals = (c.s.messages[0] as string[]).map((t) => decodeApproval(JSON.parse(t).body, shape));
    const deals = (c.s.messages[1] as string[]).map((text, k) => ({ text, body: decodeDeal(JSON.parse(text).body, shape, k + 1) }));
    const acks = (c.s.messages[2] as string[]).map((text, k) => ({ text, body: decodeAck(JSON.parse(text).body, shape, k + 1) }));
    const verdict = decide({ sid, approvals, deals, acks });
    if (verdict) return abort(c, verdict);
    c.s.group = buildGroup(c.s.definition, c.s.messages, deals, shape);
    setPhase(c, 'confirming');
    const shares = ownShares(c.secrets.seed, sid, c.s.me, keys(c).encryptionSecret, deals, shape);
    publish(c, ROUND.CONFIRM, encodeConfirm(makeConfirm(c.s.definition, c.s.group, shares, c.s.messages[2] as string[])));
    return;
  }
  if (c.s.phase === 'confirming' && c.s.group) {
    // Each confirmation names the acks its sender used: a differing one is settled as soon as it arrives.
    const identityKeys = (c.s.messages[0] as string[]).map((t) => decodeApproval(JSON.parse(t).body, shape).identityKey);
    const split = crossCheckAcks(c.s.messages[3]!, c.s.messages[2] as string[], identityKeys, shape);
    if (split) return abort(c, split);
  }
  if (c.s.phase === 'confirming' && all(c.s.messages[3]!) && c.s.group) {
    const outcome = verifyConfirms(c.s.definition, c.s.group, c.s.messages[3] as string[], shape, c.secrets.seed);
    if ('abort' in outcome) return abort(c, outcome.abort);
    c.s.result = outcome.result;
    setPhase(c, 'succeeded');
  }
}

function makeAck(c: Ctx, shape: Shape) {
  const sid = hexToBytes(c.s.sid as string);
  const deals = c.s.messages[1] as string[];
  const secret = keys(c).encryptionSecret;
  const accusations = [];
  for (let i = 1; i <= shape.n; i++) {
    if (i === c.s.me || c.s.sharesOk[i - 1] !== false) continue;
    const deal = decodeDeal(JSON.parse(deals[i - 1]!).body, shape, i);
    const { K, proof } = proveDleq({ secret, dealerPoint: deal.R, sid, i, j: c.s.me });
    accusations.push({ dealer: i, K, proof });
  }
  const seen = deals.map((text) => {
    const env = openEnvelope(text, shape.n);
    return { bodyHash: bodyHash(env.body), sig: env.sig };
  });
  return { seen, accusations };
}
