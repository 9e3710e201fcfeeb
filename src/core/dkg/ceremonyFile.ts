/**
 * ceremony.json (PROTOCOL.md §6): the public record of a ceremony — the definition, every accepted message, the
 * outputs per validator, T, and the status — from which anyone can re-verify everything (verifyTranscript.ts).
 */
import { hexToBytes } from '../bytes.js';
import { assembleDepositData, type DepositEntry } from '../eth/depositData.js';
import { depositEntryToJson, type DepositFileEntryJson } from '../eth/depositFile.js';
import type { CanonicalValue } from '../wire/canonicalJson.js';
import type { AbortInfo } from './decide.js';
import { definitionNetwork, type CeremonyDefinition } from './definition.js';
import type { CeremonyState } from './state.js';

export const CEREMONY_FORMAT = 'sv-ceremony/1';

/** The four rounds' envelopes, by sender index - 1 (null where none was accepted). */
export interface CeremonyMessages {
  approvals: (CanonicalValue | null)[];
  deals: (CanonicalValue | null)[];
  acks: (CanonicalValue | null)[];
  confirms: (CanonicalValue | null)[];
}

export interface CeremonyValidatorOutput {
  publicKey: string;
  groupCommitments: string[];
  publicShares: string[];
  depositData: DepositFileEntryJson;
  lockSignature: string;
}

export interface CeremonyFile {
  format: typeof CEREMONY_FORMAT;
  definition: CeremonyDefinition;
  configHash: string;
  sid: string | null;
  transcriptHash: string | null;
  messages: CeremonyMessages;
  validators: CeremonyValidatorOutput[];
  status: 'success' | { aborted: AbortInfo };
}

const parsed = (texts: (string | null)[]) => texts.map((t) => (t === null ? null : (JSON.parse(t) as CanonicalValue)));

/** The deposit entries of a successful ceremony (signature = the combined threshold signature). */
export function depositEntries(state: CeremonyState): DepositEntry[] {
  if (!state.result) return [];
  const network = definitionNetwork(state.definition);
  return state.result.validators.map((v, k) => {
    const spec = state.definition.validators[k]!;
    return assembleDepositData(hexToBytes(v.publicKey), hexToBytes(v.depositSignature), {
      withdrawalCredentials: hexToBytes(spec.withdrawalCredentials),
      amount: BigInt(spec.amountGwei),
      network,
    });
  });
}

/** Build ceremony.json from a participant's final state (success or abort). */
export function ceremonyFile(state: CeremonyState): CeremonyFile {
  const network = definitionNetwork(state.definition);
  const entries = depositEntries(state);
  return {
    format: CEREMONY_FORMAT,
    definition: state.definition,
    configHash: state.configHash,
    sid: state.sid,
    transcriptHash: state.result?.T ?? state.group?.T ?? null,
    messages: {
      approvals: parsed(state.messages[0]!),
      deals: parsed(state.messages[1]!),
      acks: parsed(state.messages[2]!),
      confirms: parsed(state.messages[3]!),
    },
    validators: (state.result?.validators ?? []).map((v, k) => ({
      publicKey: v.publicKey,
      groupCommitments: v.groupCommitments,
      publicShares: v.publicShares,
      depositData: depositEntryToJson(entries[k]!, network),
      lockSignature: v.lockSignature,
    })),
    status: state.phase === 'succeeded' ? 'success' : { aborted: state.abort ?? { reason: 'timeout', culprits: [], proof: 'none', message: 'the ceremony did not finish', evidence: [] } },
  };
}
