// `sv ceremony join <short join link>` against a real relay process: the definition is fetched from the relay's
// board and checked against the link's hash (src/app/fetchLinkedDefinition.ts); a hash the relay does not hold and
// a relay that never answers are refused in words (exit 2, no stack trace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { expectUsageError, runSv } from '../cli.js';
import { freePort, startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { createLibp2pBoard } from '../../src/adapters/libp2p/libp2pBoard.js';
import { nodeTransports } from '../../src/adapters/libp2p/nodeTransports.js';
import { definitionMessage, shortJoinLink } from '../../src/app/joinLink.js';
import { buildDefinition } from '../../src/cli/ceremonyCreate.js';
import type { CeremonyDefinition } from '../../src/core/dkg/definition.js';

const KEYS = ['11', '22', '33', '44'].map((b) => `0x${b.repeat(32)}` as const);

let dir: string;
let relay: RelayProcess;
let definition: CeremonyDefinition;
const at = (...parts: string[]) => join(dir, ...parts);
const joinAs = (key: string, link: string, ...more: string[]) =>
  runSv(['ceremony', 'join', link, '--operator-key', at(key), '--out', at(`out-${key}`), '--password-file', at('pw'), ...more]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-join-short-'));
  writeFileSync(at('pw'), 'correct horse battery staple\n');
  writeFileSync(at('stranger'), `0x${'55'.repeat(32)}\n`);
  relay = await startRelayProcess();
  definition = buildDefinition({
    operators: KEYS.map((k) => privateKeyToAccount(k).address),
    network: 'devnet',
    withdrawalAddress: '0x000000000000000000000000000000000000dEaD',
    relays: [relay.tcp],
    now: Math.floor(Date.now() / 1000),
  });
  const board = await createLibp2pBoard({ relays: [relay.tcp], transports: nodeTransports() });
  try {
    await board.ready();
    const { session, data } = definitionMessage(definition);
    await board.publish(session, data);
  } finally {
    await board.close();
  }
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('sv ceremony join with a short join link', () => {
  it('fetches the definition from the relay and checks it (then refuses a key that is not an operator of it)', async () => {
    const r = await joinAs('stranger', shortJoinLink('http://127.0.0.1:5173/', definition, relay.tcp));
    expectUsageError(r, /the operator key's address 0x[0-9a-fA-F]{40} is not one of this ceremony's operators/);
  });

  it('refuses a hash the relay does not hold', async () => {
    const link = shortJoinLink('http://127.0.0.1:5173/', { ...definition, name: 'never published' }, relay.tcp);
    expectUsageError(await joinAs('stranger', link), /could not fetch the ceremony from its relay: the relay does not hold this ceremony's definition/);
  });

  it('gives up after 20 s when no relay answers', async () => {
    const silent = `/ip4/127.0.0.1/tcp/${await freePort()}/p2p/${relay.peerId}`;
    const started = Date.now();
    const r = await joinAs('stranger', shortJoinLink('http://127.0.0.1:5173/', definition, silent));
    expectUsageError(r, /no relay answered within 20 s \(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3/);
    expect(Date.now() - started).toBeGreaterThan(19_000);
  });
});
