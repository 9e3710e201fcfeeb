/**
 * A test wallet for e2e tests: an EIP-1193 provider injected into a Playwright page and announced through
 * EIP-6963, whose requests are answered in Node by a viem private-key account. Call `installTestWallet` before
 * `page.goto` (it uses an init script). It signs without asking; `rejectNext(method)` makes the next such request
 * fail as if the user had pressed "Reject".
 *
 * Handled: eth_requestAccounts, eth_accounts, wallet_requestPermissions / wallet_getPermissions /
 * wallet_revokePermissions, eth_chainId, net_version, wallet_switchEthereumChain (4902 for a chain it does not
 * know), wallet_addEthereumChain (adds, then switches, as MetaMask does), eth_signTypedData_v4 (refused when the
 * domain's chainId is not the active chain, as MetaMask does), personal_sign, eth_sendTransaction (nonce, gas and
 * fees filled from `rpcUrl`, signed here, sent raw), and the read calls in READ_METHODS passed to `rpcUrl`.
 * Anything else is 4200. All chains share the one `rpcUrl`.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createPublicClient, createWalletClient, defineChain, http, isAddressEqual, numberToHex, type Address, type Hex, type PublicClient, type TypedDataDefinition } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

export interface TestWalletOptions {
  privateKey: Hex;
  /** The active chain at start. */
  chainId: number;
  /** Other chains the wallet already knows (switching to any other chain answers 4902 until it is added). */
  knownChainIds?: number[];
  /** JSON-RPC endpoint for reads and eth_sendTransaction; without it those answer 4900 (disconnected). */
  rpcUrl?: string;
  /** Shown by the EIP-6963 announcement (default "Test Wallet"). */
  name?: string;
  /** EIP-6963 reverse-DNS id (default "org.sharedvalidator.testwallet"). */
  rdns?: string;
}

export interface TestWallet {
  address: Address;
  /** The EIP-6963 info announced in the page. */
  info: { uuid: string; name: string; icon: string; rdns: string };
  /** The active chain. */
  chainId(): number;
  /** Whether the page has been given the account (eth_requestAccounts / wallet_requestPermissions). */
  connected(): boolean;
  /** Every method requested so far, in order. */
  calls: string[];
  /** Make the next `method` request fail with 4001 (eth_requestAccounts also covers wallet_requestPermissions). */
  rejectNext(method: string): void;
  /** Switch chain as if the user did it in the wallet: the page gets `chainChanged`. */
  switchChainInWallet(chainId: number): Promise<void>;
}

/** Read-only JSON-RPC methods passed through to `rpcUrl` unchanged. */
export const READ_METHODS = new Set([
  'eth_call',
  'eth_getBalance',
  'eth_blockNumber',
  'eth_estimateGas',
  'eth_getTransactionReceipt',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getCode',
  'eth_getLogs',
  'eth_getStorageAt',
]);

interface RpcFailure {
  code: number;
  message: string;
}
type WireAnswer = { result: unknown; events?: WireEvent[] } | { error: RpcFailure };
type WireEvent = { event: 'accountsChanged' | 'chainChanged'; data: unknown };

class ProviderError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const ICON = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2d6cdf"/><text x="16" y="22" font-size="16" text-anchor="middle" fill="#fff">T</text></svg>',
).toString('base64')}`;

/** The first code found in a viem error or its causes (an RPC error from the node), else -32603. */
function rpcCode(e: unknown): number {
  let cur: unknown = e;
  for (let i = 0; i < 10 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return -32603;
}

const toHexQuantity = (v: unknown): bigint | undefined => (typeof v === 'string' || typeof v === 'number' ? BigInt(v) : undefined);

/** Install the wallet in `page` (before navigating). */
export async function installTestWallet(page: Page, options: TestWalletOptions): Promise<TestWallet> {
  const account = privateKeyToAccount(options.privateKey);
  const uuid = randomUUID();
  const info = { uuid, name: options.name ?? 'Test Wallet', icon: ICON, rdns: options.rdns ?? 'org.sharedvalidator.testwallet' };
  const binding = `__svTestWallet_${uuid.replace(/-/g, '')}`;
  const known = new Set([options.chainId, ...(options.knownChainIds ?? [])]);
  let chainId = options.chainId;
  let connected = false;
  const calls: string[] = [];
  const rejections = new Set<string>();
  let publicClient: PublicClient | undefined;
  const client = (): PublicClient => {
    if (!options.rpcUrl) throw new ProviderError(4900, 'the test wallet has no rpcUrl');
    publicClient ??= createPublicClient({ transport: http(options.rpcUrl, { retryCount: 0 }) });
    return publicClient;
  };

  const rejected = (method: string): boolean => {
    const keys = method === 'wallet_requestPermissions' ? [method, 'eth_requestAccounts'] : [method];
    const key = keys.find((k) => rejections.has(k));
    if (key === undefined) return false;
    rejections.delete(key);
    return true;
  };
  const requireConnected = () => {
    if (!connected) throw new ProviderError(4100, 'the account is not connected to this site');
  };
  const requireOwnAddress = (a: unknown) => {
    requireConnected();
    if (typeof a !== 'string' || !isAddressEqual(a as Address, account.address)) throw new ProviderError(4100, `unknown account ${String(a)}`);
  };
  const permissions = () => [{ parentCapability: 'eth_accounts', invoker: 'test', caveats: [{ type: 'restrictReturnedAccounts', value: [account.address.toLowerCase()] }] }];

  async function handle(method: string, params: unknown[]): Promise<{ result: unknown; events?: WireEvent[] }> {
    calls.push(method);
    if (rejected(method)) throw new ProviderError(4001, 'User rejected the request.');
    switch (method) {
      case 'eth_requestAccounts':
        connected = true;
        return { result: [account.address.toLowerCase()] };
      case 'wallet_requestPermissions':
        connected = true;
        return { result: permissions() };
      case 'wallet_getPermissions':
        return { result: connected ? permissions() : [] };
      case 'wallet_revokePermissions':
        connected = false;
        return { result: null };
      case 'eth_accounts':
        return { result: connected ? [account.address.toLowerCase()] : [] };
      case 'eth_chainId':
        return { result: numberToHex(chainId) };
      case 'net_version':
        return { result: String(chainId) };
      case 'wallet_switchEthereumChain': {
        const target = Number((params[0] as { chainId?: string } | undefined)?.chainId);
        if (!known.has(target)) throw new ProviderError(4902, `Unrecognized chain ID "${numberToHex(target)}". Try adding the chain using wallet_addEthereumChain first.`);
        return { result: null, events: setChain(target) };
      }
      case 'wallet_addEthereumChain': {
        const target = Number((params[0] as { chainId?: string } | undefined)?.chainId);
        if (!Number.isSafeInteger(target) || target <= 0) throw new ProviderError(-32602, 'invalid chainId');
        known.add(target);
        return { result: null, events: setChain(target) };
      }
      case 'eth_signTypedData_v4': {
        requireOwnAddress(params[0]);
        const raw = params[1];
        const typed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { domain?: { chainId?: unknown }; types: Record<string, unknown>; primaryType: string; message: unknown };
        const domainChain = typed.domain?.chainId;
        if (domainChain !== undefined && Number(domainChain) !== chainId) {
          throw new ProviderError(-32602, `Provided chainId "${String(domainChain)}" must match the active chainId "${chainId}"`);
        }
        // viem derives EIP712Domain from the domain itself and refuses it among the types.
        const { EIP712Domain: _domainType, ...types } = typed.types;
        return { result: await account.signTypedData({ ...typed, types } as unknown as TypedDataDefinition) };
      }
      case 'personal_sign': {
        requireOwnAddress(params[1]);
        return { result: await account.signMessage({ message: { raw: params[0] as Hex } }) };
      }
      case 'eth_sendTransaction': {
        const tx = (params[0] ?? {}) as Record<string, unknown>;
        requireOwnAddress(tx.from);
        if (!options.rpcUrl) throw new ProviderError(4900, 'the test wallet has no rpcUrl');
        const chain = defineChain({ id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [options.rpcUrl] } } });
        const wallet = createWalletClient({ account, chain, transport: http(options.rpcUrl, { retryCount: 0 }) });
        try {
          const hash = await wallet.sendTransaction({
            to: (tx.to as Address | undefined) ?? null,
            data: tx.data as Hex | undefined,
            value: toHexQuantity(tx.value),
            gas: toHexQuantity(tx.gas),
            nonce: tx.nonce === undefined ? undefined : Number(tx.nonce),
            maxFeePerGas: toHexQuantity(tx.maxFeePerGas),
            maxPriorityFeePerGas: toHexQuantity(tx.maxPriorityFeePerGas),
          } as Parameters<typeof wallet.sendTransaction>[0]);
          return { result: hash };
        } catch (e) {
          throw new ProviderError(rpcCode(e), (e as { shortMessage?: string }).shortMessage ?? (e as Error).message);
        }
      }
      default:
        if (READ_METHODS.has(method)) {
          try {
            return { result: await client().request({ method, params } as never) };
          } catch (e) {
            if (e instanceof ProviderError) throw e;
            throw new ProviderError(rpcCode(e), (e as { shortMessage?: string }).shortMessage ?? (e as Error).message);
          }
        }
        throw new ProviderError(4200, `The test wallet does not support ${method}`);
    }
  }

  function setChain(target: number): WireEvent[] {
    if (target === chainId) return [];
    chainId = target;
    return [{ event: 'chainChanged', data: numberToHex(target) }];
  }

  await page.exposeFunction(binding, async (method: string, params: unknown): Promise<WireAnswer> => {
    try {
      return await handle(method, Array.isArray(params) ? params : params === undefined ? [] : [params]);
    } catch (e) {
      if (e instanceof ProviderError) return { error: { code: e.code, message: e.message } };
      return { error: { code: -32603, message: (e as Error).message ?? String(e) } };
    }
  });
  await page.addInitScript(pageProvider, { binding, info });

  return {
    address: account.address,
    info,
    chainId: () => chainId,
    connected: () => connected,
    calls,
    rejectNext: (method) => void rejections.add(method),
    async switchChainInWallet(target) {
      known.add(target);
      const events = setChain(target);
      await page.evaluate(
        ({ binding, events }) => {
          const emit = (window as unknown as Record<string, { emit: (e: string, d: unknown) => void } | undefined>)[`${binding}_provider`]?.emit;
          for (const { event, data } of events) emit?.(event, data);
        },
        { binding, events },
      );
    },
  };
}

/** Runs in the page (serialised by Playwright; must not refer to anything outside itself). */
function pageProvider({ binding, info }: { binding: string; info: { uuid: string; name: string; icon: string; rdns: string } }): void {
  type Listener = (data: unknown) => void;
  const w = window as unknown as Record<string, unknown>;
  const call = w[binding] as (method: string, params: unknown) => Promise<{ result?: unknown; events?: { event: string; data: unknown }[]; error?: { code: number; message: string } }>;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, data: unknown) => {
    for (const fn of [...(listeners.get(event) ?? [])]) {
      try {
        fn(data);
      } catch (e) {
        console.error(e);
      }
    }
  };
  const provider = {
    isTestWallet: true,
    async request(args: { method: string; params?: unknown }): Promise<unknown> {
      if (!args || typeof args.method !== 'string') throw Object.assign(new Error('request needs a method'), { code: -32600 });
      const answer = await call(args.method, args.params);
      if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
      for (const { event, data } of answer.events ?? []) emit(event, data);
      return answer.result;
    },
    on(event: string, fn: Listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return provider;
    },
    removeListener(event: string, fn: Listener) {
      listeners.get(event)?.delete(fn);
      return provider;
    },
    off(event: string, fn: Listener) {
      return provider.removeListener(event, fn);
    },
  };
  w[`${binding}_provider`] = { emit };
  const detail = Object.freeze({ info: Object.freeze({ ...info }), provider });
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
}
