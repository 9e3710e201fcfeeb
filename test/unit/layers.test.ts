/**
 * The layer rules of eslint.layers.js, proven both ways: a deliberate bad import in a scratch file of each floor is
 * refused by `npm run lint`'s own configuration, and the imports each floor is allowed pass.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });
const RULE = '@typescript-eslint/no-restricted-imports';

/** The layer-rule messages for `code` linted as if it were the file `path` (which need not exist). */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE || m.ruleId === 'no-restricted-globals' || m.fatal).map((m) => m.message);
}

const ts = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
const typeOnly = (from: string) => `import type { X } from '${from}';\nexport type Y = X;\n`;
const svelte = (line: string) => `<script lang="ts">\n  ${line}\n  let a = x;\n</script>\n<p>{a}</p>\n`;

const refused: [string, string, string][] = [
  ['core imports node', 'src/core/eth/scratch.ts', ts('node:fs')],
  ['core imports a port', 'src/core/eth/scratch.ts', ts('../../ports/index.js')],
  ['core imports the app', 'src/core/dkg/scratch.ts', ts('../../app/runCeremony.js')],
  ['core imports viem', 'src/core/eth/scratch.ts', ts('viem')],
  ['a port imports an adapter', 'src/ports/scratch.ts', ts('../adapters/memory/index.js')],
  ['the app imports an adapter', 'src/app/scratch.ts', ts('../adapters/chain/index.js')],
  ['the app imports libp2p', 'src/app/scratch.ts', ts('@libp2p/interface')],
  ['the app imports node', 'src/app/scratch.ts', ts('node:fs')],
  ['the app imports a shell', 'src/app/scratch.ts', ts('../cli/io.js')],
  ['an adapter imports the app', 'src/adapters/chain/scratch.ts', ts('../../app/vaultDeposit.js')],
  ['an adapter imports another adapter', 'src/adapters/chain/scratch.ts', ts('../memory/index.js')],
  ['an adapter imports a program', 'src/adapters/libp2p/scratch.ts', ts('../../../relay/config.js')],
  ['src/node imports the app', 'src/node/scratch.ts', ts('../app/runCeremony.js')],
  ['the CLI imports adapter internals', 'src/cli/scratch.ts', ts('../adapters/chain/depositEvents.js')],
  ['the relay imports adapter internals', 'relay/scratch.ts', ts('../src/adapters/libp2p/libp2pBoard.js')],
  ['web state imports adapter internals', 'web/state/scratch.ts', ts('../../src/adapters/idb/idbSecretStore.js')],
  ['a view imports an adapter', 'web/views/Scratch.svelte', svelte("import { x } from '../../src/adapters/idb/index.js';")],
  ['a view imports a core value', 'web/views/Scratch.svelte', svelte("import { x } from '../../src/core/bytes.js';")],
  ['the app shell imports an adapter', 'web/App.svelte', svelte("import { x } from '../src/adapters/idb/index.js';")],
  ['a use-case reads the wall clock', 'src/app/scratch.ts', 'export const now = Date.now();\n'],
  ['a use-case sets a host timer', 'src/app/scratch.ts', 'export const t = setTimeout(() => {}, 1);\n'],
  ['a component imports viem', 'web/components/Scratch.svelte', svelte("import { x } from 'viem';")],
];

const allowed: [string, string, string][] = [
  ['core imports core and noble', 'src/core/eth/scratch.ts', ts('../bytes.js') + ts('@noble/hashes/sha2.js').replace(/\bx\b/g, 'z').replace(/\by\b/g, 'w')],
  ['the app imports ports and core', 'src/app/scratch.ts', typeOnly('../ports/index.js') + ts('../core/bytes.js')],
  ['an adapter imports ports, core, its own folder and its library', 'src/adapters/chain/scratch.ts', typeOnly('../../ports/index.js') + ts('./localChain.js') + typeOnly('viem').replace(/\bY\b/g, 'Z')],
  ['the CLI imports an adapter index', 'src/cli/scratch.ts', ts('../adapters/chain/index.js')],
  ['the relay imports an adapter index', 'relay/scratch.ts', ts('../src/adapters/libp2p/index.js')],
  ['a view imports app, state and core types', 'web/views/Scratch.svelte', svelte("import { x } from '../state/registry.js'; import type { T } from '../../src/core/dkg/definition.js'; import { z } from '../../src/app/joinLink.js';")],
];

describe('layer rules (eslint.layers.js)', () => {
  it.each(refused)('refuses: %s', async (_name, path, code) => {
    const errors = await layerErrors(path, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/restricted|Unexpected use of/);
  });

  it.each(allowed)('allows: %s', async (_name, path, code) => {
    expect(await layerErrors(path, code)).toEqual([]);
  });

  it('lints the script of a .svelte file at its own line numbers', async () => {
    const [result] = await eslint.lintText(svelte("import { x } from '../../src/adapters/idb/index.js';"), { filePath: 'web/views/Scratch.svelte' });
    const lines = (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.line);
    expect(lines).toEqual([2]);
  });
});
