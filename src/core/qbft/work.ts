/**
 * The working copy one `step` edits: fresh containers copied from the state it was given (never that state's own),
 * the outputs so far, and the helpers that sign, store and emit this member's messages.
 */
import { bytesToHex } from '../bytes.js';
import { logKey, type LogEntry, type Params, type Prepared, type QbftState } from './state.js';
import type { Checker } from './validate.js';
import type { QbftConfig, QbftDecision, QbftMessage, QbftMessageType, QbftValue, SignedQbftMessage } from './types.js';

/** A mutable copy of a state plus the step's outputs. */
export interface Work {
  phase: QbftState['phase'];
  round: number;
  input?: QbftValue;
  prepared?: Prepared;
  accepted?: QbftValue;
  fired: Set<string>;
  log: Record<string, LogEntry>;
  values: Record<string, QbftValue>;
  seq: number;
  decision?: QbftDecision;
  decidedMessage?: SignedQbftMessage;
  answered: Record<number, number>;
  // outputs
  outbound: SignedQbftMessage[];
  direct: { to: number; message: SignedQbftMessage }[];
  dropped: { code: string; from: number; reason: string }[];
  timer?: { round: number };
  decidedNow?: QbftDecision;
  readonly config: QbftConfig;
  readonly params: Params;
  readonly checker: Checker;
}

/** A working copy of `state` (new containers; the entries themselves are immutable and shared). */
export function openWork(state: QbftState, config: QbftConfig, params: Params, checker: Checker): Work {
  const w: Work = {
    phase: state.phase,
    round: state.round,
    fired: new Set(state.fired),
    log: { ...state.log },
    values: { ...state.values },
    seq: state.seq,
    answered: state.phase === 'decided' ? { ...state.answered } : {},
    outbound: [],
    direct: [],
    dropped: [],
    config,
    params,
    checker,
  };
  if (state.input) w.input = state.input;
  if (state.prepared) w.prepared = state.prepared;
  if (state.accepted) w.accepted = state.accepted;
  if (state.phase === 'decided') {
    w.decision = state.decision;
    w.decidedMessage = state.decidedMessage;
  }
  return w;
}

/** The new state of a working copy. */
export function closeWork(w: Work): QbftState {
  const base = {
    round: w.round,
    fired: [...w.fired],
    log: w.log,
    values: w.values,
    seq: w.seq,
    ...(w.input ? { input: w.input } : {}),
    ...(w.prepared ? { prepared: w.prepared } : {}),
    ...(w.accepted ? { accepted: w.accepted } : {}),
  };
  if (w.phase === 'decided' && w.decision && w.decidedMessage) {
    return { ...base, phase: 'decided', decision: w.decision, decidedMessage: w.decidedMessage, answered: w.answered };
  }
  return w.phase === 'round' ? { ...base, phase: 'round' } : { ...base, phase: 'idle' };
}

/** Remember a value's data by its hash. */
export function rememberValue(w: Work, value: QbftValue | undefined): void {
  if (value && value.data.length > 0) w.values[bytesToHex(value.hash)] ??= value;
}

/** Store a valid message in the log. */
export function store(w: Work, signed: SignedQbftMessage, digest: string): void {
  const m = signed.message;
  w.log[logKey(m.type, m.round, m.sender)] = { seq: w.seq++, digest, signed };
  rememberValue(w, m.value);
}

/** A value as it travels inside a justification: the hash only (the signature covers no data). */
function hashOnly(value: QbftValue): QbftValue {
  return { hash: value.hash, data: new Uint8Array(0) };
}

/** A message as it travels inside a justification: no data, no nested justification. */
export function stripped(signed: SignedQbftMessage): SignedQbftMessage {
  const { value, ...rest } = signed.message;
  const message: QbftMessage = { ...rest, justification: [], ...(value ? { value: hashOnly(value) } : {}) };
  return { message, signature: signed.signature };
}

/** Build and sign one of this member's messages. */
export function signOwn(
  w: Work,
  type: QbftMessageType,
  round: number,
  fields: { value?: QbftValue; preparedRound?: number; justification?: SignedQbftMessage[] },
): SignedQbftMessage {
  const value = fields.value && (type === 'PREPARE' || type === 'COMMIT') ? hashOnly(fields.value) : fields.value;
  const message: QbftMessage = {
    type,
    instance: w.config.instance,
    round,
    sender: w.config.me,
    ...(value ? { value } : {}),
    ...(fields.preparedRound !== undefined ? { preparedRound: fields.preparedRound } : {}),
    justification: fields.justification ?? [],
  };
  return { message, signature: w.config.sign(w.checker.digest(message)) };
}

/** Sign, store (this member counts its own message) and broadcast one message; marks the rule fired. */
export function emit(w: Work, rule: string, type: QbftMessageType, round: number, fields: Parameters<typeof signOwn>[3]): SignedQbftMessage {
  w.fired.add(`${rule}/${round}`);
  const signed = signOwn(w, type, round, fields);
  if (type !== 'DECIDED') store(w, signed, w.checker.digestHex(signed.message));
  w.outbound.push(signed);
  return signed;
}

/** The stored messages of one type and round, one per sender, in sender order. */
export function messagesOf(w: Work, type: QbftMessageType, round: number): SignedQbftMessage[] {
  const out: SignedQbftMessage[] = [];
  for (let s = 1; s <= w.params.n; s++) {
    const e = w.log[logKey(type, round, s)];
    if (e) out.push(e.signed);
  }
  return out;
}
