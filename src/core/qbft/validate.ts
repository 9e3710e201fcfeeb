/**
 * Validity of received messages (Moniz 2020 §4, "valid" messages, and Alg. 4 JustifyPrePrepare/JustifyRoundChange):
 * shape, instance, signatures (the author's, and every justification's), value hashes and justifications. None of
 * these checks depends on the instance's state, so a message validated once stays valid in the buffer.
 */
import { bytesToHex, equalBytes } from '../bytes.js';
import { messageDigest, sameInstance, valueHash } from './digest.js';
import type { Params } from './state.js';
import type { QbftConfig, QbftMessage, SignedQbftMessage } from './types.js';

/** Why a message is dropped: a `QBFT_*` code and words. */
export interface Refusal {
  code: string;
  reason: string;
}

/** Signature checks with a per-step cache over (sender, digest, signature). */
export interface Checker {
  readonly config: QbftConfig;
  readonly params: Params;
  /** True when the message is signed by its sender (cached). */
  signedOk(signed: SignedQbftMessage): boolean;
  /** The message's digest (`messageDigest`, computed once per message object). */
  digest(message: QbftMessage): Uint8Array;
  /** The message's digest, hex. */
  digestHex(message: QbftMessage): string;
}

/** A checker for one step. */
export function makeChecker(config: QbftConfig, params: Params): Checker {
  const cache = new Map<string, boolean>();
  const digests = new WeakMap<QbftMessage, Uint8Array>();
  const digestOf = (m: QbftMessage): Uint8Array => {
    let d = digests.get(m);
    if (!d) digests.set(m, (d = messageDigest(m)));
    return d;
  };
  return {
    config,
    params,
    digest: digestOf,
    digestHex: (m) => bytesToHex(digestOf(m)),
    signedOk(signed) {
      const d = digestOf(signed.message);
      const key = `${signed.message.sender}:${bytesToHex(d)}:${bytesToHex(signed.signature)}`;
      let ok = cache.get(key);
      if (ok === undefined) {
        ok = safeVerify(config, signed.message.sender, d, signed.signature);
        cache.set(key, ok);
      }
      return ok;
    },
  };
}

function safeVerify(config: QbftConfig, sender: number, digest: Uint8Array, signature: Uint8Array): boolean {
  try {
    return config.verify(sender, digest, signature) === true;
  } catch {
    return false;
  }
}

const refuse = (code: string, reason: string): Refusal => ({ code, reason });

/** Shape and instance checks common to a top-level message and a justification. */
export function checkHeader(c: Checker, m: QbftMessage): Refusal | undefined {
  if (!sameInstance(m.instance, c.config.instance)) return refuse('QBFT_WRONG_INSTANCE', 'a message of another cluster, slot or duty');
  if (!Number.isInteger(m.round) || m.round < 1 || m.round > 0xffffffff) return refuse('QBFT_BAD_MESSAGE', 'a round is 1, 2, ...');
  if (!Number.isInteger(m.sender) || m.sender < 1 || m.sender > c.params.n) return refuse('QBFT_BAD_SENDER', 'the author is not a member');
  const hasValue = m.value !== undefined;
  switch (m.type) {
    case 'PRE-PREPARE':
    case 'PREPARE':
    case 'COMMIT':
    case 'DECIDED':
      if (!hasValue || m.preparedRound !== undefined) return refuse('QBFT_BAD_MESSAGE', `${m.type} carries a value and no prepared round`);
      break;
    case 'ROUND-CHANGE':
      if (hasValue !== (m.preparedRound !== undefined)) return refuse('QBFT_BAD_MESSAGE', 'ROUND-CHANGE has a prepared value exactly when it has a prepared round');
      if (m.preparedRound !== undefined && (!Number.isInteger(m.preparedRound) || m.preparedRound < 1 || m.preparedRound >= m.round)) {
        return refuse('QBFT_BAD_MESSAGE', 'a prepared round is before the round changed to');
      }
      break;
    default:
      return refuse('QBFT_BAD_MESSAGE', 'unknown message type');
  }
  const v = m.value;
  if (v !== undefined && (!(v.hash instanceof Uint8Array) || v.hash.length !== 32 || !(v.data instanceof Uint8Array))) {
    return refuse('QBFT_BAD_MESSAGE', 'a value is a 32-byte hash and bytes');
  }
  return undefined;
}

/** The value's data hashes to its hash (for the messages that carry data). */
function checkData(c: Checker, m: QbftMessage): Refusal | undefined {
  if (m.value === undefined) return undefined;
  if (!equalBytes(valueHash(c.config.instance, m.value.data), m.value.hash)) return refuse('QBFT_BAD_VALUE_HASH', "the value's data does not match its hash");
  return undefined;
}

/**
 * A set of justification messages of one type, round and (optionally) value hash, from distinct members, each
 * signed by its author and carrying no justification of its own; at least `min` of them.
 */
export function checkQuorumSet(
  c: Checker,
  set: readonly SignedQbftMessage[],
  want: { type: QbftMessage['type']; round: number; hash?: Uint8Array; min: number },
): Refusal | undefined {
  const senders = new Set<number>();
  for (const j of set) {
    const m = j.message;
    const bad = checkHeader(c, m);
    if (bad) return refuse('QBFT_BAD_JUSTIFICATION', `a justification is malformed (${bad.reason})`);
    if (m.type !== want.type || m.round !== want.round) return refuse('QBFT_BAD_JUSTIFICATION', `a justification is not a ${want.type} of round ${want.round}`);
    if (want.hash && !equalBytes(m.value?.hash ?? new Uint8Array(0), want.hash)) return refuse('QBFT_BAD_JUSTIFICATION', 'a justification is for another value');
    if (m.justification.length !== 0) return refuse('QBFT_BAD_JUSTIFICATION', 'a justification carries justifications');
    if (senders.has(m.sender)) return refuse('QBFT_BAD_JUSTIFICATION', 'a member counted twice in a justification');
    if (!c.signedOk(j)) return refuse('QBFT_BAD_JUSTIFICATION', 'a justification is not signed by its author');
    senders.add(m.sender);
  }
  if (senders.size < want.min) return refuse('QBFT_BAD_JUSTIFICATION', `fewer than ${want.min} members in a justification`);
  return undefined;
}

/** A ROUND-CHANGE: nothing prepared and no justification, or a quorum of PREPAREs of its prepared round and value. */
function checkRoundChange(c: Checker, m: QbftMessage): Refusal | undefined {
  if (m.preparedRound === undefined || m.value === undefined) {
    return m.justification.length === 0 ? undefined : refuse('QBFT_BAD_JUSTIFICATION', 'a ROUND-CHANGE without a prepared value carries a justification');
  }
  if (m.justification.length > c.params.n) return refuse('QBFT_BAD_JUSTIFICATION', 'too many justifications');
  return checkQuorumSet(c, m.justification, { type: 'PREPARE', round: m.preparedRound, hash: m.value.hash, min: c.params.quorum });
}

/**
 * A PRE-PREPARE from the round's leader (Moniz 2020 Alg. 4 JustifyPrePrepare): round 1 needs nothing; a later
 * round needs a quorum of its ROUND-CHANGEs and, when any of them prepared, the quorum of PREPAREs behind the
 * highest prepared one, whose value it must propose.
 */
function checkPrePrepare(c: Checker, m: QbftMessage): Refusal | undefined {
  if (m.sender !== c.params.leader(m.round)) return refuse('QBFT_NOT_LEADER', `member ${m.sender} does not lead round ${m.round}`);
  if (m.round === 1) return m.justification.length === 0 ? undefined : refuse('QBFT_BAD_JUSTIFICATION', 'a round-1 PRE-PREPARE carries a justification');
  if (m.justification.length > 2 * c.params.n) return refuse('QBFT_BAD_JUSTIFICATION', 'too many justifications');
  const rcs = m.justification.filter((j) => j.message.type === 'ROUND-CHANGE');
  const prepares = m.justification.filter((j) => j.message.type !== 'ROUND-CHANGE');
  const bad = checkQuorumSet(c, rcs, { type: 'ROUND-CHANGE', round: m.round, min: c.params.quorum });
  if (bad) return bad;
  let highest: QbftMessage | undefined;
  for (const rc of rcs) {
    const pr = rc.message.preparedRound;
    if (pr !== undefined && (highest === undefined || pr > (highest.preparedRound ?? 0))) highest = rc.message;
  }
  if (highest?.value === undefined || highest.preparedRound === undefined) {
    return prepares.length === 0 ? undefined : refuse('QBFT_BAD_JUSTIFICATION', 'PREPAREs justify nothing prepared');
  }
  const pr = highest.preparedRound;
  const proven = prepares[0]?.message.value?.hash;
  if (proven === undefined) return refuse('QBFT_BAD_JUSTIFICATION', 'the highest prepared value comes without its PREPAREs');
  const claimed = rcs.some((rc) => rc.message.preparedRound === pr && equalBytes(rc.message.value?.hash ?? new Uint8Array(0), proven));
  if (!claimed) return refuse('QBFT_BAD_JUSTIFICATION', 'the PREPAREs are not for the highest prepared value');
  const badPrepares = checkQuorumSet(c, prepares, { type: 'PREPARE', round: pr, hash: proven, min: c.params.quorum });
  if (badPrepares) return badPrepares;
  if (!equalBytes(m.value?.hash ?? new Uint8Array(0), proven)) return refuse('QBFT_BAD_JUSTIFICATION', 'a PRE-PREPARE must propose the highest prepared value');
  return undefined;
}

/** A DECIDED: a quorum of COMMITs of its round for its value. */
function checkDecided(c: Checker, m: QbftMessage): Refusal | undefined {
  if (m.justification.length > c.params.n) return refuse('QBFT_BAD_JUSTIFICATION', 'too many justifications');
  return checkQuorumSet(c, m.justification, { type: 'COMMIT', round: m.round, hash: m.value?.hash, min: c.params.quorum });
}

/** Every check of a received message except state-dependent ones (rounds, buffers, equivocation). */
export function checkMessage(c: Checker, from: number, signed: SignedQbftMessage): Refusal | undefined {
  const m = signed.message;
  const header = checkHeader(c, m);
  if (header) return header;
  if (m.sender !== from) return refuse('QBFT_BAD_SENDER', `member ${from} sent a message signed as member ${m.sender}`);
  if (!(signed.signature instanceof Uint8Array) || !c.signedOk(signed)) return refuse('QBFT_BAD_SIGNATURE', 'not signed by its author');
  if (!Array.isArray(m.justification)) return refuse('QBFT_BAD_MESSAGE', 'justification is a list');
  switch (m.type) {
    case 'PREPARE':
    case 'COMMIT':
      return m.justification.length === 0 ? undefined : refuse('QBFT_BAD_JUSTIFICATION', `${m.type} carries no justification`);
    case 'PRE-PREPARE':
      return checkData(c, m) ?? checkPrePrepare(c, m);
    case 'ROUND-CHANGE':
      return checkData(c, m) ?? checkRoundChange(c, m);
    case 'DECIDED':
      return checkData(c, m) ?? checkDecided(c, m);
  }
}
