/**
 * The page's wallet, built once: EIP-6963 discovery of injected wallets through @wagmi/core, the chains this app
 * can switch to (the local devnet from `deployment.local.json` when `npm start` wrote one, plus any network given
 * an RPC URL at build time in VITE_SV_RPC_URLS, a JSON object {"<chainId>": "<url>"}), and runes mirroring the
 * connected account.
 */
import { createBrowserWallet, type BrowserWallet, type BrowserWalletChain, type WalletAccount, type WalletInfo } from '../../src/adapters/chain/index.js';
import { findNetworkByChainId } from '../../src/core/eth/networks.js';
import { loadDeployment } from './deployment.js';

export class WalletState {
  wallets: WalletInfo[] = $state([]);
  account: WalletAccount | undefined = $state();
  readonly wallet: BrowserWallet;

  constructor(chains: BrowserWalletChain[]) {
    this.wallet = createBrowserWallet({ chains });
    this.wallets = this.wallet.wallets();
    this.wallet.watchWallets((w) => (this.wallets = w));
    this.wallet.watch((a) => (this.account = a));
  }
}

/** The chains the wallet may be switched to. */
export async function configuredChains(): Promise<BrowserWalletChain[]> {
  const chains: BrowserWalletChain[] = [];
  const local = await loadDeployment();
  if (local) chains.push({ id: local.chainId, name: 'Local devnet', rpcUrl: local.rpcUrl });
  const configured = (import.meta.env.VITE_SV_RPC_URLS as string | undefined) ?? '';
  if (configured) {
    for (const [id, rpcUrl] of Object.entries(JSON.parse(configured) as Record<string, string>)) {
      const network = findNetworkByChainId(Number(id));
      if (!chains.some((c) => c.id === Number(id))) chains.push({ id: Number(id), name: network?.name ?? `chain ${id}`, rpcUrl });
    }
  }
  if (chains.length === 0) chains.push({ id: 31337, name: 'Local devnet', rpcUrl: 'http://127.0.0.1:8545' });
  return chains;
}
