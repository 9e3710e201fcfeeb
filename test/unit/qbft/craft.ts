/** Hand-made QBFT messages for the unit tests (signed with the test keys of harness.ts). */
import { messageDigest, type InstanceId, type QbftMessage, type QbftMessageType, type QbftValue, type SignedQbftMessage } from '../../../src/core/qbft/index.js';
import { INSTANCE, testSign, value } from './harness.js';

/** Fields of a crafted message (defaults: INSTANCE, no value, no justification). */
export interface Craft {
  round: number;
  sender: number;
  value?: QbftValue;
  preparedRound?: number;
  justification?: SignedQbftMessage[];
  instance?: InstanceId;
  /** Sign as this member instead of the sender (a forgery). */
  signer?: number;
}

/** A message of `type`, signed. */
export function msg(type: QbftMessageType, c: Craft): SignedQbftMessage {
  const message: QbftMessage = {
    type,
    instance: c.instance ?? INSTANCE,
    round: c.round,
    sender: c.sender,
    ...(c.value ? { value: c.value } : {}),
    ...(c.preparedRound !== undefined ? { preparedRound: c.preparedRound } : {}),
    justification: c.justification ?? [],
  };
  return { message, signature: testSign(c.signer ?? c.sender, messageDigest(message)) };
}

/** The hash-only form of a value (as PREPARE and COMMIT carry it). */
export const hashOnly = (v: QbftValue): QbftValue => ({ hash: v.hash, data: new Uint8Array(0) });

/** PREPAREs of `round` for `v` from `senders`. */
export const prepares = (round: number, v: QbftValue, senders: number[]): SignedQbftMessage[] =>
  senders.map((sender) => msg('PREPARE', { round, sender, value: hashOnly(v) }));

/** COMMITs of `round` for `v` from `senders`. */
export const commits = (round: number, v: QbftValue, senders: number[]): SignedQbftMessage[] =>
  senders.map((sender) => msg('COMMIT', { round, sender, value: hashOnly(v) }));

/** A ROUND-CHANGE to `round` from `sender`, optionally prepared (round pr, value v, certified by `by`). */
export function rc(round: number, sender: number, prepared?: { pr: number; v: QbftValue; by: number[] }): SignedQbftMessage {
  if (!prepared) return msg('ROUND-CHANGE', { round, sender });
  return msg('ROUND-CHANGE', { round, sender, value: prepared.v, preparedRound: prepared.pr, justification: prepares(prepared.pr, prepared.v, prepared.by) });
}

/** A message as it travels inside a justification. */
export function strip(s: SignedQbftMessage): SignedQbftMessage {
  const { value: v, ...rest } = s.message;
  return { message: { ...rest, justification: [], ...(v ? { value: hashOnly(v) } : {}) }, signature: s.signature };
}

export const A = value('A');
export const B = value('B');
