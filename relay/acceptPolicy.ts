/**
 * What a relay lets onto its board. In `sv-dkg` mode (the default) only well-formed `sv-dkg/1` envelopes
 * (PROTOCOL.md §3): canonical JSON, valid fields, a session named by a 32-byte configHash, and round-0 approvals
 * bound to that session; the ceremony definition itself under its own configHash (short join links); and on a
 * session `sv-deposit-check/<configHash>` only well-formed deposit checks of that ceremony (sv-deposit-check/1).
 * Signatures cannot be checked before the approvals exist, so a relay never tries; the participants do. `any` accepts any text and session name (tests of the Board port, other protocols).
 */
import { MAX_OPERATORS, openEnvelope, readDefinitionDocument, ROUND } from '../src/core/dkg/index.js';
import { bytesToHex } from '../src/core/bytes.js';
import { decodeDepositCheck, depositCheckSessionHash, type DepositCheckMessage } from '../src/core/eth/depositCheckMessage.js';
import { depositCheckDigest, recoverDepositCheckSigner } from '../src/core/eth/depositCheck.js';

/** Whether a deposit check's ECDSA signature recovers to the operator it names. */
function signedByOperator(m: DepositCheckMessage): boolean {
  try {
    const digest = depositCheckDigest({ chainId: m.chainId, vault: m.vault, pubkey: m.pubkey, depositDataRoot: m.depositDataRoot, depositRoot: m.depositRoot });
    return recoverDepositCheckSigner(digest, m.signature).toLowerCase() === m.operator.toLowerCase();
  } catch {
    return false;
  }
}

export type AcceptMode = 'sv-dkg' | 'any';

const SESSION_HEX = /^[0-9a-f]{64}$/;

/** The parsed facts a relay may use about an accepted message (the envelope's sender, for logs and test modes). */
export interface Accepted {
  sender: number | undefined;
}

/** Check a publication; returns a reason in words when it is refused, else what was learned. */
export function checkPublication(mode: AcceptMode, session: string, data: string): { ok: true; accepted: Accepted } | { ok: false; reason: string } {
  if (mode === 'any') return { ok: true, accepted: { sender: undefined } };
  // The vault's deposit checks (docs/formats.md, sv-deposit-check/1): on their own session, and nothing else there.
  if (depositCheckSessionHash(session) !== undefined) {
    let check: DepositCheckMessage;
    try {
      check = decodeDepositCheck(data, session);
    } catch (e) {
      return { ok: false, reason: `not a well-formed deposit check for this ceremony: ${(e as Error).message}` };
    }
    // A 65-byte signature is an account's (ECDSA): it must be the named operator's, or it is a forgery that could
    // only crowd the session. Other lengths are contract wallets' (ERC-1271), which only the chain can judge.
    if (check.signature.length === 2 + 130 && !signedByOperator(check)) return { ok: false, reason: 'the deposit check is not signed by the operator it names' };
    return { ok: true, accepted: { sender: undefined } };
  }
  if (!SESSION_HEX.test(session)) return { ok: false, reason: 'session must be a configHash: 64 lowercase hex characters' };
  // The definition itself, published for short join links: accepted only under its own configHash.
  if (data.startsWith('{"createdAt":')) {
    return readDefinitionDocument(data, session) ? { ok: true, accepted: { sender: undefined } } : { ok: false, reason: 'not a ceremony definition whose configHash is this session' };
  }
  try {
    const env = openEnvelope(data, MAX_OPERATORS);
    if (env.round === ROUND.APPROVE && bytesToHex(env.sid) !== session) return { ok: false, reason: 'approval is for another ceremony than this session' };
    return { ok: true, accepted: { sender: env.sender } };
  } catch (e) {
    return { ok: false, reason: `not a well-formed sv-dkg/1 envelope: ${(e as Error).message}` };
  }
}
