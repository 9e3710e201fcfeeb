/**
 * The operator's browser wallet, through @wagmi/core: EIP-6963 discovery of injected wallets, connect and
 * disconnect, the current account and chain, switching chain (wagmi adds the chain to the wallet when it answers
 * 4902 "unknown chain"), EIP-712 signing, contract writes (simulate → write → receipt, loaded on first use), and wallet and contract errors in plain words. No protocol logic lives here: the
 * caller builds the typed data (see approvalTypedData in src/core/dkg/crypto) and verifies what comes back.
 *
 * WalletConnect is not offered: its connector lives in the separate `@wagmi/connectors` package, which this app
 * does not depend on, so it is out of scope here. Passing `walletConnectProjectId` fails with a clear error
 * rather than silently showing no WalletConnect option.
 *
 * Nothing is persisted (wagmi storage is off): after a reload the operator connects again.
 */
import {
  connect as wagmiConnect,
  createConfig,
  disconnect as wagmiDisconnect,
  getConnection,
  http,
  signTypedData as wagmiSignTypedData,
  switchChain as wagmiSwitchChain,
  watchConnection,
  watchConnectors,
  type Config,
  type Connector,
  type SignTypedDataParameters,
  type Transport,
} from '@wagmi/core';
import { bytesToHex, defineChain, hexToBytes, recoverTypedDataAddress, type Chain, type Hex } from 'viem';
import { contractErrorInWords } from './contractErrors.js';
import { ChainError } from '../../ports/chain.js';
import type { ContractWrite, WriteStatus } from './walletTypes.js';

export type { ContractWrite, WriteStatus } from './walletTypes.js';

/** A chain the app works on. */
export interface BrowserWalletChain {
  id: number;
  name: string;
  /** JSON-RPC endpoint for reads, and the one offered to the wallet when it has to add the chain. */
  rpcUrl: string;
}

export interface BrowserWalletOptions {
  /** At least one; the first is the default before a wallet connects. */
  chains: readonly BrowserWalletChain[];
  /** Not supported (needs `@wagmi/connectors`); giving one throws a ChainError (CHAIN_WALLETCONNECT_UNAVAILABLE). */
  walletConnectProjectId?: string;
}

/** A wallet found in the page (EIP-6963): `id` is its reverse-DNS name, `icon` a data: URI when it gave one. */
export interface WalletInfo {
  id: string;
  name: string;
  icon?: string;
}

/** The connected account and the chain the wallet is on. */
export interface WalletAccount {
  address: `0x${string}`;
  chainId: number;
}

/** EIP-712 typed data as eth_signTypedData_v4 takes it (EIP712Domain in `types` is allowed). */
export interface TypedDataInput {
  domain: object;
  types: object;
  primaryType: string;
  message: object;
}

export interface BrowserWallet {
  /** Wallets discovered so far through EIP-6963. */
  wallets(): WalletInfo[];
  /** Called with the full list whenever another wallet announces itself. Returns the unsubscribe function. */
  watchWallets(cb: (wallets: WalletInfo[]) => void): () => void;
  /** Ask the wallet with this id for its account (the wallet shows its prompt). Disconnects another wallet first. */
  connect(walletId: string): Promise<WalletAccount>;
  disconnect(): Promise<void>;
  /** The connected account, or undefined. */
  account(): WalletAccount | undefined;
  /** Called on every change of account, chain or connection (undefined = disconnected). Returns the unsubscribe function. */
  watch(cb: (account: WalletAccount | undefined) => void): () => void;
  /** Ask the wallet to switch to one of the configured chains, adding it to the wallet if the wallet lacks it. */
  switchChain(chainId: number): Promise<WalletAccount>;
  /**
   * eth_signTypedData_v4 with the connected account; resolves to r || s || v (65 bytes, v = 27 or 28) for an account,
   * or to the signature a contract wallet (ERC-1271) gives, as given (65 to 2048 bytes).
   */
  signTypedData(typedData: TypedDataInput): Promise<Uint8Array>;
  /**
   * simulate → write → wait for the receipt, from the connected account on `chainId`. A call that would revert
   * throws (with the contract's custom error) before the wallet is asked; a reverted receipt throws too.
   */
  sendContract(write: ContractWrite, onStatus?: (status: WriteStatus) => void): Promise<{ hash: Hex; blockNumber: bigint; gasUsed: bigint }>;
  /** A wallet error as one plain sentence for the operator. */
  errorInWords(e: unknown): string;
}

function toViemChain(c: BrowserWalletChain): Chain {
  if (!Number.isSafeInteger(c.id) || c.id <= 0) throw new ChainError('CHAIN_NO_CHAINS', `chain id must be a positive integer, got ${String(c.id)}`);
  return defineChain({
    id: c.id,
    name: c.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [c.rpcUrl] } },
  });
}

const toInfo = (c: Connector): WalletInfo => (c.icon ? { id: c.id, name: c.name, icon: c.icon } : { id: c.id, name: c.name });

/** Create the wallet adapter. Must run in a browser page (EIP-6963 discovery listens on `window`). */
export function createBrowserWallet(options: BrowserWalletOptions): BrowserWallet {
  if (options.walletConnectProjectId !== undefined) {
    throw new ChainError(
      'CHAIN_WALLETCONNECT_UNAVAILABLE',
      'WalletConnect is not available in this build: it needs the @wagmi/connectors package, which is not installed. Use a browser wallet instead.',
    );
  }
  const [first, ...rest] = options.chains.map(toViemChain);
  if (!first) throw new ChainError('CHAIN_NO_CHAINS', 'at least one chain is needed');
  const chains: readonly [Chain, ...Chain[]] = [first, ...rest];
  const transports: Record<number, Transport> = {};
  for (const c of options.chains) transports[c.id] = http(c.rpcUrl);
  const config: Config = createConfig({ chains, transports, multiInjectedProviderDiscovery: true, storage: null, pollingInterval: 1_000 });

  const account = (): WalletAccount | undefined => {
    const c = getConnection(config);
    return c.status === 'connected' ? { address: c.address, chainId: c.chainId } : undefined;
  };
  const requireAccount = (): WalletAccount => {
    const a = account();
    if (!a) throw new ChainError('CHAIN_NOT_CONNECTED', 'no wallet is connected');
    return a;
  };

  return {
    wallets: () => config.connectors.map(toInfo),

    watchWallets(cb) {
      return watchConnectors(config, { onChange: (connectors) => cb(connectors.map(toInfo)) });
    },

    async connect(walletId) {
      const connector = config.connectors.find((c) => c.id === walletId);
      if (!connector) throw new ChainError('CHAIN_WALLET_NOT_FOUND', `no wallet with id '${walletId}' in this page`);
      const current = getConnection(config);
      if (current.status === 'connected') {
        if (current.connector.uid === connector.uid) return { address: current.address, chainId: current.chainId };
        await wagmiDisconnect(config, { connector: current.connector });
      }
      const { accounts, chainId } = await wagmiConnect(config, { connector });
      return { address: accounts[0], chainId };
    },

    async disconnect() {
      if (getConnection(config).status !== 'disconnected') await wagmiDisconnect(config);
    },

    account,

    watch(cb) {
      let last = JSON.stringify(account() ?? null);
      return watchConnection(config, {
        onChange() {
          const now = account();
          const key = JSON.stringify(now ?? null);
          if (key === last) return;
          last = key;
          cb(now);
        },
      });
    },

    async switchChain(chainId) {
      requireAccount();
      await wagmiSwitchChain(config, { chainId });
      return requireAccount();
    },

    async signTypedData(typedData) {
      requireAccount();
      const sig = await wagmiSignTypedData(config, typedData as unknown as SignTypedDataParameters);
      const bytes = hexToBytes(sig as Hex);
      if (bytes.length < 65 || bytes.length > 2048) throw new ChainError('CHAIN_BAD_SIGNATURE', `the wallet returned a ${bytes.length}-byte signature; expected 65 bytes (r, s, v), or up to 2048 from a contract wallet`);
      // Some wallets (hardware ones in particular) give v as 0/1 rather than 27/28. A contract wallet's 65 bytes may
      // use those values with another meaning (a Safe's contract or approved-hash signature), so v is only changed
      // when the result is the account's own signature.
      if (bytes.length === 65 && (bytes[64] === 0 || bytes[64] === 1)) {
        const fixed = Uint8Array.from(bytes);
        fixed[64] = bytes[64] + 27;
        try {
          const signer = await recoverTypedDataAddress({ ...(typedData as unknown as SignTypedDataParameters), signature: bytesToHex(fixed) } as Parameters<typeof recoverTypedDataAddress>[0]);
          if (signer.toLowerCase() === requireAccount().address.toLowerCase()) return fixed;
        } catch {
          // not an ECDSA signature: a contract wallet's, passed on as given
        }
      }
      return bytes;
    },

    async sendContract(write, onStatus) {
      const from = requireAccount();
      if (from.chainId !== write.chainId) throw new ChainError('CHAIN_WRONG_CHAIN', `the wallet is on chain ${from.chainId}, the contract on chain ${write.chainId}`);
      // Loaded on first use: the start page needs no transaction code.
      const { sendContractWrite } = await import('./contractWrite.js');
      return sendContractWrite(config, from.address, write, onStatus);
    },

    errorInWords: walletErrorInWords,
  };
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  shortMessage?: unknown;
  details?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (wagmi and viem wrap the wallet's EIP-1193 error). */
function causes(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && out.length < 10 && !out.includes(cur as ErrorLike)) {
    out.push(cur as ErrorLike);
    cur = (cur as ErrorLike).cause;
  }
  return out;
}

/** A wallet error (EIP-1193, wagmi, viem or this adapter's) as one plain sentence. */
export function walletErrorInWords(e: unknown): string {
  const chain = causes(e);
  const names = new Set(chain.map((x) => x.name).filter((n): n is string => typeof n === 'string'));
  const codes = new Set(chain.map((x) => x.code));
  const text = chain.map((x) => [x.message, x.details].filter((s) => typeof s === 'string').join(' ')).join(' ');
  const adapterCode = chain.find((x) => x.name === 'ChainError')?.code;

  // viem's ContractFunctionRevertedError, matched by name so the start page need not load viem's error classes.
  const reverted = chain.find((x) => x.name === 'ContractFunctionRevertedError') as { data?: { errorName?: string; args?: readonly unknown[] } } | undefined;
  if (reverted?.data?.errorName) {
    const words = contractErrorInWords(reverted.data.errorName, reverted.data.args ?? []);
    if (words) return words;
  }
  if (names.has('InsufficientFundsError') || /insufficient funds/i.test(text)) return 'Your account does not hold enough ETH for this amount and its gas.';
  if (adapterCode === 'CHAIN_WRONG_CHAIN') return 'Your wallet is on a different network. Switch it to the network of this vault, then try again.';
  if (adapterCode === 'CHAIN_REVERTED') return 'The transaction was included but the contract refused it.';
  if (adapterCode === 'CHAIN_NOT_INCLUDED') return 'The transaction was not included after 10 minutes. Check it in your wallet (it may have been dropped or replaced), then try again.';
  if (codes.has(4001) || names.has('UserRejectedRequestError') || /user (rejected|denied)/i.test(text)) {
    return 'You rejected the request in your wallet.';
  }
  if (adapterCode === 'CHAIN_WALLETCONNECT_UNAVAILABLE') return 'WalletConnect is not available in this build. Use a browser wallet instead.';
  if (adapterCode === 'CHAIN_WALLET_NOT_FOUND' || names.has('ProviderNotFoundError') || names.has('ConnectorNotFoundError')) {
    return 'No wallet was found in this browser. Install a browser wallet extension, reload the page, and try again.';
  }
  if (adapterCode === 'CHAIN_NOT_CONNECTED' || names.has('ConnectorNotConnectedError') || codes.has(4100)) {
    return 'Your wallet is not connected. Connect it, then try again.';
  }
  if (names.has('ConnectorChainMismatchError') || names.has('ChainMismatchError') || /must match the active chain/i.test(text)) {
    return 'Your wallet is on a different network. Switch it to the network of this ceremony, then try again.';
  }
  if (names.has('ChainNotConfiguredError')) return 'This network is not one the app is set up for.';
  if (names.has('SwitchChainNotSupportedError')) return 'Your wallet cannot switch networks from the app. Switch the network in your wallet, then try again.';
  // wagmi wraps every failed switch in viem's SwitchChainError (itself code 4902); the wallet's own answer is inside.
  if (chain.some((x) => x.code === 4902 && x.name !== 'SwitchChainError')) {
    return 'Your wallet does not know this network. Add the network in your wallet, then try again.';
  }
  if (names.has('SwitchChainError')) return 'Your wallet did not switch network. Switch the network in your wallet, then try again.';
  if (codes.has(-32002) || names.has('ResourceUnavailableRpcError')) {
    return 'Your wallet already has a request open. Open your wallet, finish or dismiss it, then try again.';
  }
  if (codes.has(4200) || names.has('UnsupportedProviderMethodError')) return 'Your wallet does not support this request.';
  if (codes.has(4900) || codes.has(4901)) return 'Your wallet is disconnected from the network. Check its connection, then try again.';
  if (names.has('ConnectorAlreadyConnectedError')) return 'This wallet is already connected.';
  if (adapterCode === 'CHAIN_BAD_SIGNATURE') return 'Your wallet returned a signature in a form the app cannot use.';
  const first = chain[0];
  const detail = first && typeof first.shortMessage === 'string' ? first.shortMessage : first && typeof first.message === 'string' ? first.message : String(e);
  return `The wallet reported an error: ${detail.split('\n')[0]}`;
}
