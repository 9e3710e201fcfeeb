/**
 * The one check of an M0 approval (PROTOCOL.md §2), shared by the engine and the transcript verifier: bound to
 * this ceremony and operator, self-signed by the ceremony identity key it announces, and signed by the operator's
 * wallet (EIP-712 ECDSA, or ERC-1271 as judged by the caller).
 *
 * An operator may be a contract wallet (a Safe, a smart account): its approval's signature then does not recover
 * to its address, and only the chain can say whether the wallet accepts it (`isValidSignature(digest, signature)`
 * returning 0x1626ba7e). The core has no network: `contractSignatureQuery` names what the app must ask the chain,
 * and the engine / verifier receive the app's verdict.
 */
import { bytesToHex, equalBytes } from '../bytes.js';
import { approvalDigest, recoverApprovalSigner } from './crypto/index.js';
import type { CeremonyDefinition } from './definition.js';
import { ROUND, openEnvelope, verifyEnvelope, type Envelope } from './envelope.js';
import { decodeApproval, type ApprovalBody, type Shape } from './messages.js';

/** The EIP-712 digest the operator's wallet signed for this approval body. Throws on malformed fields. */
export function approvalBodyDigest(body: ApprovalBody, chainId: number): Uint8Array {
  return approvalDigest({ chainId, configHash: body.configHash, index: body.index, identityKey: body.identityKey, encryptionKey: body.encryptionKey });
}

/** True when the approval's wallet signature recovers to `operator` (false on any malformed signature). */
export function walletSigned(body: ApprovalBody, chainId: number, operator: string): boolean {
  try {
    return recoverApprovalSigner(approvalBodyDigest(body, chainId), body.signature).toLowerCase() === operator.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * What the app decided about a signature that does not recover to the operator: true = its contract wallet
 * accepts it (ERC-1271), false = it does not (or the address has no code), undefined = not checked (no RPC).
 */
export type ContractSignatureVerdict = boolean | undefined;

/** What an ERC-1271 check must ask the chain: does `operator`'s contract accept `signature` over `digest`? */
export interface ContractSignatureQuery {
  /** Participant index, 1..n. */
  index: number;
  /** The operator's (checksummed) address, as in the definition. */
  operator: string;
  /** The EIP-712 digest of the approval (32 bytes). */
  digest: Uint8Array;
  signature: Uint8Array;
}

/** A stable key for a query (its operator, digest and signature), for caches and pre-fetched verdicts. */
export function contractSignatureKey(q: { operator: string; digest: Uint8Array; signature: Uint8Array }): string {
  return `${q.operator.toLowerCase()}/${bytesToHex(q.digest)}/${bytesToHex(q.signature)}`;
}

/** The query for an approval body whose signature does not recover to the operator; undefined when it does. */
export function bodyContractQuery(body: ApprovalBody, chainId: number): ContractSignatureQuery | undefined {
  if (walletSigned(body, chainId, body.operator)) return undefined;
  let digest: Uint8Array;
  try {
    digest = approvalBodyDigest(body, chainId);
  } catch {
    return undefined;
  }
  return { index: body.index, operator: body.operator, digest, signature: body.signature };
}

/**
 * For a board message: when it is an M0 approval bound to this ceremony and operator, with a good envelope
 * signature, whose wallet signature does NOT recover to the operator, the ERC-1271 question to ask the chain.
 * Undefined for anything else (another round, malformed, already ECDSA-signed, bound elsewhere): the engine's own
 * check decides those, so nothing is asked of the chain for junk.
 */
export function contractSignatureQuery(message: string | Envelope, definition: CeremonyDefinition, configHash: Uint8Array): ContractSignatureQuery | undefined {
  const n = definition.operators.length;
  let env: Envelope;
  try {
    env = typeof message === 'string' ? openEnvelope(message, n) : message;
  } catch {
    return undefined;
  }
  if (env.sender > n) return undefined;
  if (env.round !== ROUND.APPROVE) return undefined;
  const bound = boundApproval(env, definition, configHash, { n, t: definition.threshold, V: definition.validators.length });
  return 'body' in bound ? bodyContractQuery(bound.body, definition.network.chainId) : undefined;
}

/**
 * The checks of an approval up to its wallet signature: well-formed, bound to this ceremony and operator, and
 * self-signed by the identity key it announces. Returns the body, or the reason in words.
 */
function boundApproval(env: Envelope, definition: CeremonyDefinition, configHash: Uint8Array, s: Shape): { body: ApprovalBody } | { problem: string } {
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
  return { body };
}

/** The result of `checkApproval`: the body, or the reason in words (with the body when only the chain can tell). */
export type ApprovalCheck = { body: ApprovalBody } | { problem: string; unchecked?: ApprovalBody };

/**
 * Check an approval envelope; returns its body, or the reason in words it is not a valid approval.
 * `contractSignature` decides a signature that does not recover to the operator (ERC-1271 wallets); when it
 * cannot (undefined: no RPC), the problem says so and carries the body as `unchecked`, not as forged.
 */
export function checkApproval(
  env: Envelope,
  definition: CeremonyDefinition,
  configHash: Uint8Array,
  s: Shape,
  contractSignature: (body: ApprovalBody) => ContractSignatureVerdict = () => false,
): ApprovalCheck {
  const bound = boundApproval(env, definition, configHash, s);
  if (!('body' in bound)) return bound;
  const { body } = bound;
  const operator = body.operator;
  if (walletSigned(body, definition.network.chainId, operator)) return { body };
  const verdict = contractSignature(body);
  if (verdict === true) return { body };
  if (verdict === undefined) {
    return {
      problem: `approval for participant ${env.sender} cannot be checked without an RPC: operator ${operator} did not sign with an account key, so it is either a contract wallet (ERC-1271), whose signature only the chain can check, or not the signer`,
      unchecked: body,
    };
  }
  return { problem: `approval for participant ${env.sender} is not signed by operator ${operator}` };
}
