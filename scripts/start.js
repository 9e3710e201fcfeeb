#!/usr/bin/env node
// `npm start`: the local stack on its embedded defaults. For now: the web app (Vite dev server on loopback).
// Ctrl-C stops everything this script started.
import { createServer } from 'vite';

const server = await createServer({ configFile: 'vite.config.ts', server: { host: '127.0.0.1' } });
await server.listen();
const urls = server.resolvedUrls?.local ?? [];
console.log('\nShared Validator is running:');
for (const url of urls) console.log(`  web app   ${url}`);
console.log('\nPress Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
