/**
 * The DKG board (`sv-dkg/1`, PROTOCOL.md §3): on a session named by a ceremony's configHash (64 lower-case hex),
 * only well-formed sv-dkg/1 envelopes (canonical JSON, valid fields) with round-0 approvals bound to that session,
 * and the ceremony definition itself under its own configHash (short join links). Signatures cannot be checked
 * before the approvals exist, so a relay never tries; the participants do. Kept on disk: a restart loses nothing.
 */
import { isDefinitionDocument, MAX_OPERATORS, openEnvelope, readDefinitionDocument, ROUND } from '../../src/core/dkg/index.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { ACCEPTED, type ProtocolPolicy, type Verdict } from './policy.js';

const SESSION_HEX = /^[0-9a-f]{64}$/;

function check(session: string, data: string): Verdict {
  // The definition itself, published for short join links: accepted only under its own configHash.
  if (isDefinitionDocument(data)) {
    return readDefinitionDocument(data, session) ? ACCEPTED : { ok: false, reason: 'not a ceremony definition whose configHash is this session' };
  }
  try {
    const env = openEnvelope(data, MAX_OPERATORS);
    if (env.round === ROUND.APPROVE && bytesToHex(env.sid) !== session) return { ok: false, reason: 'approval is for another ceremony than this session' };
    return { ok: true, accepted: { sender: env.sender } };
  } catch (e) {
    return { ok: false, reason: `not a well-formed sv-dkg/1 envelope: ${(e as Error).message}` };
  }
}

/** The sv-dkg/1 policy. */
export const SV_DKG: ProtocolPolicy = {
  protocol: 'sv-dkg/1',
  sessionForm: 'a configHash: 64 lowercase hex characters',
  claims: (session) => SESSION_HEX.test(session),
  check,
  retention: { store: 'disk', peers: 'await', limits: {} },
};
