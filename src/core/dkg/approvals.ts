/**
 * The one check of an M0 approval (PROTOCOL.md §2), shared by the engine and the transcript verifier: bound to
 * this ceremony and operator, self-signed by the ceremony identity key it announces, and signed by the operator's
 * wallet (EIP-712 ECDSA, or ERC-1271 as judged by the caller).
 */
import { equalBytes } from '../bytes.js';
import { approvalDigest, recoverApprovalSigner } from './crypto/index.js';
import type { CeremonyDefinition } from './definition.js';
import { verifyEnvelope, type Envelope } from './envelope.js';
import { decodeApproval, type ApprovalBody, type Shape } from './messages.js';

/** True when the approval's wallet signature recovers to `operator` (false on any malformed signature). */
export function walletSigned(body: ApprovalBody, chainId: number, operator: string): boolean {
  try {
    const digest = approvalDigest({ chainId, configHash: body.configHash, index: body.index, identityKey: body.identityKey, encryptionKey: body.encryptionKey });
    return recoverApprovalSigner(digest, body.signature).toLowerCase() === operator.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Check an approval envelope; returns its body, or the reason in words it is not a valid approval.
 * `contractSignature` decides a signature that does not recover to the operator (ERC-1271 wallets).
 */
export function checkApproval(
  env: Envelope,
  definition: CeremonyDefinition,
  configHash: Uint8Array,
  s: Shape,
  contractSignature: (body: ApprovalBody) => boolean = () => false,
): { body: ApprovalBody } | { problem: string } {
  let body: ApprovalBody;
  try {
    body = decodeApproval(env.body, s);
  } catch (e) {
    return { problem: `approval for participant ${env.sender} is malformed: ${(e as Error).message}` };
  }
  const operator = definition.operators[env.sender - 1]!.address;
  if (!equalBytes(env.sid, configHash) || !equalBytes(body.configHash, configHash) || body.index !== env.sender || body.operator !== operator) {
    return { problem: `approval for participant ${env.sender} is not for this ceremony and operator` };
  }
  if (!verifyEnvelope(env, body.identityKey)) return { problem: `approval for participant ${env.sender} has a bad envelope signature` };
  if (!walletSigned(body, definition.network.chainId, operator) && !contractSignature(body)) {
    return { problem: `approval for participant ${env.sender} is not signed by operator ${operator}` };
  }
  return { body };
}
