import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Where the built app may connect: its relays (wss://) and RPC endpoints, named at build time in SV_CONNECT_SRC
 * (space-separated, e.g. "wss://relay-1.example.org wss://relay-2.example.org https://rpc.example.org"). The
 * default is the local stack of `npm start`: WebSocket relays and the RPC on loopback.
 */
const CONNECT_SRC = process.env.SV_CONNECT_SRC ?? 'ws://127.0.0.1:* http://127.0.0.1:*';

/**
 * A strict Content-Security-Policy for the built app: no inline script, no eval, connections only to itself and
 * the configured relays and RPC. (The dev server needs inline styles and its websocket, so the policy is added
 * to builds only.)
 */
function contentSecurityPolicy(): Plugin {
  if (!/^[\w\s:/.*[\]-]*$/.test(CONNECT_SRC)) throw new Error('SV_CONNECT_SRC may hold only URLs and host sources, separated by spaces');
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${CONNECT_SRC}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // frame-ancestors is ignored in a <meta> policy: a host serving the app should send it as a header.
  ].join('; ');
  return {
    name: 'sv-csp',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`),
  };
}

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  plugins: [svelte(), contentSecurityPolicy()],
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  // Screens and workers load lazily: let the dev server find their dependencies at start, so it does not
  // re-optimize (and reload the page) the first time a screen opens.
  optimizeDeps: { entries: ['index.html', 'views/*.svelte', 'worker.ts', 'importWorker.ts'] },
  preview: { host: '127.0.0.1', port: 4173 },
});
