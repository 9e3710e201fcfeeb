#!/usr/bin/env node
// `npm start`: the local stack on its embedded defaults — the local chain (anvil with the deposit contract and the
// cluster factory), a relay (TCP for headless participants, WebSocket for browsers) and the web app (Vite dev
// server), all on loopback. Ctrl-C stops everything this script started.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'vite';

// Ports and files can be moved with environment variables (the start-up benchmark runs a second stack this way).
const env = process.env;
const OUT = env.SV_STACK_OUT ?? 'public';
const DEPLOYMENT = `${OUT}/deployment.local.json`;
const RELAYS = `${OUT}/relays.local.json`;
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
  // The chain, the relay and the web app start side by side.
  const web = (async () => {
    server = await createServer({ configFile: 'vite.config.ts', server: { host: '127.0.0.1', ...(env.SV_WEB_PORT ? { port: Number(env.SV_WEB_PORT) } : {}) } });
    await server.listen();
  })();
  const [chain, relay] = await Promise.all([
    startChild('chain', ['bin/sv.js', 'chain', '--port', env.SV_CHAIN_PORT ?? '8545', '--deployment', DEPLOYMENT], /Press Ctrl-C/),
    startChild('relay', ['bin/sv.js', 'relay', '--data-dir', env.SV_RELAY_DATA_DIR ?? '.sv/relay', '--log-level', 'warn',
      '--listen', `/ip4/127.0.0.1/tcp/${env.SV_RELAY_TCP_PORT ?? '4001'}`, '--listen', `/ip4/127.0.0.1/tcp/${env.SV_RELAY_WS_PORT ?? '4002'}/ws`], /relay ready/),
  ]);
  const relayAddresses = relay.out.split('\n').filter((l) => l.startsWith('/'));
  writeFileSync(RELAYS, `${JSON.stringify({ relays: relayAddresses }, null, 2)}\n`);
  await web;
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
