/** Messages between the page and the ceremony worker (web/worker.ts). Nothing secret flows back to the page. */
import type { CeremonyView } from '../src/app/ceremonyView.js';
import type { RelayStatus } from '../src/adapters/libp2p/index.js';
import type { CheckedDefinition } from '../src/app/checkedDefinition.js';
import type { ApprovalTypedData } from '../src/app/runCeremony.js';
import type { ApprovalSignatureEvent } from '../src/app/contractApprovals.js';

export interface OutputFileMessage {
  name: string;
  content: string;
  secret: boolean;
}

/** Page → worker. */
export type ToWorker =
  /**
   * `ceremony`: the definition as the page checked it (with its configHash; structured clone keeps it whole).
   * `rpcUrl`: the ceremony chain's RPC, to check approvals of contract-wallet operators (ERC-1271); none when unknown.
   */
  | { type: 'start'; ceremony: CheckedDefinition; index: number; passphrase: string; relays: string[]; rpcUrl?: string }
  | { type: 'signature'; id: number; signature?: number[]; error?: string }
  | { type: 'backup'; password: string }
  | { type: 'stop' };

/** Worker → page. */
export type FromWorker =
  | { type: 'view'; view: CeremonyView }
  | { type: 'relays'; relays: RelayStatus[] }
  | { type: 'sign'; id: number; typedData: ApprovalTypedData }
  | { type: 'approval-signature'; event: ApprovalSignatureEvent }
  | { type: 'progress'; what: string; fraction: number }
  | { type: 'files'; files: OutputFileMessage[] }
  | { type: 'error'; code: string; message: string }
  | { type: 'finished' };

/** How the worker's board sees each relay (the components show it; they import no adapter). */
export type { RelayStatus };
