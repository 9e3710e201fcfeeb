/**
 * Approvals from contract wallets (ERC-1271): an operator whose address is a contract (a Safe, a smart account)
 * signs its approval through that contract, so the signature does not recover to the operator's address and only
 * the chain can judge it (`isValidSignature(digest, signature)` returning 0x1626ba7e). The core stays pure: it
 * names the question (`contractSignatureQuery`), this module asks it through an injected checker (an RPC adapter)
 * and hands the verdict to the engine (`runCeremony`'s `isValidContractSignature`) or, pre-fetched, to the
 * transcript verifier. Without a checker nothing is asked and the operator is told the check needs an RPC.
 */
import { contractSignatureKey, contractSignatureQuery, approvalBodyDigest, type ContractSignatureQuery, type ContractSignatureVerdict } from '../core/dkg/approvals.js';
import { configHash as hashDefinition, parseDefinition, type CeremonyDefinition } from '../core/dkg/definition.js';
import type { ApprovalBody } from '../core/dkg/messages.js';
import { canonicalJson, type CanonicalValue } from '../core/wire/canonicalJson.js';

import type { ContractSignatureChecker, ContractSignatureResult } from '../ports/chain.js';

/** The chain access this module needs (the Chain port's ERC-1271 question), re-exported for its callers. */
export type { ContractSignatureChecker, ContractSignatureResult } from '../ports/chain.js';

/** What happened to one contract-wallet approval, for the operator to read. */
export type ApprovalSignatureEvent =
  | { kind: 'accepted'; index: number; operator: string; chainId: number }
  | { kind: 'refused'; index: number; operator: string; why: string }
  | { kind: 'needs-rpc'; index: number; operator: string }
  | { kind: 'rpc-failed'; index: number; operator: string; why: string };

/** Where the operator reads the message: the CLI (which takes --rpc) or the web app (configured per deployment). */
export type ApprovalMessageSurface = { cli: true } | { web: true; network: string; chainId: number };

/** One event as a sentence. */
export function approvalSignatureLine(e: ApprovalSignatureEvent, surface: ApprovalMessageSurface): string {
  const who = `Operator ${e.index} (${e.operator})`;
  switch (e.kind) {
    case 'accepted':
      return `${who} approved with its contract wallet (ERC-1271, checked on chain ${e.chainId}).`;
    case 'refused':
      return `${who} did not approve: ${e.why}.`;
    case 'rpc-failed':
      return `Could not ask the chain about the contract-wallet approval of ${who.toLowerCase()}: ${e.why}. Trying again.`;
    case 'needs-rpc':
      return 'cli' in surface
        ? `${who} signed with a contract wallet (ERC-1271), or not with its own key; checking it needs the chain's RPC — pass --rpc <url>.`
        : `${who} signed with a contract wallet (ERC-1271), or not with its own key; checking it needs an RPC for chain ${surface.chainId} (${surface.network}), and this app has none configured, so the approval cannot be accepted here.`;
  }
}

/**
 * The check `runCeremony` calls for every approval whose signature does not recover to its operator: resolves to
 * the contract wallet's verdict (false without a checker), and reports each outcome once through `onEvent`.
 * Rejects when the chain cannot be asked right now (runCeremony asks again later).
 */
export function createApprovalSignatureCheck(opts: { checker?: ContractSignatureChecker; onEvent?: (e: ApprovalSignatureEvent) => void }) {
  const reported = new Set<string>();
  const report = (e: ApprovalSignatureEvent, key: string) => {
    const once = `${e.kind}/${key}`;
    if (reported.has(once)) return;
    reported.add(once);
    opts.onEvent?.(e);
  };
  return async (q: ContractSignatureQuery): Promise<boolean> => {
    const key = contractSignatureKey(q);
    const who = { index: q.index, operator: q.operator };
    if (!opts.checker) {
      report({ kind: 'needs-rpc', ...who }, `${q.index}`);
      return false;
    }
    let result: ContractSignatureResult;
    try {
      result = await opts.checker.check(q);
    } catch (e) {
      report({ kind: 'rpc-failed', ...who, why: (e as Error).message }, key);
      throw e;
    }
    if (result.valid) report({ kind: 'accepted', ...who, chainId: opts.checker.chainId }, key);
    else report({ kind: 'refused', ...who, why: result.why }, key);
    return result.valid;
  };
}

/** Pre-fetched ERC-1271 verdicts for a transcript: the verifier's synchronous callback and what was refused. */
export interface TranscriptContractVerdicts {
  isValidContractSignature: (approval: ApprovalBody) => ContractSignatureVerdict;
  /** The asked approvals, each with its outcome. */
  events: ApprovalSignatureEvent[];
}

/**
 * Ask the chain about every approval of a ceremony.json (and of an approval-equivocation's evidence) whose
 * signature does not recover to its operator. A file whose definition does not parse gets no verdicts (the
 * verifier reports it). Rejects when the chain cannot be asked (unreachable, wrong chain).
 */
export async function fetchTranscriptContractVerdicts(file: unknown, checker: ContractSignatureChecker): Promise<TranscriptContractVerdicts> {
  const f = (file ?? {}) as { definition?: unknown; messages?: { approvals?: unknown }; status?: { aborted?: { evidence?: unknown } } };
  let definition: CeremonyDefinition;
  try {
    definition = parseDefinition(f.definition);
  } catch {
    return { isValidContractSignature: () => undefined, events: [] };
  }
  const ch = hashDefinition(definition);
  const texts: string[] = [];
  for (const a of Array.isArray(f.messages?.approvals) ? (f.messages.approvals as unknown[]) : []) {
    if (a === null || typeof a !== 'object') continue;
    try {
      texts.push(canonicalJson(a as CanonicalValue));
    } catch {
      // not canonical JSON: the verifier reports it
    }
  }
  const evidence = f.status && typeof f.status === 'object' ? f.status.aborted?.evidence : undefined;
  if (Array.isArray(evidence)) texts.push(...evidence.filter((t): t is string => typeof t === 'string'));
  const verdicts = new Map<string, boolean>();
  const events: ApprovalSignatureEvent[] = [];
  const check = createApprovalSignatureCheck({ checker, onEvent: (e) => events.push(e) });
  for (const text of texts) {
    const q = contractSignatureQuery(text, definition, ch);
    if (q && !verdicts.has(contractSignatureKey(q))) verdicts.set(contractSignatureKey(q), await check(q));
  }
  const chainId = definition.network.chainId;
  return {
    events,
    isValidContractSignature: (body) => {
      try {
        return verdicts.get(contractSignatureKey({ operator: body.operator, digest: approvalBodyDigest(body, chainId), signature: body.signature }));
      } catch {
        return false;
      }
    },
  };
}
