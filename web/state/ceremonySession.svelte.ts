/**
 * The page's handle on one participant's ceremony: starts the worker, mirrors its views into runes, and answers
 * its request for the approval signature with the wallet (the wallet lives on the page; the worker never sees it).
 * A refused signature can be retried; nothing is published until the wallet signs.
 */
import type { CeremonyView } from '../../src/app/ceremonyView.js';
import type { RelayStatus } from '../../src/adapters/libp2p/libp2pBoard.js';
import type { ApprovalTypedData } from '../../src/app/runCeremony.js';
import { approvalSignatureLine, type ApprovalSignatureEvent } from '../../src/app/contractApprovals.js';
import type { FromWorker, OutputFileMessage, ToWorker } from '../workerProtocol.js';

export interface SessionWallet {
  signTypedData(typedData: ApprovalTypedData): Promise<Uint8Array>;
  errorInWords(e: unknown): string;
}

export class CeremonySession {
  view: CeremonyView | undefined = $state();
  relays: RelayStatus[] = $state([]);
  error: { code: string; message: string } | undefined = $state();
  /** The wallet is being asked (or refused: `signError`). */
  signing = $state(false);
  signError: string | undefined = $state();
  progress: { what: string; fraction: number } | undefined = $state();
  files: OutputFileMessage[] | undefined = $state();
  finished = $state(false);
  /** What happened to contract-wallet (ERC-1271) approvals, one sentence each, newest last. */
  approvalNotes: { text: string; bad: boolean }[] = $state([]);
  private worker: Worker | undefined;
  private network = { name: '', chainId: 0 };
  private request: { id: number; typedData: ApprovalTypedData } | undefined;

  constructor(private readonly wallet: SessionWallet) {}

  /**
   * Start (or resume) the ceremony as participant `index` of `definition` (validated). `rpcUrl`: the ceremony
   * chain's RPC, when the app knows it, for approvals of contract-wallet operators.
   */
  start(definition: { network: { name: string; chainId: number } }, index: number, passphrase: string, relays: string[], rpcUrl?: string): void {
    this.network = { name: definition.network.name, chainId: definition.network.chainId };
    this.worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module', name: 'ceremony' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => (this.error = { code: 'WORKER', message: event.message || 'the ceremony worker stopped' });
    this.send({ type: 'start', definition, index, passphrase, relays, ...(rpcUrl ? { rpcUrl } : {}) });
  }

  /** Ask the wallet again after it refused. */
  retrySignature(): void {
    if (this.request) void this.askWallet(this.request.id, this.request.typedData);
  }

  /** Encrypt the share(s) under `password` and receive every output file. */
  backup(password: string): void {
    this.files = undefined;
    this.send({ type: 'backup', password });
  }

  stop(): void {
    this.send({ type: 'stop' });
    setTimeout(() => this.worker?.terminate(), 1000);
  }

  private send(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'view':
        this.view = m.view;
        return;
      case 'relays':
        this.relays = m.relays;
        return;
      case 'sign':
        this.request = { id: m.id, typedData: m.typedData };
        void this.askWallet(m.id, m.typedData);
        return;
      case 'progress':
        this.progress = m.fraction >= 1 ? undefined : { what: m.what, fraction: m.fraction };
        return;
      case 'files':
        this.progress = undefined;
        this.files = m.files;
        return;
      case 'error':
        this.progress = undefined;
        this.error = { code: m.code, message: m.message };
        return;
      case 'finished':
        this.finished = true;
        return;
      case 'approval-signature':
        this.noteApproval(m.event);
        return;
    }
  }

  private noteApproval(event: ApprovalSignatureEvent): void {
    const text = approvalSignatureLine(event, { web: true, network: this.network.name, chainId: this.network.chainId });
    this.approvalNotes = [...this.approvalNotes.filter((n) => n.text !== text), { text, bad: event.kind !== 'accepted' }].slice(-8);
  }

  private async askWallet(id: number, typedData: ApprovalTypedData): Promise<void> {
    this.signing = true;
    this.signError = undefined;
    try {
      const signature = await this.wallet.signTypedData(typedData);
      this.request = undefined;
      this.send({ type: 'signature', id, signature: Array.from(signature) });
    } catch (e) {
      this.signError = this.wallet.errorInWords(e);
    } finally {
      this.signing = false;
    }
  }
}
