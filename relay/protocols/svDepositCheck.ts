/**
 * The vault's deposit checks (`sv-deposit-check/1`, docs/formats.md): on a session `sv-deposit-check/<configHash>`
 * only well-formed deposit checks of that ceremony, and nothing else there. A 65-byte signature is an account's
 * (ECDSA): it must be the named operator's, or it is a forgery that could only crowd the session. Other lengths are
 * contract wallets' (ERC-1271), which only the chain can judge. Kept on disk like the DKG board.
 */
import { decodeDepositCheck, depositCheckSessionHash, DEPOSIT_CHECK_MESSAGE_TYPE, DEPOSIT_CHECK_SESSION_PREFIX, type DepositCheckMessage } from '../../src/core/eth/depositCheckMessage.js';
import { depositCheckDigest, recoverDepositCheckSigner } from '../../src/core/eth/depositCheck.js';
import { ACCEPTED, type ProtocolPolicy, type Verdict } from './policy.js';

/** Whether a deposit check's ECDSA signature recovers to the operator it names. */
function signedByOperator(m: DepositCheckMessage): boolean {
  try {
    const digest = depositCheckDigest({ chainId: m.chainId, vault: m.vault, pubkey: m.pubkey, depositDataRoot: m.depositDataRoot, depositRoot: m.depositRoot });
    return recoverDepositCheckSigner(digest, m.signature).toLowerCase() === m.operator.toLowerCase();
  } catch {
    return false;
  }
}

function check(session: string, data: string): Verdict {
  let message: DepositCheckMessage;
  try {
    message = decodeDepositCheck(data, session);
  } catch (e) {
    return { ok: false, reason: `not a well-formed deposit check for this ceremony: ${(e as Error).message}` };
  }
  if (message.signature.length === 2 + 130 && !signedByOperator(message)) return { ok: false, reason: 'the deposit check is not signed by the operator it names' };
  return ACCEPTED;
}

/** The sv-deposit-check/1 policy. A message is at most 8192 characters (decodeDepositCheck refuses longer). */
export const SV_DEPOSIT_CHECK: ProtocolPolicy = {
  protocol: DEPOSIT_CHECK_MESSAGE_TYPE,
  sessionForm: `${DEPOSIT_CHECK_SESSION_PREFIX}<configHash>`,
  claims: (session) => depositCheckSessionHash(session) !== undefined,
  check,
  retention: { store: 'disk', peers: 'await', limits: { maxMessageBytes: 16 * 1024 } },
};
