/**
 * The page's handle on one participant's ceremony: opens it in this browser (one tab at a time, listed in the
 * registry, storage made persistent), starts the worker, mirrors its views into runes (and the registry's public
 * summary), and answers its request for the approval signature with the wallet (the wallet lives on the page; the
 * worker never sees it). A refused signature can be retried; nothing is published until the wallet signs.
 */
import type { CeremonyView } from '../../src/app/ceremonyView.js';
import type { CheckedDefinition } from '../../src/app/checkedDefinition.js';
import type { ApprovalTypedData } from '../../src/app/runCeremony.js';
import { approvalSignatureLine, type ApprovalSignatureEvent } from '../../src/app/contractApprovals.js';
import { storageName } from '../../src/app/storageNames.js';
import { acquireTabLock, requestPersistentStorage, type TabLock } from '../../src/adapters/idb/index.js';
import type { FromWorker, OutputFileMessage, RelayStatus, ToWorker } from '../workerProtocol.js';
import { findCeremony, saveCeremony, updateCeremony } from './registry.js';

export interface SessionWallet {
  signTypedData(typedData: ApprovalTypedData): Promise<Uint8Array>;
  errorInWords(e: unknown): string;
}

/** What `open` needs besides the passphrase. */
export interface OpenCeremony {
  ceremony: CheckedDefinition;
  index: number;
  /** The operator address (the connected account). */
  address: string;
  passphrase: string;
  /** The browser already holds this ceremony (`prepare`): unlock it rather than list it anew. */
  resuming: boolean;
  /** Put the wallet on the ceremony's chain (it signs the approval there). */
  ensureChain: (chainId: number) => Promise<void>;
  /** The ceremony chain's RPC, when the app knows it, for approvals of contract-wallet operators. */
  rpcUrl?: string | undefined;
  /** Fields the registry keeps beside the ceremony (the link's vault terms). */
  extra?: { vaultTerms?: string };
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
  private lock: TabLock | undefined;
  /** Registry key of the running ceremony. */
  private listed: { configHash: string; index: number } | undefined;

  constructor(private readonly wallet: SessionWallet) {}

  /**
   * Whether this browser can take part as `index`, before asking for the passphrase: `resuming` when it already
   * holds the ceremony, or why not in words (a share imported from a backup is used from My validators).
   */
  async prepare(ceremony: CheckedDefinition, index: number): Promise<{ resuming: boolean } | { error: string }> {
    const found = await findCeremony(ceremony.configHashHex, index);
    if (found?.imported) return { error: 'This browser holds this share from an imported backup, not from taking part here. Use it from My validators.' };
    return { resuming: found !== undefined };
  }

  /**
   * Open the ceremony in this tab (refused in words when another tab has it), list it in the registry, and start
   * it. Resolves to an error in words, or undefined once started.
   */
  async open(o: OpenCeremony): Promise<string | undefined> {
    const { definition, configHashHex } = o.ceremony;
    this.lock = await acquireTabLock(storageName('tabLock', configHashHex, o.index));
    if (!this.lock) return 'This ceremony is already open in another tab of this browser. Continue there, or close it first.';
    await o.ensureChain(definition.network.chainId);
    void requestPersistentStorage();
    if (!o.resuming) {
      await saveCeremony({
        configHash: configHashHex,
        index: o.index,
        address: o.address,
        name: definition.name,
        network: definition.network.name,
        definition,
        phase: 'approving',
        publicKeys: [],
        backedUp: false,
        ...(o.extra ?? {}),
      });
    }
    this.listed = { configHash: configHashHex, index: o.index };
    this.start(o.ceremony, o.index, o.passphrase, definition.relays, o.rpcUrl);
    return undefined;
  }

  /** The operator confirmed the backup: the registry says so. */
  async backupConfirmed(): Promise<void> {
    if (this.listed) await updateCeremony(this.listed.configHash, this.listed.index, { backedUp: true });
  }

  /**
   * Start (or resume) the ceremony as participant `index` of `ceremony` (checked). `rpcUrl`: the ceremony
   * chain's RPC, when the app knows it, for approvals of contract-wallet operators.
   */
  start(ceremony: CheckedDefinition, index: number, passphrase: string, relays: string[], rpcUrl?: string): void {
    const { network } = ceremony.definition;
    this.network = { name: network.name, chainId: network.chainId };
    this.worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module', name: 'ceremony' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => (this.error = { code: 'APP_WORKER_STOPPED', message: event.message || 'the ceremony worker stopped' });
    this.send({ type: 'start', ceremony, index, passphrase, relays, ...(rpcUrl ? { rpcUrl } : {}) });
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

  /** Stop the ceremony (it resumes when opened again) and let another tab have it. */
  stop(): void {
    this.send({ type: 'stop' });
    setTimeout(() => this.worker?.terminate(), 1000);
    this.lock?.release();
    this.lock = undefined;
  }

  private send(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'view':
        this.view = m.view;
        // Keep the registry's public summary in step with the ceremony (the message's plain arrays, not the runes').
        if (this.listed) void updateCeremony(this.listed.configHash, this.listed.index, { phase: m.view.phase, publicKeys: m.view.publicKeys });
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
