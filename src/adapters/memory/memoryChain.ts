/**
 * An in-memory chain for tests and simulations: blocks, a deposit contract whose DepositEvents, count and root
 * behave like the official one's (the root is a running sha256 digest, not the SSZ tree's root: it changes with
 * every deposit, which is what a check over it relies on), and a small model of the vault's funding path (create,
 * bond, stake, deposit bound to the root, vote, exit request, settle, claim, cancel). Implements the Chain port's
 * ChainReader and, per account, its VaultWallet; rejects with ChainError codes as the viem adapters do.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.js';
import { toChecksumAddress } from '../../core/eth/address.js';
import { littleEndianCount, type RawDepositEvent } from '../../core/eth/depositEvents.js';
import { canonicalVaultConfig, MemoryVault, type MemoryVaultState } from './memoryVault.js';
import { ChainError, type Address, type ChainReader, type Hex, type VaultView, type VaultWallet, type VaultWrite } from '../../ports/chain.js';
import type { VaultConfig } from '../../core/vault/vaultTerms.js';

/** A deposit as the chain takes it: the four fields, 0x hex; `amountGwei` as a number of gwei. */
export interface MemoryDeposit {
  pubkey: Hex;
  withdrawalCredentials: Hex;
  amountGwei: bigint;
  signature: Hex;
}

export interface MemoryChainOptions {
  chainId?: number;
  depositContract?: Address;
  /** Unix seconds of block 0 (default 1 700 000 000); each block adds 12. */
  genesisTime?: number;
}

/** The in-memory chain: the port's reads, a wallet per account, and the test's levers. */
export interface MemoryChain extends ChainReader {
  readonly depositContract: Address;
  /** The latest block's number. */
  blockNumber(): bigint;
  /** Mine an empty block. */
  mine(): void;
  /** Make a deposit from outside the vault (a block with its DepositEvent). */
  addDeposit(deposit: MemoryDeposit): void;
  /** Replace the latest block's hash (a reorg of one block). */
  reorgLatest(): void;
  /** A VaultWallet sending from `account`. */
  wallet(account: Address): VaultWallet;
}

interface Block {
  number: bigint;
  hash: Hex;
  timestamp: number;
  /** The deposit count and root after this block. */
  count: bigint;
  root: Uint8Array;
}

/** An error's message, one line, no stack. */
const inWords = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

const hex0x = (b: Uint8Array): Hex => `0x${bytesToHex(b)}`;
const le64 = (v: bigint): Hex => {
  const b = new Uint8Array(8);
  for (let i = 0; i < 8; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return hex0x(b);
};

/** Create an in-memory chain with the deposit contract at `options.depositContract`. */
export function createMemoryChain(options: MemoryChainOptions = {}): MemoryChain {
  const chainId = options.chainId ?? 31337;
  const depositContract = options.depositContract ?? '0x5FbDB2315678afecb367f032d93F642f64180aa3';
  const genesis = options.genesisTime ?? 1_700_000_000;
  const blocks: Block[] = [];
  const events: RawDepositEvent[] = [];
  const vaults = new Map<string, MemoryVault>();
  let salt = 0;
  const latest = () => blocks[blocks.length - 1]!;
  const mineWith = (deposits: readonly MemoryDeposit[]): Block => {
    const prev = blocks[blocks.length - 1];
    let count = prev?.count ?? 0n;
    let root = prev?.root ?? new Uint8Array(32);
    const number = BigInt(blocks.length);
    deposits.forEach((d, logIndex) => {
      const fields = { pubkey: d.pubkey, withdrawalCredentials: d.withdrawalCredentials, amount: le64(d.amountGwei), signature: d.signature, index: le64(count) };
      root = sha256(concatBytes(root, ...Object.values(fields).map((f) => hexToBytes(f))));
      events.push({ ...fields, blockNumber: number, transactionHash: hex0x(sha256(concatBytes(root, new Uint8Array([logIndex])))), logIndex });
      count += 1n;
    });
    const block = { number, hash: hex0x(sha256(concatBytes(root, new TextEncoder().encode(`block ${number} ${salt}`)))), timestamp: genesis + 12 * Number(number), count, root };
    blocks.push(block);
    return block;
  };
  mineWith([]);
  const blockAt = (n: bigint): Block => {
    const b = blocks[Number(n)];
    if (!b || n < 0n) throw new ChainError('CHAIN_REFUSED', `block ${n} does not exist yet`);
    return b;
  };
  const requireDepositContract = (address: Address) => {
    if (address.toLowerCase() !== depositContract.toLowerCase()) throw new ChainError('CHAIN_NO_CONTRACT', `there is no deposit contract at ${address} on this chain`);
  };
  const predictVaultAddress = (config: VaultConfig, factory: Address, deposits: Address): Address =>
    toChecksumAddress(sha256(new TextEncoder().encode(`${factory}|${deposits}|${canonicalVaultConfig(config)}`)).subarray(12)) as Address;

  const chain: MemoryChain = {
    depositContract,
    blockNumber: () => latest().number,
    mine: () => void mineWith([]),
    addDeposit: (d) => void mineWith([d]),
    reorgLatest() {
      salt += 1;
      const b = latest();
      b.hash = hex0x(sha256(concatBytes(b.root, new TextEncoder().encode(`block ${b.number} ${salt}`))));
    },
    chainId: async () => chainId,
    async depositEvents(q) {
      if (q.expectedChainId !== undefined && q.expectedChainId !== chainId) throw new ChainError('CHAIN_WRONG_CHAIN', `the chain is ${chainId}, not the expected ${q.expectedChainId}`);
      requireDepositContract(q.depositContract);
      if (q.signal?.aborted) throw new ChainError('CHAIN_ABORTED', 'the search was stopped');
      const fromBlock = q.fromBlock ?? 0n;
      const toBlock = q.toBlock ?? latest().number;
      const wanted = q.pubkeys && new Set(q.pubkeys.map((p) => (p.startsWith('0x') ? p : `0x${p}`).toLowerCase()));
      const inRange = events.filter((e) => e.blockNumber >= fromBlock && e.blockNumber <= toBlock);
      const lastDepositIndex = littleEndianCount(inRange[inRange.length - 1]?.index);
      const found = inRange.filter((e) => !wanted || wanted.has(e.pubkey!.toLowerCase())).map((e) => ({ ...e }));
      q.onProgress?.({ fromBlock, toBlock, scannedTo: toBlock, found: found.length });
      return { chainId, fromBlock, toBlock, events: found, ...(lastDepositIndex !== undefined ? { lastDepositIndex } : {}) };
    },
    async depositRoot(address) {
      requireDepositContract(address);
      const b = latest();
      return { depositRoot: hex0x(b.root), blockNumber: b.number, blockHash: b.hash, depositCount: b.count };
    },
    async depositCount(address, blockNumber) {
      return address.toLowerCase() === depositContract.toLowerCase() ? blockAt(blockNumber).count : 0n;
    },
    blockHash: async (n) => blockAt(n).hash,
    hasCode: async (address) => address.toLowerCase() === depositContract.toLowerCase() || vaults.has(address.toLowerCase()),
    async readVault(address, account) {
      const v = vaults.get(address.toLowerCase());
      const now = latest().timestamp;
      return v ? v.view(address, now, account) : MemoryVault.notDeployed(address, now);
    },
    async factoryPredictVault(factory, config) {
      if (config.fundingDeadline <= BigInt(latest().timestamp)) throw new ChainError('CHAIN_REVERTED', 'The funding deadline has passed.');
      return predictVaultAddress(config, factory, depositContract);
    },
    predictVaultAddress,
    contractSignatures: (id) => ({ chainId: id, check: async () => ({ valid: false, why: 'the memory chain has no contract wallets' }) }),
    errorInWords: inWords,
    wallet(account) {
      let on = chainId;
      /** Apply the write; the block it landed in. */
      const send = (write: VaultWrite): Block => {
        const now = latest().timestamp;
        if (write.action === 'createVault') {
          const address = predictVaultAddress(write.config, write.factory, depositContract).toLowerCase();
          if (vaults.has(address)) throw new ChainError('CHAIN_REVERTED', `The vault ${address} already exists.`);
          vaults.set(address, new MemoryVault(write.config, write.factory));
          return mineWith([]);
        }
        const vault = vaults.get(write.vault.toLowerCase());
        if (!vault) throw new ChainError('CHAIN_REVERTED', `there is no vault at ${write.vault}`);
        const root = hex0x(latest().root);
        const deposit = vault.apply(write, account, now, root);
        return mineWith(deposit ? [deposit] : []);
      };
      return {
        account: () => ({ address: account, chainId: on }),
        async switchChain(id) {
          if (id !== chainId) throw new ChainError('CHAIN_WRONG_CHAIN', `the memory chain is ${chainId}, not ${id}`);
          on = id;
        },
        async signTypedData(typedData) {
          // 65 bytes that stand for the account's signature (no secp256k1 here: the memory vault does not verify checks).
          const text = JSON.stringify({ account, typedData }, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
          const digest = sha256(new TextEncoder().encode(text));
          return concatBytes(digest, sha256(digest), new Uint8Array([27]));
        },
        async sendVaultWrite(write, id, onStatus) {
          if (id !== on) throw new ChainError('CHAIN_WRONG_CHAIN', `the wallet is on chain ${on}, the contract on chain ${id}`);
          onStatus?.({ step: 'simulating' });
          // Applied at once: a write that would revert throws here, as a simulation would, before any 'signing'.
          const b = send(write);
          onStatus?.({ step: 'signing' });
          const hash = hex0x(sha256(new TextEncoder().encode(`${b.hash}|${write.action}`)));
          onStatus?.({ step: 'pending', hash });
          const receipt = { hash, blockNumber: b.number, gasUsed: 21_000n };
          onStatus?.({ step: 'confirmed', ...receipt });
          return receipt;
        },
        errorInWords: inWords,
      };
    },
  };
  return chain;
}

export type { MemoryVaultState, VaultView };
