/**
 * `step(state, event, config)`: the whole QBFT machine (Moniz 2020 Alg. 1–4), pure and deterministic. It copies
 * what it changes, so the state it is given stays as it was (test/unit/qbft/step.test.ts freezes it to prove so).
 */
import { decide, enterRound, react } from './rules.js';
import { MAX_ROUNDS_AHEAD, logKey, paramsOf, type QbftState } from './state.js';
import { checkHeader, checkMessage, makeChecker } from './validate.js';
import { closeWork, openWork, store, type Work } from './work.js';
import type { QbftConfig, QbftEvent, SignedQbftMessage, StepResult } from './types.js';

/** One transition of the instance. */
export function step(state: QbftState, event: QbftEvent, config: QbftConfig): StepResult<QbftState> {
  const params = paramsOf(config);
  const w = openWork(state, config, params, makeChecker(config, params));
  switch (event.type) {
    case 'start':
      onStart(w, event.value);
      break;
    case 'input':
      if (!w.input && w.phase !== 'decided') w.input = event.value;
      break;
    case 'timeout':
      if (w.phase === 'round' && event.round === w.round) enterRound(w, w.round + 1);
      break;
    case 'message':
      onMessage(w, event.from, event.message);
      break;
  }
  react(w);
  return result(w);
}

function onStart(w: Work, value: QbftStepValue): void {
  if (w.phase !== 'idle') return;
  if (value && !w.input) w.input = value;
  w.phase = 'round';
  w.round = 1;
  w.timer = { round: 1 };
}
type QbftStepValue = Extract<QbftEvent, { type: 'start' }>['value'];

function drop(w: Work, from: number, code: string, reason: string): void {
  w.dropped.push({ code, from, reason });
}

/** A decided member answers a member still running (its message of a round not yet answered) with DECIDED. */
function answerLate(w: Work, from: number, signed: SignedQbftMessage): void {
  const m = signed.message;
  const header = checkHeader(w.checker, m);
  if (header) return drop(w, from, header.code, header.reason);
  if (m.sender !== from) return drop(w, from, 'QBFT_BAD_SENDER', `member ${from} sent a message signed as member ${m.sender}`);
  if (m.type === 'DECIDED' || from === w.config.me || !w.decidedMessage) return;
  if (m.round > (w.decision?.round ?? 0) + MAX_ROUNDS_AHEAD) return drop(w, from, 'QBFT_ROUND_TOO_FAR', `round ${m.round} is too far ahead`);
  if ((w.answered[from] ?? 0) >= m.round) return;
  w.answered[from] = m.round;
  w.direct.push({ to: from, message: w.decidedMessage });
}

/** Validate, then store (or act on) one received message. */
function onMessage(w: Work, from: number, signed: SignedQbftMessage): void {
  if (w.phase === 'decided') return answerLate(w, from, signed);
  const refusal = checkMessage(w.checker, from, signed);
  if (refusal) return drop(w, from, refusal.code, refusal.reason);
  const m = signed.message;
  if (m.type === 'DECIDED') {
    // A valid DECIDED proves the decision by itself (its COMMITs are verified): decide on it, even where an
    // equivocator's other COMMIT sits in this member's log.
    if (m.value) decide(w, m.value, m.round, m.justification);
    return;
  }
  const base = Math.max(w.round, 1);
  if (m.round > base + MAX_ROUNDS_AHEAD) return drop(w, from, 'QBFT_ROUND_TOO_FAR', `round ${m.round} is more than ${MAX_ROUNDS_AHEAD} ahead of ${base}`);
  if (m.round < w.round && m.type !== 'COMMIT') return drop(w, from, 'QBFT_OLD_ROUND', `a ${m.type} of past round ${m.round}`);
  const digest = w.checker.digestHex(m);
  const existing = w.log[logKey(m.type, m.round, m.sender)];
  if (existing) {
    if (existing.digest !== digest) drop(w, from, 'QBFT_EQUIVOCATION', `member ${m.sender} sent two different ${m.type}s in round ${m.round}; the first is kept`);
    return;
  }
  if (m.round > w.round) makeRoom(w, m.sender);
  store(w, signed, digest);
}

/** Per-sender bound on messages buffered for rounds ahead: beyond it the sender's oldest goes. */
function makeRoom(w: Work, sender: number): void {
  const ahead = Object.entries(w.log).filter(([, e]) => e.signed.message.sender === sender && e.signed.message.round > w.round);
  if (ahead.length < w.params.maxBuffered) return;
  const oldest = ahead.reduce((a, b) => (b[1].seq < a[1].seq ? b : a));
  delete w.log[oldest[0]];
  drop(w, sender, 'QBFT_BUFFER_FULL', `member ${sender} has ${w.params.maxBuffered} messages buffered ahead; its oldest is dropped`);
}

function result(w: Work): StepResult<QbftState> {
  const out: StepResult<QbftState> = { state: closeWork(w), outbound: w.outbound };
  if (w.direct.length > 0) out.direct = w.direct;
  if (w.decidedNow) out.decided = w.decidedNow;
  if (w.timer && w.phase !== 'decided') out.timer = w.timer;
  if (w.dropped.length > 0) out.dropped = w.dropped;
  return out;
}
