import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * A strict Content-Security-Policy for the built app: no inline script, no eval, nothing fetched from
 * elsewhere. (The dev server needs inline styles and its websocket, so the policy is added to builds only.)
 */
function contentSecurityPolicy(): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
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
  preview: { host: '127.0.0.1', port: 4173 },
});
