/**
 * The page's handle on a ceremony's vault: checks that the definition's withdrawal credentials are the vault the
 * link's terms describe (computed here and asked of the factory), keeps the vault's state fresh, and sends each
 * write through the wallet (simulate → write → receipt) with its status in runes. No protocol logic lives here:
 * the checks are in src/app (vaultTerms, vaultDeposit) and the chain access in src/adapters/chain.
 */
import { getAddress, hexToBytes, parseEther, type Address, type Hex } from 'viem';
import { createContractSignatureChecker, type RpcContractSignatureChecker } from '../../src/adapters/chain/contractSignature.js';
import type { CeremonyDefinition } from '../../src/core/dkg/definition.js';
import { vaultConfigOf, vaultTermsProblem, withdrawalAddressOf, type VaultConfig, type VaultTerms } from '../../src/app/vaultTerms.js';
import { blockHashAt, factoryPredictVault, predictVaultAddress, readDepositCount, readDepositRoot, readVault, type DepositRootReading, type VaultView } from '../../src/adapters/chain/clusterVault.js';
import { clusterFactoryAbi } from '../../src/adapters/chain/clusterFactory.generated.js';
import { clusterVaultAbi } from '../../src/adapters/chain/clusterVault.generated.js';
import type { ContractWrite, WriteStatus } from '../../src/adapters/chain/browserWallet.js';
import {
  depositCheckBlockers,
  judgeDepositCheck,
  keepDepositCheck,
  scanCoverageProblem,
  tallyDepositChecks,
  type AskWallet,
  type DepositCheckTally,
  type HeldDepositCheck,
  type VaultDeposit,
} from '../../src/app/vaultDeposit.js';
import { decodeDepositCheck, depositCheckSession, encodeDepositCheck } from '../../src/core/eth/depositCheckMessage.js';
import { depositCheckTypedData } from '../../src/core/eth/depositCheck.js';
import { configHash } from '../../src/core/dkg/definition.js';
import { bytesToHex } from '../../src/core/bytes.js';
import type { DepositCheckBoard } from './depositCheckBoard.js';
import type { Deployment } from './deployment.js';
import { eth } from '../components/format.js';
import { createRpcClient } from '../../src/adapters/chain/depositEvents.js';
import { checkOnChain, onchainChain } from './onchainDeposits.js';
import type { WalletState } from './wallet.svelte.js';

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

/** The words for checks over a root the deposit contract no longer has. */
export const ROOT_MOVED = 'A deposit was made to the deposit contract after the checks; every operator checks and signs again.';

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

  constructor(
    readonly definition: CeremonyDefinition,
    readonly terms: VaultTerms,
    readonly deployment: Deployment | undefined,
    private readonly wallet: WalletState,
  ) {
    let address: Address | undefined;
    let config: VaultConfig | undefined;
    const problems: string[] = [];
    try {
      // Both throw in words for a definition that does not fit a vault (not one 32 ETH validator, other credentials).
      address = getAddress(withdrawalAddressOf(definition));
      config = vaultConfigOf(definition, terms);
    } catch (e) {
      problems.push((e as Error).message);
    }
    this.address = address;
    if (!deployment) problems.push('No chain is configured for this app, so the vault cannot be shown.');
    else if (deployment.chainId !== definition.network.chainId) problems.push(`This app's chain (${deployment.chainId}) is not the ceremony's network (${definition.network.chainId}).`);
    else if (config) {
      const predicted = predictVaultAddress(config, deployment.clusterFactory, deployment.depositContract);
      if (predicted !== address) {
        problems.push(`The ceremony's withdrawal credentials point at ${address}, but the vault these terms describe is ${predicted}. Do not bond: the link or the definition was changed.`);
      }
    }
    this.config = config;
    this.problems = problems;
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
    const { deployment, address } = this;
    if (!deployment || !address) return Promise.resolve();
    const reading = (async () => {
      try {
        // The address is the CREATE2 of this factory, config and creation code: the code there is the vault we expect.
        this.view = await readVault(this.client(), address, this.wallet.account?.address);
        if (this.followed && this.view.phase === 'Funding') this.depositRoot = await readDepositRoot(this.client(), deployment.depositContract);
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
    if (!this.config || !this.deployment || vaultTermsProblem(this.terms, this.config.operators.length, Math.floor(Date.now() / 1000))) return;
    try {
      const theirs = await factoryPredictVault(this.client(), this.deployment.clusterFactory, this.config);
      if (getAddress(theirs) !== this.address) this.problems = [...this.problems, `The factory places this vault at ${theirs}, not at ${this.address}.`];
    } catch {
      /* unreachable RPC: refresh() reports it */
    }
  }

  private rpc: ReturnType<typeof createRpcClient> | undefined;
  private wallets: RpcContractSignatureChecker | undefined;
  /** Whether each operator address has code, asked once per page (a flood of checks asks nothing again). */
  private readonly hasCode = new Map<string, Promise<boolean>>();

  /**
   * Ask an operator's address about a check's signature: `no-code` for an account, else its ERC-1271 verdict (the
   * adapter's, cached per signature). Throws when the chain cannot be asked: the check is then left to the vault.
   */
  private askWallet: AskWallet = async ({ operator, digest, signature }) => {
    const address = getAddress(operator);
    let code = this.hasCode.get(address);
    if (!code) {
      code = this.client()
        .getCode({ address })
        .then((c) => !!c && c !== '0x');
      this.hasCode.set(address, code);
      code.catch(() => this.hasCode.delete(address));
    }
    if (!(await code)) return 'no-code';
    this.wallets ??= createContractSignatureChecker({ rpcUrl: this.deployment!.rpcUrl, chainId: this.definition.network.chainId, client: this.client() });
    const verdict = await this.wallets.check({ operator: address, digest: hexToBytes(digest as Hex), signature: hexToBytes(signature as Hex) });
    return verdict.valid ? 'accepts' : 'refuses';
  };
  /** Reads go to the app's configured RPC, not through the wallet; one state read is one batched request per round. */
  private client() {
    return (this.rpc ??= createRpcClient(this.deployment!.rpcUrl, { batch: true }));
  }

  /** The checks against the deposit root now: who checked it, who is missing, whether it moved. */
  get tally(): DepositCheckTally | undefined {
    if (!this.depositRoot || !this.view?.deployed) return undefined;
    return tallyDepositChecks(this.checks, this.definition.operators.map((o) => o.address), this.view.operators.map((o) => o.address), this.depositRoot.depositRoot);
  }

  /**
   * Follow the deposit checks of `deposit` on the ceremony's relays (their own session, sv-deposit-check/<configHash>):
   * every message is decoded and judged at the boundary before it is kept. Returns the function that stops.
   */
  followChecks(deposit: VaultDeposit): () => void {
    if (this.problems.length || !this.address || !this.deployment) return () => {};
    this.followed = deposit;
    this.checks = [];
    const session = depositCheckSession(bytesToHex(configHash(this.definition)));
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
      { configHash: bytesToHex(configHash(this.definition)), chainId: this.definition.network.chainId, vault: this.address!, deposit, operators: this.definition.operators.map((o) => o.address) },
      this.askWallet,
    );
    if ('problem' in judged) {
      this.droppedCheck = `A deposit check from ${message.operator} was dropped: ${judged.problem}.`;
      return;
    }
    if (this.followed !== deposit) return;
    this.checks = keepDepositCheck(this.checks, judged.check);
  }

  createVault = () => this.send('Create the vault', { address: this.deployment!.clusterFactory, abi: clusterFactoryAbi, functionName: 'createCluster', args: [this.config] });
  postBond = () => this.vault('Post your bond', 'postBond', [], this.terms.bondPerOperator);
  stake = (amount: string) => {
    let value: bigint;
    try {
      value = parseEther(amount.trim());
    } catch {
      this.action = { label: 'Stake', error: `“${amount}” is not an amount of ETH.` };
      return Promise.resolve();
    }
    if (value <= 0n) {
      this.action = { label: 'Stake', error: 'The stake must be more than zero.' };
      return Promise.resolve();
    }
    return this.vault(`Stake ${eth(value)}`, 'stake', [], value);
  };
  /**
   * The one step of an operator before the deposit: read the deposit root, check the deposit contract's logs for the
   * key (refuse on any front-run or unreadable record), sign the EIP-712 DepositCheck over the root (a signature, no
   * transaction), and publish it to the ceremony's board. The root and deposit count are read at one block, the logs
   * up to exactly that block, and the scan must prove it saw every deposit the root covers (see checkOnChain).
   */
  signCheck = async (d: VaultDeposit) => {
    const label = 'Check and sign the deposit';
    const account = this.wallet.account;
    if (this.busy || !this.address || !this.deployment || !account) return;
    this.busy = true;
    try {
      this.action = { label, note: 'reading the deposit contract’s deposit root…' };
      const reading = await readDepositRoot(this.client(), this.deployment.depositContract);
      this.depositRoot = reading;
      this.action = { label, note: `reading the deposit contract’s deposits for this key (up to block ${reading.blockNumber}, where the root was read)…` };
      const onchain = await this.checkOnChain(d.pubkey, reading);
      if (onchain.state === 'unavailable' || onchain.blockers.length) {
        this.action = { label, error: `Not signed: ${(onchain.blockers.length ? onchain.blockers : onchain.problems).join(' ')}` };
        return;
      }
      const chainId = this.definition.network.chainId;
      if (account.chainId !== chainId) await this.wallet.wallet.switchChain(chainId);
      this.action = { label, note: 'sign the deposit check in your wallet (a signature: no transaction, no gas)…' };
      const typedData = depositCheckTypedData({ chainId, vault: this.address, pubkey: d.pubkey, depositDataRoot: d.depositDataRoot, depositRoot: reading.depositRoot });
      const signature = await this.wallet.wallet.signTypedData(typedData);
      const text = encodeDepositCheck({
        configHash: `0x${bytesToHex(configHash(this.definition))}`,
        chainId,
        vault: this.address,
        operator: account.address,
        pubkey: d.pubkey,
        depositDataRoot: d.depositDataRoot,
        depositRoot: reading.depositRoot,
        block: Number(reading.blockNumber),
        signature: `0x${bytesToHex(signature)}`,
      });
      this.action = { label, note: 'publishing your check to the ceremony’s relays…' };
      if (!this.checkBoard) throw new Error('the deposit checks are not followed on this page');
      const board = await this.checkBoard;
      await board.publish(text);
      await this.receive(text, d);
      this.action = { label, done: `signed over deposit root ${shortRoot(reading.depositRoot)} (block ${reading.blockNumber}) and sent to the other operators.` };
    } catch (e) {
      this.action = { label, error: this.wallet.wallet.errorInWords(e) };
    } finally {
      this.busy = false;
    }
  };

  /** Read the deposit contract now; true (with the reason shown) when it forbids going on or cannot be read. */
  private async refusedOnChain(label: string, pubkey: string): Promise<boolean> {
    if (this.busy) return true;
    this.busy = true;
    this.action = { label };
    const onchain = await this.checkOnChain(pubkey).finally(() => (this.busy = false));
    if (onchain.state !== 'unavailable' && !onchain.blockers.length) return false;
    this.action = { label, error: `Not sent: ${(onchain.blockers.length ? onchain.blockers : onchain.problems).join(' ')}` };
    return true;
  }

  /**
   * Read the deposit contract's DepositEvent logs for `pubkey` and judge them against the vault's credentials. With
   * `upTo` (the root a check is about to sign) the logs are read up to exactly its block, and they must prove they
   * saw every deposit the root covers, on the same chain (the block's hash unchanged): otherwise that is a blocker.
   */
  async checkOnChain(pubkey: string, upTo?: DepositRootReading): Promise<NonNullable<VaultSession['onchain']>> {
    this.onchain = { state: 'checking', problems: [], blockers: [], summary: 'Reading the deposit contract…' };
    const chain = await onchainChain();
    if ('unavailable' in chain) return (this.onchain = { state: 'unavailable', problems: [chain.unavailable], blockers: [], summary: chain.unavailable });
    const outcome = await checkOnChain(chain.chain, [{ pubkey, expectedCredentials: this.definition.validators[0]!.withdrawalCredentials }], () => {}, undefined, upTo?.blockNumber);
    if ('error' in outcome) return (this.onchain = { state: 'unavailable', problems: [outcome.error], blockers: [], summary: outcome.error });
    const coverage = upTo ? await this.scanCoverage(upTo, outcome.fromBlock, outcome.lastDepositIndex) : [];
    const verdict = outcome.report.verdicts[0];
    const problems = [...outcome.report.problems, ...(verdict?.problems ?? [])].map((p) => p.message);
    const state = outcome.report.state;
    const summary =
      state === 'none'
        ? 'No deposit for this key on chain yet.'
        : state === 'ok'
          ? `Deposited: ${eth((verdict?.totalAmount ?? 0n) * 1_000_000_000n)} to the vault's credentials, signature valid, the first deposit for this key.`
          : 'The deposit contract holds a problem for this key.';
    return (this.onchain = { state, problems: [...problems, ...coverage], blockers: [...depositCheckBlockers(outcome.report), ...coverage], summary });
  }

  /** Why the scan of the logs does not prove it covers `reading` (see scanCoverageProblem), or nothing. */
  private async scanCoverage(reading: DepositRootReading, fromBlock: bigint, lastDepositIndex: bigint | undefined): Promise<string[]> {
    const client = this.client();
    const contract = this.deployment!.depositContract;
    try {
      const countBeforeScan = lastDepositIndex === undefined && fromBlock > 0n ? await readDepositCount(client, contract, fromBlock - 1n) : 0n;
      const problem = scanCoverageProblem({ depositCount: reading.depositCount, lastDepositIndex, countBeforeScan });
      if (problem) return [problem];
      if ((await blockHashAt(client, reading.blockNumber)) !== reading.blockHash) {
        return [`Block ${reading.blockNumber} changed while the deposit logs were read (the chain reorganised). Nothing was signed: try again.`];
      }
      return [];
    } catch (e) {
      return [`The deposit contract could not be read again to confirm the logs are complete: ${this.wallet.wallet.errorInWords(e)}`];
    }
  }
  /**
   * Deposit with every operator's check over the deposit root, read again now: when it moved, say so instead (the
   * vault would revert DepositRootChanged). The logs are checked once more too, for the page's own sake.
   */
  deposit = async (d: VaultDeposit) => {
    const label = 'Deposit 32 ETH';
    if (await this.refusedOnChain(label, d.pubkey)) return;
    let tally: DepositCheckTally | undefined;
    try {
      this.depositRoot = await readDepositRoot(this.client(), this.deployment!.depositContract);
      tally = this.tally;
    } catch (e) {
      this.action = { label, error: `The deposit root could not be read: ${this.wallet.wallet.errorInWords(e)}` };
      return;
    }
    if (!tally?.checks) {
      this.action = { label, error: tally?.rootMoved ? ROOT_MOVED : `Not every operator has checked the deposit root ${shortRoot(this.depositRoot.depositRoot)} yet.` };
      return;
    }
    await this.vault(label, 'deposit', [d.pubkey, d.signature, d.depositDataRoot, tally.depositRoot, tally.checks]);
  };
  voteExit = () => this.vault('Vote for an early exit', 'voteExit');
  /** The fee is read now; up to twice it is allowed and sent (the rest comes back). */
  requestExit = () => {
    const fee = this.view?.exitFee ?? 1n;
    const max = fee * 2n > 0n ? fee * 2n : 1n;
    return this.vault('Request the exit', 'requestExit', [max], max);
  };
  settle = () => this.vault('Settle', 'settle');
  claim = () => this.vault('Claim', 'claim');
  cancel = () => this.vault('Cancel the vault', 'cancel');

  private vault(label: string, functionName: string, args: readonly unknown[] = [], value?: bigint) {
    // Never offered then (the panel shows the problems instead of actions).
    if (!this.address) return Promise.resolve();
    return this.send(label, { address: this.address, abi: clusterVaultAbi, functionName, args, ...(value !== undefined ? { value } : {}) });
  }

  private async send(label: string, call: Omit<ContractWrite, 'chainId'>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.action = { label };
    const chainId = this.definition.network.chainId;
    try {
      if (this.wallet.account?.chainId !== chainId) await this.wallet.wallet.switchChain(chainId);
      await this.wallet.wallet.sendContract({ ...call, chainId } as ContractWrite, (status) => (this.action = { label, status }));
      await this.refresh();
    } catch (e) {
      this.action = { label, error: this.wallet.wallet.errorInWords(e) };
    } finally {
      this.busy = false;
    }
  }
}


/** A deposit root for people: its first bytes. */
export const shortRoot = (root: string): string => `${root.slice(0, 6)}…`;
