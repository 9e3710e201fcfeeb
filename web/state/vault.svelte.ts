/**
 * The page's handle on a ceremony's vault: runes over the vault use-cases (src/app/vault). It opens the vault
 * (the definition's withdrawal credentials must be the vault the link's terms describe, computed and asked of the
 * factory), keeps the vault's state fresh, follows the operators' deposit checks on the ceremony's relays, and runs
 * each action with its status in runes. No protocol logic lives here: the rules are in src/app and src/core, the
 * chain access behind the Chain port (src/adapters/chain through its index).
 */
import { hexToBytes } from '../../src/core/bytes.js';
import type { CeremonyDefinition, CheckedDefinition } from '../../src/core/dkg/definition.js';
import { decodeDepositCheck, depositCheckSession } from '../../src/core/eth/depositCheckMessage.js';
import type { VaultConfig, VaultTerms } from '../../src/app/vaultTerms.js';
import { judgeDepositCheck, keepDepositCheck, type AskWallet, type DepositCheckTally, type HeldDepositCheck, type VaultDeposit } from '../../src/app/vaultDeposit.js';
import * as vaultCases from '../../src/app/vault/index.js';
import type { DepositScan, VaultContext, VaultOutcome, VaultProgress } from '../../src/app/vault/index.js';
import type { Address, ChainReader, DepositRootReading, VaultView, WriteStatus } from '../../src/ports/chain.js';
import { createViemChain, createWalletVaultWriter } from '../../src/adapters/chain/index.js';
import type { DepositCheckBoard } from './depositCheckBoard.js';
import type { Deployment } from './deployment.js';
import { eth } from '../components/format.js';
import type { WalletState } from './wallet.svelte.js';

export { ROOT_MOVED, shortRoot } from '../../src/app/vault/index.js';

/** One write (or the deposit check) the user started: its label and where it stands (or how it failed). */
export interface VaultAction {
  label: string;
  status?: WriteStatus;
  /** A step that is no transaction (the deposit check), in words. */
  note?: string;
  /** Done, in words, when it was no transaction. */
  done?: string;
  error?: string;
}

export class VaultSession {
  /** The vault address the definition pays into (its withdrawal credentials); undefined when the definition cannot pay into a vault (see problems). */
  readonly address: Address | undefined;
  readonly config: VaultConfig | undefined;
  /** Why the vault cannot be trusted or used: address mismatch, bad terms, no deployment. Empty when all is well. */
  problems: string[] = $state([]);
  view: VaultView | undefined = $state.raw();
  readError = $state('');
  action: VaultAction | undefined = $state();
  /** A write is under way (one at a time). */
  busy = $state(false);
  /**
   * What the deposit contract holds for the ceremony's key: `none` before any deposit, `ok` when the deposit that
   * creates the validator carries the vault's credentials, `fail` (with problems in words) otherwise.
   */
  onchain: { state: 'checking' | 'none' | 'ok' | 'fail' | 'unavailable'; problems: string[]; blockers: string[]; summary: string } | undefined = $state();
  /** The deposit checks received from the board that passed the boundary (see vaultDeposit.ts). */
  checks: HeldDepositCheck[] = $state.raw([]);
  /** The deposit contract's root now (read with the vault while a deposit is followed). */
  depositRoot: DepositRootReading | undefined = $state.raw();
  /** The board of the deposit checks could not be reached, or a check was dropped, in words. */
  checksError = $state('');
  /** The last check dropped at the boundary and why (shown, so a bad check is not silently lost). */
  droppedCheck = $state('');
  /** The deposit whose checks are followed. */
  private followed: VaultDeposit | undefined;
  private checkBoard: Promise<DepositCheckBoard> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The read under way, if any: the timer skips a round while it lasts, and a refresh after a write follows it. */
  private reading: Promise<void> | undefined;
  /** A fresh read is owed once the one under way ends (a write landed while it was out). */
  private rereadAfter: Promise<void> | undefined;

  /** The chain's reads (the app's configured RPC, not the wallet; one state read is one batched request per round). */
  private readonly chain: ChainReader | undefined;

  /** The ceremony's definition, checked at the link; its configHash names the deposit checks' session. */
  readonly definition: CeremonyDefinition;
  private readonly configHashHex: string;

  constructor(
    ceremony: CheckedDefinition,
    readonly terms: VaultTerms,
    readonly deployment: Deployment | undefined,
    private readonly wallet: WalletState,
  ) {
    this.definition = ceremony.definition;
    this.configHashHex = ceremony.configHashHex;
    const definition = this.definition;
    this.chain = deployment ? createViemChain({ rpcUrl: deployment.rpcUrl }) : undefined;
    const opened = vaultCases.openVault(definition, terms, deployment, { predictVaultAddress: (...a) => this.chainOrThrow().predictVaultAddress(...a) });
    this.address = opened.address;
    this.config = opened.config;
    this.problems = opened.problems;
  }

  private chainOrThrow(): ChainReader {
    if (!this.chain) throw new Error('no chain is configured');
    return this.chain;
  }

  /** The use-cases' context; undefined when the vault cannot be used (then the panel shows the problems). */
  private context(): VaultContext | undefined {
    const { address, config, deployment, chain } = this;
    if (!address || !config || !deployment || !chain) return undefined;
    return { definition: this.definition, configHashHex: this.configHashHex, terms: this.terms, deployment, address, config, chain, wallet: createWalletVaultWriter(this.wallet.wallet) };
  }

  /** Start reading the vault every `ms` (and once at once); also asks the factory to confirm the address. */
  watch(ms = 2000): () => void {
    if (this.problems.length) return () => {};
    void this.confirmWithFactory();
    void this.refresh();
    // A slow RPC must not pile reads up (nor let an older answer overwrite a newer one): skip a round while one is out.
    this.timer = setInterval(() => {
      if (!this.reading) void this.read();
    }, ms);
    return () => clearInterval(this.timer);
  }

  /** Read the vault now. While a read is under way, a fresh one starts when it ends (its answer may predate a write). */
  refresh(): Promise<void> {
    if (!this.reading) return this.read();
    return (this.rereadAfter ??= this.reading.then(() => {
      this.rereadAfter = undefined;
      return this.read();
    }));
  }

  private read(): Promise<void> {
    const { deployment, address, chain } = this;
    if (!deployment || !address || !chain) return Promise.resolve();
    const reading = (async () => {
      try {
        // The address is the CREATE2 of this factory, config and creation code: the code there is the vault we expect.
        this.view = await chain.readVault(address, this.wallet.account?.address);
        if (this.followed && this.view.phase === 'Funding') this.depositRoot = await chain.depositRoot(deployment.depositContract);
        this.readError = '';
      } catch (e) {
        this.readError = `The vault could not be read from ${deployment.rpcUrl}: ${this.wallet.wallet.errorInWords(e)}`;
      }
    })().finally(() => {
      if (this.reading === reading) this.reading = undefined;
    });
    this.reading = reading;
    return reading;
  }

  /** The factory's own answer must agree with ours (only while its deadline check lets it answer). */
  private async confirmWithFactory(): Promise<void> {
    if (!this.deployment || !this.chain) return;
    const opened = { address: this.address, config: this.config, problems: this.problems };
    const problem = await vaultCases.confirmWithFactory(opened, this.terms, this.deployment, this.chain, Math.floor(Date.now() / 1000));
    if (problem) this.problems = [...this.problems, problem];
  }

  /**
   * Ask an operator's address about a check's signature: `no-code` for an account, else its ERC-1271 verdict (the
   * adapter's, cached per signature). Throws when the chain cannot be asked: the check is then left to the vault.
   */
  private askWallet: AskWallet = async ({ operator, digest, signature }) => {
    const chain = this.chainOrThrow();
    if (!(await chain.hasCode(operator as Address))) return 'no-code';
    const verdict = await chain.contractSignatures(this.definition.network.chainId).check({ operator, digest: hexToBytes(digest), signature: hexToBytes(signature) });
    return verdict.valid ? 'accepts' : 'refuses';
  };

  /** The checks against the deposit root now: who checked it, who is missing, whether it moved. */
  get tally(): DepositCheckTally | undefined {
    const ctx = this.context();
    if (!ctx || !this.depositRoot || !this.view?.deployed) return undefined;
    return vaultCases.tallyFor(ctx, this.checks, this.view.operators.map((o) => o.address), this.depositRoot.depositRoot);
  }

  /** What `account` may do now (vaultSteps), or undefined before the vault is read. `now`: the chain's time. */
  stepsFor(account: string | undefined, now: number, depositProblems: readonly string[]): vaultCases.VaultSteps | undefined {
    if (!this.view) return undefined;
    const blocked = depositProblems.length > 0 || (this.onchain?.blockers.length ?? 0) > 0;
    return vaultCases.vaultSteps({ view: this.view, definition: this.definition, terms: this.terms, account, now, tally: this.tally, blocked });
  }

  /**
   * Follow the deposit checks of `deposit` on the ceremony's relays (their own session, sv-deposit-check/<configHash>):
   * every message is decoded and judged at the boundary before it is kept. Returns the function that stops.
   */
  followChecks(deposit: VaultDeposit): () => void {
    if (this.problems.length || !this.address || !this.deployment) return () => {};
    this.followed = deposit;
    this.checks = [];
    const session = depositCheckSession(this.configHashHex);
    const opening = import('./depositCheckBoard.js').then((m) => m.openDepositCheckBoard(this.definition.relays, session, (text) => void this.receive(text, deposit)));
    this.checkBoard = opening;
    opening.then(
      () => (this.checksError = ''),
      (e: Error) => (this.checksError = `The operators' deposit checks cannot be exchanged: ${e.message}.`),
    );
    void this.refresh();
    return () => {
      if (this.followed === deposit) this.followed = undefined;
      if (this.checkBoard === opening) this.checkBoard = undefined;
      opening.then((b) => b.close()).catch(() => {});
    };
  }

  /** A message from the deposit-check session: kept only if it is a check of this deposit by the operator it names. */
  private async receive(text: string, deposit: VaultDeposit): Promise<void> {
    let message;
    try {
      message = decodeDepositCheck(text);
    } catch (e) {
      this.droppedCheck = `A message on the deposit-check board was dropped: ${(e as Error).message}.`;
      return;
    }
    const judged = await judgeDepositCheck(
      message,
      { configHash: this.configHashHex, chainId: this.definition.network.chainId, vault: this.address!, deposit, operators: this.definition.operators.map((o) => o.address) },
      this.askWallet,
    );
    if ('problem' in judged) {
      this.droppedCheck = `A deposit check from ${message.operator} was dropped: ${judged.problem}.`;
      return;
    }
    if (this.followed !== deposit) return;
    this.checks = keepDepositCheck(this.checks, judged.check);
  }

  /** The action's label and its steps into `action`; the vault read again after a write that landed. */
  private async run(label: string, act: (ctx: VaultContext, onProgress: (p: VaultProgress) => void) => Promise<VaultOutcome>, reread = true): Promise<void> {
    const ctx = this.context();
    // Never offered then (the panel shows the problems instead of actions).
    if (this.busy || !ctx) return;
    this.busy = true;
    this.action = { label };
    try {
      const outcome = await act(ctx, (p) => (this.action = 'status' in p ? { label, status: p.status } : { label, note: p.note }));
      if ('error' in outcome) this.action = { label, error: outcome.error };
      else if (outcome.words) this.action = { label, done: outcome.words };
      if (!('error' in outcome) && reread) await this.refresh();
    } finally {
      this.busy = false;
    }
  }

  createVault = () => this.run('Create the vault', vaultCases.createVault);
  postBond = () => this.run('Post your bond', vaultCases.postBond);
  stake = (amount: string) => {
    const parsed = vaultCases.parseStake(amount);
    if ('error' in parsed) {
      this.action = { label: 'Stake', error: parsed.error };
      return Promise.resolve();
    }
    return this.run(`Stake ${eth(parsed.amount)}`, (ctx, onProgress) => vaultCases.stake(ctx, parsed.amount, onProgress));
  };

  /** What a scan reports, kept in `onchain` for the panel. */
  private showScan = (scan: DepositScan | 'checking') => {
    this.onchain = scan === 'checking' ? { state: 'checking', problems: [], blockers: [], summary: 'Reading the deposit contract…' } : scan;
  };

  /**
   * The one step of an operator before the deposit (checkDeposit): read the root, check the logs for the key up to
   * its block, sign the DepositCheck over it and publish it on the ceremony's deposit-check board.
   */
  signCheck = (d: VaultDeposit) => {
    if (!this.wallet.account) return Promise.resolve();
    return this.run(
      'Check and sign the deposit',
      async (ctx, onProgress) => {
        const outcome = await vaultCases.checkDeposit(ctx, d, {
          onProgress,
          onRoot: (r) => (this.depositRoot = r),
          onScan: this.showScan,
          publish: async (text) => {
            if (!this.checkBoard) throw new Error('the deposit checks are not followed on this page');
            await (await this.checkBoard).publish(text);
          },
        });
        if ('text' in outcome && outcome.text) await this.receive(outcome.text, d);
        return outcome;
      },
      false,
    );
  };

  /** Read the deposit contract's logs for `pubkey` and judge them against the vault's credentials (scanDeposit). */
  async checkOnChain(pubkey: string): Promise<NonNullable<VaultSession['onchain']>> {
    const ctx = this.context();
    if (!ctx) return (this.onchain = { state: 'unavailable', problems: this.problems, blockers: [], summary: this.problems[0] ?? '' });
    this.showScan('checking');
    const scan = await vaultCases.scanDeposit(ctx, pubkey);
    this.showScan(scan);
    return scan;
  }

  /** Deposit with every operator's check over the deposit root, read again now (deposit). */
  deposit = (d: VaultDeposit) =>
    this.run('Deposit 32 ETH', (ctx, onProgress) =>
      vaultCases.deposit(ctx, d, () => this.checks, () => (this.view?.deployed ? this.view.operators.map((o) => o.address) : []), {
        onProgress,
        onScan: this.showScan,
        onRoot: (r) => (this.depositRoot = r),
      }),
    );
  voteExit = () => this.run('Vote for an early exit', vaultCases.voteExit);
  /** The fee is read now; up to twice it is allowed and sent (the rest comes back): requestExit's fee policy. */
  requestExit = () => this.run('Request the exit', (ctx, onProgress) => vaultCases.requestExit(ctx, this.view?.exitFee, onProgress));
  settle = () => this.run('Settle', vaultCases.settle);
  claim = () => this.run('Claim', vaultCases.claim);
  cancel = () => this.run('Cancel the vault', vaultCases.cancel);
}
