// The web app's entry: builds the page-side adapters once (the wallet) and mounts the shell. The board, the
// encrypted store and the engine live in the ceremony worker (worker.ts).
import { mount } from 'svelte';
import App from './App.svelte';
import { configuredChains, WalletState } from './state/wallet.svelte.js';
import { loadDeployment } from './state/deployment.js';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');
const wallet = new WalletState(await configuredChains());
mount(App, { target, props: { wallet, relays: await localRelays(), deployment: await loadDeployment() } });

/** The relays `npm start` wrote (relays.local.json), as the default of new ceremonies; none elsewhere. */
async function localRelays(): Promise<string[]> {
  try {
    const response = await fetch('/relays.local.json', { cache: 'no-store' });
    const body = response.ok ? ((await response.json()) as { relays?: unknown }) : {};
    return Array.isArray(body.relays) ? body.relays.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}
