// Test page for test/e2e/browserWallet.test.ts: the browser wallet adapter, driven from Playwright through
// `window.harness`. Chains come from the `chains` query parameter (JSON array of {id, name, rpcUrl}).
import { bytesToHex } from 'viem';
import { createBrowserWallet, type BrowserWalletChain, type ContractWrite, type TypedDataInput, type WalletAccount } from '../../../src/adapters/chain/browserWallet.js';

/** What every harness call resolves to: errors come back as data, with the adapter's plain words. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; words: string; name: string; message: string };

const chains = JSON.parse(new URL(location.href).searchParams.get('chains') ?? '[]') as BrowserWalletChain[];
const wallet = createBrowserWallet({ chains });
const seen: (WalletAccount | null)[] = [];
wallet.watch((a) => seen.push(a ?? null));

async function outcome<T>(fn: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    const err = e as { name?: string; message?: string };
    return { ok: false, words: wallet.errorInWords(e), name: String(err.name), message: String(err.message) };
  }
}

const harness = {
  wallets: () => wallet.wallets(),
  account: () => wallet.account() ?? null,
  /** Every value the watch callback was given, in order (null = disconnected). */
  seen: () => seen.slice(),
  connect: (id: string) => outcome(() => wallet.connect(id)),
  disconnect: () => outcome(() => wallet.disconnect()),
  switchChain: (chainId: number) => outcome(() => wallet.switchChain(chainId)),
  signTypedData: (typedData: TypedDataInput) => outcome(async () => bytesToHex(await wallet.signTypedData(typedData))),
  walletConnect: () => outcome(() => createBrowserWallet({ chains, walletConnectProjectId: 'x' })),
  /** A contract write given as JSON (bigints as {"$big": "<decimal>"}); resolves to the statuses seen and the hash. */
  sendContract: (json: string) =>
    outcome(async () => {
      const write = JSON.parse(json, (_k, v: unknown) => (v && typeof v === 'object' && '$big' in v ? BigInt((v as { $big: string }).$big) : v)) as ContractWrite;
      const steps: string[] = [];
      const done = await wallet.sendContract(write, (s) => steps.push(s.step));
      return { steps, hash: done.hash, gasUsed: done.gasUsed.toString() };
    }),
};

(window as unknown as { harness: typeof harness }).harness = harness;
document.getElementById('status')!.textContent = 'ready';
