/**
 * QBFT's "upon" rules (Moniz 2020, Alg. 2 "normal case" and Alg. 3 "round change"), each fired at most once per
 * round, evaluated on the working copy until none applies.
 */
import { bytesToHex, equalBytes } from '../bytes.js';
import { emit, messagesOf, signOwn, stripped, type Work } from './work.js';
import type { QbftValue, SignedQbftMessage } from './types.js';

const fired = (w: Work, rule: string, round: number) => w.fired.has(`${rule}/${round}`);

/** Decide (Moniz Alg. 2 "upon receiving a quorum Qcommit of valid COMMIT"): stop the round, keep the proof. */
export function decide(w: Work, value: QbftValue, round: number, commits: SignedQbftMessage[]): void {
  const proof = commits.slice(0, w.params.quorum).map(stripped);
  w.phase = 'decided';
  w.decision = { value, round, commits: proof };
  w.decidedNow = w.decision;
  w.decidedMessage = signOwn(w, 'DECIDED', round, { value, justification: proof });
  delete w.timer;
}

/**
 * A quorum of COMMITs for one value in any round decides (QBFT spec, "UponCommit" over all received COMMITs; safe
 * because a COMMIT quorum in round r means an honest quorum locked the value in r), once its data is known.
 */
function decideOnCommits(w: Work): boolean {
  const groups = new Map<string, SignedQbftMessage[]>();
  for (const e of Object.values(w.log)) {
    const m = e.signed.message;
    if (m.type !== 'COMMIT' || m.value === undefined) continue;
    const key = `${m.round}/${bytesToHex(m.value.hash)}`;
    groups.set(key, [...(groups.get(key) ?? []), e.signed]);
  }
  for (const [key, commits] of groups) {
    const value = w.values[key.slice(key.indexOf('/') + 1)];
    if (commits.length >= w.params.quorum && value) {
      decide(w, value, Number(key.slice(0, key.indexOf('/'))), commits.sort((a, b) => a.message.sender - b.message.sender));
      return true;
    }
  }
  return false;
}

/** Drop what no rule will read again: messages of earlier rounds, except COMMITs (they may still decide). */
function prune(w: Work): void {
  for (const [key, e] of Object.entries(w.log)) {
    if (e.signed.message.round < w.round && e.signed.message.type !== 'COMMIT') delete w.log[key];
  }
}

/** Move to round r (r > current): arm its timer and broadcast ROUND-CHANGE with the prepared certificate (Alg. 3). */
export function enterRound(w: Work, round: number): void {
  w.round = round;
  delete w.accepted;
  w.timer = { round };
  prune(w);
  const p = w.prepared;
  emit(w, 'rc', 'ROUND-CHANGE', round, p ? { value: p.value, preparedRound: p.round, justification: p.cert.map(stripped) } : {});
}

/** Alg. 3: f + 1 ROUND-CHANGEs for rounds above ours move us to the lowest of them. */
function skipRounds(w: Work): boolean {
  const highest = new Map<number, number>();
  for (const e of Object.values(w.log)) {
    const m = e.signed.message;
    if (m.type === 'ROUND-CHANGE' && m.round > w.round) highest.set(m.sender, Math.max(highest.get(m.sender) ?? 0, m.round));
  }
  if (highest.size < w.params.f + 1) return false;
  const rounds = [...highest.values()].sort((a, b) => b - a);
  enterRound(w, rounds[w.params.f] ?? w.round + 1);
  return true;
}

/** The highest prepared ROUND-CHANGE among a set (Moniz Alg. 4 HighestPrepared), if any prepared. */
function highestPrepared(rcs: SignedQbftMessage[]): SignedQbftMessage | undefined {
  let best: SignedQbftMessage | undefined;
  for (const rc of rcs) {
    const pr = rc.message.preparedRound;
    if (pr !== undefined && (best === undefined || pr > (best.message.preparedRound ?? 0))) best = rc;
  }
  return best;
}

/**
 * The leader proposes: round 1 with its own value (Alg. 1 Start); a later round on a quorum of ROUND-CHANGEs, with
 * the highest prepared value if any, else its own (Alg. 3), justified by those ROUND-CHANGEs and that value's PREPAREs.
 */
function propose(w: Work): boolean {
  const r = w.round;
  if (w.params.leader(r) !== w.config.me || fired(w, 'propose', r)) return false;
  if (r === 1) {
    if (!w.input) return false;
    emit(w, 'propose', 'PRE-PREPARE', 1, { value: w.input });
    return true;
  }
  const rcs = messagesOf(w, 'ROUND-CHANGE', r);
  if (rcs.length < w.params.quorum) return false;
  const best = highestPrepared(rcs);
  const value = best?.message.value ?? w.input;
  if (!value) return false;
  const justification = [...rcs.map(stripped), ...(best ? best.message.justification.map(stripped) : [])];
  emit(w, 'propose', 'PRE-PREPARE', r, { value, justification });
  return true;
}

/** Alg. 2: a valid PRE-PREPARE of the current round from its leader: PREPARE it, if its value is valid to us. */
function acceptPrePrepare(w: Work): boolean {
  const r = w.round;
  const leader = w.params.leader(r);
  const e = w.log[`PRE-PREPARE/${r}/${leader}`];
  if (!e || fired(w, 'prepare', r)) return false;
  const value = e.signed.message.value;
  if (!value) return false;
  if (!isValidSafe(w, value)) {
    w.fired.add(`prepare/${r}`);
    w.dropped.push({ code: 'QBFT_INVALID_VALUE', from: leader, reason: `the value proposed for round ${r} is not valid to this member` });
    return false;
  }
  w.accepted = value;
  emit(w, 'prepare', 'PREPARE', r, { value });
  return true;
}

function isValidSafe(w: Work, value: QbftValue): boolean {
  try {
    return w.config.isValid(value) === true;
  } catch {
    return false;
  }
}

/** Alg. 2: a quorum of PREPAREs for the accepted value: prepared (pr, pv), broadcast COMMIT. */
function commitOnPrepares(w: Work): boolean {
  const r = w.round;
  const value = w.accepted;
  if (!value || fired(w, 'commit', r)) return false;
  const prepares = messagesOf(w, 'PREPARE', r).filter((p) => equalBytes(p.message.value?.hash ?? new Uint8Array(0), value.hash));
  if (prepares.length < w.params.quorum) return false;
  w.prepared = { round: r, value, cert: prepares.slice(0, w.params.quorum).map(stripped) };
  emit(w, 'commit', 'COMMIT', r, { value });
  return true;
}

/** Fire every rule that applies, until none does (each fires once per round, rounds only grow: this ends). */
export function react(w: Work): void {
  for (;;) {
    if (w.phase === 'decided') return;
    if (decideOnCommits(w)) return;
    if (w.phase === 'idle') return;
    if (skipRounds(w) || propose(w) || acceptPrePrepare(w) || commitOnPrepares(w)) continue;
    return;
  }
}
