/**
 * Joining a ceremony, the one use-case behind the web app's Join screen (its worker) and `sv ceremony join`: the
 * definition comes in checked once (a link, a file, or a short link resolved over a relay's board), the joiner is
 * placed among its operators (itself, or a contract wallet it signs for), the relays are chosen, and the ceremony
 * runs with every approval checked (ERC-1271 verdicts through an injected checker) and its progress reported.
 * Over ports only: the shells build the board, the store, the clock and the chain checker and pass them in.
 */
import type { CeremonyState, Notice } from '../core/dkg/index.js';
import type { CeremonyDefinition } from '../core/dkg/definition.js';
import { SvError } from '../core/errors.js';
import type { CheckedDefinition } from './checkedDefinition.js';
import { createApprovalSignatureCheck, type ApprovalSignatureEvent, type ContractSignatureChecker } from './contractApprovals.js';
import { isJoinLink, parseJoinTarget, type JoinTarget } from './joinLink.js';
import { loadParticipant, runCeremony, type RunCeremonyOptions } from './runCeremony.js';
import { checkDefinition } from './checkedDefinition.js';

/** Fetch the definition of a short join link (configHash in hex) from `relay`: the shell's board over relays. */
export type FetchLinkedDefinition = (configHashHex: string, relay: string) => Promise<CheckedDefinition>;

/**
 * What a joiner was given, parsed: a join link (either form) or a definition document (any JSON value, e.g. a
 * file's). Throws SvError(DKG_BAD_DEFINITION) in words.
 */
export function readJoinSource(source: { link: string } | { document: unknown }): JoinTarget {
  return 'link' in source ? parseJoinTarget(source.link) : { checked: checkDefinition(source.document) };
}

/** True when a command-line argument is a join link rather than a path to a definition file. */
export const isJoinSource = isJoinLink;

/** The checked definition a join target names: carried by it, or fetched with `fetchLinked` and checked against its hash. */
export async function resolveJoinTarget(target: JoinTarget, fetchLinked: FetchLinkedDefinition): Promise<CheckedDefinition> {
  return 'checked' in target ? target.checked : fetchLinked(target.configHash, target.relay);
}

/** Where the joiner stands in the ceremony. */
export interface Participant {
  /** 1..n. */
  index: number;
  /** The operator's address as the definition writes it. */
  operator: string;
  /** The operator is a contract wallet that the signer's key signs for (ERC-1271): its approval needs the chain. */
  contractWallet: boolean;
}

/** The operator index of `address` in `definition` (1..n), or 0 when it is none of them. */
export function operatorIndex(definition: CeremonyDefinition, address: string): number {
  return definition.operators.findIndex((o) => o.address.toLowerCase() === address.toLowerCase()) + 1;
}

/**
 * Place the joiner: operator `as` (default: the signer's own address), signing with the key of `signer`. Throws
 * SvError(DKG_NOT_OPERATOR) when that address is none of the ceremony's operators.
 */
export function findParticipant(definition: CeremonyDefinition, signer: string, as: string = signer): Participant {
  const index = operatorIndex(definition, as);
  if (index === 0) throw new SvError('DKG_NOT_OPERATOR', `${as} is not one of this ceremony's operators`, { address: as });
  const operator = definition.operators[index - 1]!.address;
  return { index, operator, contractWallet: operator.toLowerCase() !== signer.toLowerCase() };
}

/** The relays to talk through: those given (by the user, the deployment), else the ceremony's own. */
export function ceremonyRelays(definition: CeremonyDefinition, given: readonly string[]): string[] {
  return given.length ? [...given] : [...definition.relays];
}

/** One step of progress: the state after it, the engine's notices, and whether the phase changed with it. */
export interface JoinProgress {
  state: CeremonyState;
  notices: Notice[];
  phaseChanged: boolean;
}

/** Options of `joinCeremony`: runCeremony's (board, store, randomness, clock, wallet, signal) and these. */
export interface JoinCeremonyOptions extends Omit<RunCeremonyOptions, 'definition' | 'index' | 'isValidContractSignature' | 'onUpdate'> {
  /** The definition, checked at the boundary. */
  ceremony: CheckedDefinition;
  /** Own index, 1..n (`findParticipant`). */
  index: number;
  /** Asks contract wallets (ERC-1271) on the ceremony's chain; without one their approvals are refused. */
  checker?: ContractSignatureChecker | undefined;
  /** What became of each contract-wallet approval, once per outcome. */
  onApprovalSignature?: (event: ApprovalSignatureEvent) => void;
  /** Where a resumed (or new) ceremony stands before anything happens: runCeremony reports only changes. */
  onStart?: (state: CeremonyState) => void;
  /** Every step that changed something. */
  onProgress?: (progress: JoinProgress) => void;
}

/** Run (or resume) the ceremony as participant `index` until it succeeds or aborts; resolves to the final state. */
export async function joinCeremony(opts: JoinCeremonyOptions): Promise<CeremonyState> {
  const { ceremony, checker, onApprovalSignature, onStart, onProgress, ...run } = opts;
  if (onStart) onStart((await loadParticipant(run.store, ceremony, opts.index, run.randomBytes)).state);
  let phase: string | undefined;
  return runCeremony({
    ...run,
    definition: ceremony,
    isValidContractSignature: createApprovalSignatureCheck({ ...(checker ? { checker } : {}), ...(onApprovalSignature ? { onEvent: onApprovalSignature } : {}) }),
    onUpdate: (state, notices) => {
      const phaseChanged = state.phase !== phase;
      phase = state.phase;
      onProgress?.({ state, notices, phaseChanged });
    },
  });
}
