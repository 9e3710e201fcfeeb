// The house's layers as lint rules (README "Layout"): which folder may import which. Data flows one way,
// program/UI → use-case (src/app) → core → ports → adapters; each block below states one floor's allowed imports
// as the imports it forbids. test/unit/lintLayers.test.ts proves every rule refuses a deliberate bad import.
import { readdirSync, statSync } from 'node:fs';

const RULE = '@typescript-eslint/no-restricted-imports';

/** The adapter folders under src/adapters (each one its own room: adapters never import each other). */
const ADAPTERS = readdirSync('src/adapters').filter((d) => statSync(`src/adapters/${d}`).isDirectory());

const programs = { group: ['**/relay/**', '**/runner/**', '**/cli/**', '**/web/**'], message: 'a program or shell: nothing imports it' };
const nodeShared = { group: ['**/node/**'], message: 'src/node is for the Node programs (cli, relay, runner)' };
const app = { group: ['**/app/**'], message: 'use-cases sit above this floor: pass what you need in through a port' };
const anyAdapter = { group: ['**/adapters/**'], message: 'this floor imports no adapter: take it through a port, built by the program' };
const adapterInternals = {
  // index.ts is an adapter's entry; node.ts, where present, its Node-only entry (kept out of browser bundles).
  group: ['**/adapters/*/**', '!**/adapters/*/index.js', '!**/adapters/*/node.js'],
  message: 'a program imports an adapter only through its index.ts (or its Node-only node.ts), never its internals',
};
const effects = {
  regex: '^(node:|libp2p$|@libp2p/|@multiformats/|idb$|viem($|/)|@wagmi/)',
  message: 'no I/O library on this floor: effects live in adapters behind ports',
};
const ui = { regex: '^svelte($|/)', message: 'no UI framework below the web shell' };
const ports = { group: ['**/ports/**'], message: 'the pure core depends on nothing above it, ports included' };

/** `no-restricted-imports` with the given pattern groups (type-only imports allowed where `allowTypes`). */
function forbid(groups, allowTypes = false) {
  return { [RULE]: ['error', { patterns: groups.map((g) => ({ ...g, allowTypeImports: allowTypes })) }] };
}

export const layerConfigs = [
  // Pure core: no effects, nothing from above (principle 1).
  { files: ['src/core/**/*.ts'], rules: forbid([effects, ui, ports, anyAdapter, app, nodeShared, programs]) },
  // Ports: interfaces over core types only.
  { files: ['src/ports/**/*.ts'], rules: forbid([effects, ui, anyAdapter, app, nodeShared, programs]) },
  // Use-cases: over ports and core; the programs build the adapters and inject them.
  { files: ['src/app/**/*.ts'], rules: forbid([effects, ui, anyAdapter, nodeShared, programs]) },
  // Adapters: ports, core, their own folder and their libraries; never the app or another adapter.
  ...ADAPTERS.map((dir) => ({
    files: [`src/adapters/${dir}/**/*.ts`],
    rules: forbid([
      app,
      nodeShared,
      programs,
      { group: ADAPTERS.filter((d) => d !== dir).flatMap((d) => [`../${d}/**`, `**/adapters/${d}/**`]), message: 'adapters never import each other' },
    ]),
  })),
  // What the Node programs share: no use-case logic, no shell.
  { files: ['src/node/**/*.ts'], rules: forbid([app, anyAdapter, programs]) },
  // Programs and shells: adapters only through their index.
  { files: ['src/cli/**/*.ts', 'relay/**/*.ts', 'runner/**/*.ts', 'devnet/**/*.ts', 'web/*.ts', 'web/state/**/*.ts'], rules: forbid([adapterInternals]) },
  // Views and components render state: no adapter, no I/O library, no core value (types are fine).
  {
    files: ['web/*.svelte/**', 'web/views/**', 'web/components/**'],
    rules: forbid([
      anyAdapter,
      effects,
      { group: ['**/src/core/**', '**/src/ports/**'], message: 'views render state: reach the core through src/app or web/state' },
    ], true),
  },
];

/**
 * Lints the `<script>` blocks of .svelte files for imports only (the markup is svelte-check's job): every
 * character outside a script block becomes a space, so lines and columns stay those of the file.
 */
export const svelteScriptProcessor = {
  preprocess(text) {
    const masked = text.replace(/[^\n]/g, ' ').split('');
    for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      const start = m.index + m[0].indexOf('>') + 1;
      for (let i = 0; i < m[1].length; i++) masked[start + i] = m[1][i];
    }
    return [{ text: masked.join(''), filename: 'script.ts' }];
  },
  postprocess(messages) {
    return messages.flat().filter((m) => m.ruleId === RULE || m.fatal);
  },
  supportsAutofix: false,
};
