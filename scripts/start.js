#!/usr/bin/env node
// `npm start`: the local stack on its embedded defaults — the local chain (anvil with the deposit contract and the
// cluster factory), a relay (TCP for headless participants, WebSocket for browsers) and the web app (Vite dev
// server), all on loopback. Ctrl-C stops everything this script started.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'vite';

const DEPLOYMENT = 'public/deployment.local.json';
const RELAYS = 'public/relays.local.json';
const children = [];

function startChild(name, args, readyPattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      if (readyPattern.test(out)) resolve({ child, out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`));
    child.on('exit', (code) => reject(new Error(`${name} exited early (code ${code}):\n${out}`)));
  });
}

let stopping = false;
async function stop(server) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  await server?.close();
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  process.exit(0);
}

let server;
process.on('SIGINT', () => stop(server));
process.on('SIGTERM', () => stop(server));

try {
  const chain = await startChild('chain', ['bin/sv.js', 'chain', '--port', process.env.SV_CHAIN_PORT ?? '8545', '--deployment', DEPLOYMENT], /Press Ctrl-C/);
  const relay = await startChild('relay', ['bin/sv.js', 'relay', '--data-dir', '.sv/relay', '--log-level', 'warn'], /relay ready/);
  const relayAddresses = relay.out.split('\n').filter((l) => l.startsWith('/'));
  writeFileSync(RELAYS, `${JSON.stringify({ relays: relayAddresses }, null, 2)}\n`);
  server = await createServer({ configFile: 'vite.config.ts', server: { host: '127.0.0.1' } });
  await server.listen();
  console.log('\nShared Validator is running:');
  for (const url of server.resolvedUrls?.local ?? []) console.log(`  web app      ${url}`);
  console.log(chain.out.split('\n').filter((l) => /local chain|deposit contract|cluster factory|funded dev accounts|0x[0-9a-fA-F]{40} /.test(l)).map((l) => `  ${l.trim()}`).join('\n'));
  for (const address of relayAddresses) console.log(`  relay        ${address}`);
  console.log(`  relay health ${relay.out.match(/health (\S+)/)?.[1] ?? 'off'}`);
  console.log(`  deployment   ${DEPLOYMENT}, relays in ${RELAYS}`);
  console.log('\nPress Ctrl-C to stop.');
} catch (e) {
  console.error(`could not start the local stack: ${e.message}`);
  await stop(server);
}
