/**
 * The Chain port: what the use-cases read from and write to an Ethereum execution chain (CONTRACTS.md). Reads:
 * the deposit contract's DepositEvent logs (with the facts that prove a scan complete), its root and count, block
 * hashes, code, and a ceremony's vault. Writes: each vault action as one value, sent through the operator's wallet
 * (simulate → send → receipt). Implemented by the viem adapters (src/adapters/chain, `createViemChain`,
 * `createWalletVaultWriter`) and the in-memory chain (src/adapters/memory/memoryChain.ts); one compliance suite
 * (test/compliance/chain.ts) runs against both.
 *
 * Addresses and byte strings are 0x hex. Failures reject with a ChainError whose `code` the UI and the CLI explain.
 */
import { SvError } from '../core/errors.js';
import type { RawDepositEvent } from '../core/eth/depositEvents.js';
import type { VaultConfig, VaultPhase } from '../core/vault/vaultTerms.js';

/** 0x hex. */
export type Hex = `0x${string}`;
/** A 20-byte address, 0x hex (checksummed when an adapter returns it). */
export type Address = `0x${string}`;

/** Why a chain operation failed. */
export type ChainErrorCode =
  /** The RPC gave no answer (refused connection, DNS, timeout). */
  | 'CHAIN_UNREACHABLE'
  /** The RPC or the wallet serves another chain than the one asked for. */
  | 'CHAIN_WRONG_CHAIN'
  /** No contract at the address (a wrong deposit contract address). */
  | 'CHAIN_NO_CONTRACT'
  /** The RPC answered with a refusal (a range too large, a method it does not offer). */
  | 'CHAIN_REFUSED'
  /** The caller stopped the operation. */
  | 'CHAIN_ABORTED'
  /** The contract answered with something this app does not understand (an unknown phase, a bad count). */
  | 'CHAIN_BAD_ANSWER'
  /** A write would revert (its simulation failed with the contract's error) or its receipt says it reverted. */
  | 'CHAIN_REVERTED'
  /** A sent transaction was not included in time. */
  | 'CHAIN_NOT_INCLUDED'
  /** No wallet account is connected for a write or a signature. */
  | 'CHAIN_NOT_CONNECTED'
  /** No chain (or an invalid one) was configured for the wallet. */
  | 'CHAIN_NO_CHAINS'
  /** WalletConnect was asked for but is not available in this build. */
  | 'CHAIN_WALLETCONNECT_UNAVAILABLE'
  /** The chosen wallet is not in this page. */
  | 'CHAIN_WALLET_NOT_FOUND'
  /** The wallet returned a signature in a form the app cannot use. */
  | 'CHAIN_BAD_SIGNATURE';

/** The project's SvError with a Chain code. */
export class ChainError extends SvError<ChainErrorCode> {
  constructor(code: ChainErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'ChainError';
  }
}

/** True when `e` is a ChainError, optionally with the given code. */
export function isChainError(e: unknown, code?: ChainErrorCode): e is ChainError {
  return e instanceof ChainError && (code === undefined || e.code === code);
}

/** How far a scan of the deposit logs has come. */
export interface DepositScanProgress {
  fromBlock: bigint;
  toBlock: bigint;
  /** Every block up to this one has been searched. */
  scannedTo: bigint;
  /** Matching events so far. */
  found: number;
}

/** Which DepositEvent logs to read. */
export interface DepositEventsQuery {
  depositContract: Address;
  /** Keep only events for these keys (0x + 96 hex, any case); every event when omitted. Unreadable events are always kept. */
  pubkeys?: readonly string[];
  /** First block to search (default 0). */
  fromBlock?: bigint;
  /** Last block (default: the latest). */
  toBlock?: bigint;
  /** Refuse to read from another chain (CHAIN_WRONG_CHAIN). */
  expectedChainId?: number;
  onProgress?: (progress: DepositScanProgress) => void;
  signal?: AbortSignal;
}

/** The DepositEvent logs of a block range, in chain order, with what proves the scan saw every deposit. */
export interface DepositEventsResult {
  chainId: number;
  fromBlock: bigint;
  toBlock: bigint;
  events: RawDepositEvent[];
  /**
   * The highest deposit index among every DepositEvent of the range, whatever its key (undefined: none in the
   * range). With the contract's deposit count at `toBlock` it proves the scan saw every deposit up to that block.
   */
  lastDepositIndex?: bigint;
}

/** The deposit contract's root and the block it was read at: what an operator's deposit check signs. */
export interface DepositRootReading {
  depositRoot: Hex;
  blockNumber: bigint;
  /** The block's hash, so the caller can read the deposit logs up to exactly this block and see a reorg. */
  blockHash: Hex;
  /** `get_deposit_count()` at that block: how many deposits the root covers. */
  depositCount: bigint;
}

/** Everything the vault screen shows, read at one block. */
export interface VaultView {
  address: Address;
  /** False until someone calls createCluster. */
  deployed: boolean;
  phase: VaultPhase;
  balance: bigint;
  operators: { address: Address; bonded: boolean; votedExit: boolean }[];
  bondCount: number;
  stakers: { address: Address; stake: bigint }[];
  totalStaked: bigint;
  totalFunded: bigint;
  minStake: bigint;
  termEndsAt: number;
  lastExitRequestAt: number;
  exitVotes: number;
  exitRequestCount: number;
  validatorPubkey: Hex;
  /** The EIP-7002 request fee now, in wei. */
  exitFee: bigint;
  /** Credited by settle or cancel but not yet claimed; the balance above it is what a settle would share out. */
  outstanding: bigint;
  /** What `account` may claim (0 without an account). */
  claimable: bigint;
  withdrawalCredentials: Hex;
  /** The factory that created it (checked by the caller). */
  factory: Address;
  /** The chain's time at the block read (unix seconds): deadlines and the term are judged by it, not the local clock. */
  chainTime: number;
}

/** What a contract wallet said of a signature (ERC-1271): accepted, or refused with the reason in words. */
export type ContractSignatureResult = { valid: true } | { valid: false; why: string };

/** ERC-1271 `isValidSignature` asked of an operator's contract wallet. Throws when the chain cannot be asked. */
export interface ContractSignatureChecker {
  /** The chain the checker reads (for messages). */
  readonly chainId: number;
  check(query: { operator: string; digest: Uint8Array; signature: Uint8Array }): Promise<ContractSignatureResult>;
}

/** Reads of one chain (an RPC; not the wallet). */
export interface ChainReader {
  /** The chain id the RPC serves. */
  chainId(): Promise<number>;
  /** DepositEvent logs of a range (see DepositEventsQuery). */
  depositEvents(query: DepositEventsQuery): Promise<DepositEventsResult>;
  /** `get_deposit_root()` and `get_deposit_count()` at the latest block, with that block. CHAIN_NO_CONTRACT without a contract. */
  depositRoot(depositContract: Address): Promise<DepositRootReading>;
  /** `get_deposit_count()` at `blockNumber` (0 before the contract exists). */
  depositCount(depositContract: Address, blockNumber: bigint): Promise<bigint>;
  /** The hash of block `blockNumber` now (a reorg since a reading shows as another hash). */
  blockHash(blockNumber: bigint): Promise<Hex>;
  /** Whether `address` holds code (a contract, or a contract wallet). */
  hasCode(address: Address): Promise<boolean>;
  /** The vault at `address` at the latest block (`deployed` false before createCluster); `claimable` for `account`. */
  readVault(address: Address, account?: Address): Promise<VaultView>;
  /** The factory's own answer to where `config` deploys (it validates the config first: a bad one is CHAIN_REVERTED). */
  factoryPredictVault(factory: Address, config: VaultConfig): Promise<Address>;
  /** Where `createCluster(config)` deploys, computed locally from the vault's creation code (no request). */
  predictVaultAddress(config: VaultConfig, factory: Address, depositContract: Address): Address;
  /** ERC-1271 verdicts of contract wallets on this chain, cached per signature by the adapter. */
  contractSignatures(chainId: number): ContractSignatureChecker;
  /** A failure of these reads as one plain sentence (no stack, no RPC path or key). */
  errorInWords(e: unknown): string;
}

/** One vault action as a value: what the wallet sends (the contract, function and value follow from it). */
export type VaultWrite =
  | { action: 'createVault'; factory: Address; config: VaultConfig }
  | { action: 'postBond'; vault: Address; bond: bigint }
  | { action: 'stake'; vault: Address; amount: bigint }
  | { action: 'deposit'; vault: Address; pubkey: Hex; signature: Hex; depositDataRoot: Hex; depositRoot: Hex; checks: readonly Hex[] }
  | { action: 'voteExit'; vault: Address }
  /** `maxFee` is both the fee cap passed and the value sent (the rest comes back). */
  | { action: 'requestExit'; vault: Address; maxFee: bigint }
  | { action: 'settle'; vault: Address }
  | { action: 'claim'; vault: Address }
  | { action: 'cancel'; vault: Address }
  | { action: 'sweep'; vault: Address };

/** Where a write stands: simulated (would succeed), waiting for the wallet, sent (hash), or confirmed. */
export type WriteStatus = { step: 'simulating' } | { step: 'signing' } | { step: 'pending'; hash: Hex } | { step: 'confirmed'; hash: Hex; blockNumber: bigint; gasUsed: bigint };

/** A write's receipt (only a successful one: a reverted receipt rejects). */
export interface WriteReceipt {
  hash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
}

/** EIP-712 typed data as eth_signTypedData_v4 takes it. */
export interface TypedDataInput {
  domain: object;
  types: object;
  primaryType: string;
  message: object;
}

/** The operator's wallet as the vault use-cases need it: its account, chain, signatures and vault writes. */
export interface VaultWallet {
  /** The connected account and the chain the wallet is on, or undefined. */
  account(): { address: Address; chainId: number } | undefined;
  /** Ask the wallet to switch to `chainId`. */
  switchChain(chainId: number): Promise<unknown>;
  /** eth_signTypedData_v4 with the connected account: r || s || v, or a contract wallet's signature as given. */
  signTypedData(typedData: TypedDataInput): Promise<Uint8Array>;
  /** simulate → send → receipt of `write` on `chainId`, reporting each step. Rejects before the wallet is asked when it would revert. */
  sendVaultWrite(write: VaultWrite, chainId: number, onStatus?: (status: WriteStatus) => void): Promise<WriteReceipt>;
  /** An error of this wallet or chain as one plain sentence (the contract's custom errors in words). */
  errorInWords(e: unknown): string;
}
