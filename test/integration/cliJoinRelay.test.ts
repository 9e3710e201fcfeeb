// `sv ceremony join` and `sv relay` refuse bad input in words (exit 2, no stack trace) before touching the network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { expectUsageError, runSv } from '../cli.js';
import { readFileSync } from 'node:fs';
import { joinLink } from '../../src/app/joinLink.js';
import { parseDefinition } from '../../src/core/dkg/definition.js';

const KEYS = ['11', '22', '33', '44'].map((b) => `0x${b.repeat(32)}` as const);
const RELAY = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWPC3XZUQjVUVKQTDJfzgi244cvfMreFCbNFMxFYQTpAGz';


let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sv-join-'));
  writeFileSync(at('pw'), 'correct horse battery staple\n');
  KEYS.forEach((k, i) => writeFileSync(at(`key${i + 1}`), `${k}\n`));
  writeFileSync(at('stranger'), `0x${'55'.repeat(32)}`);
  writeFileSync(at('badkey'), 'not a key');
  const operators = KEYS.map((k) => privateKeyToAccount(k).address).join(',');
  const r = await runSv(['ceremony', 'create', '--operators', operators, '--network', 'devnet', '--withdrawal-address', '0x000000000000000000000000000000000000dEaD', '--out', at('def.json')]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each case spawns its own process: run them side by side.
describe.concurrent('sv ceremony join refuses bad input', () => {
  const join_ = (...args: string[]) => runSv(['ceremony', 'join', ...args]);
  const base = () => ['--operator-key', at('key1'), '--out', at('out'), '--password-file', at('pw')];

  it('without relays (the definition names none)', async () => {
    expectUsageError(await join_(at('def.json'), ...base()), /names no relay/);
  });
  it('with a key that is not one of the operators', async () => {
    expectUsageError(await join_(at('def.json'), '--relay', RELAY, '--operator-key', at('stranger'), '--out', at('out'), '--password-file', at('pw')), /is not one of this ceremony's operators/);
  });
  it('with a malformed key file', async () => {
    expectUsageError(await join_(at('def.json'), '--relay', RELAY, '--operator-key', at('badkey'), '--out', at('out'), '--password-file', at('pw')), /0x followed by 64 hex digits/);
  });
  it('with a relay that is not a multiaddr, or lacks its peer id', async () => {
    expectUsageError(await join_(at('def.json'), ...base(), '--relay', 'relay.example.org:4001'), /not a valid multiaddr/);
    expectUsageError(await join_(at('def.json'), ...base(), '--relay', '/ip4/127.0.0.1/tcp/4001'), /must end in \/p2p\/<peer id>/);
  });
  it('with a damaged join link, or a missing definition file', async () => {
    const link = joinLink('http://127.0.0.1:5173/', parseDefinition(JSON.parse(readFileSync(at('def.json'), 'utf8'))));
    expectUsageError(await join_(`${link.slice(0, -10)}`, ...base(), '--relay', RELAY), /not valid/);
    expectUsageError(await join_(at('missing.json'), ...base(), '--relay', RELAY), /no such file/);
  });
  it('into a non-empty folder that holds no saved ceremony', async () => {
    expectUsageError(await join_(at('def.json'), '--relay', RELAY, '--operator-key', at('key1'), '--out', dir, '--password-file', at('pw')), /is not empty/);
  });
});

describe('sv relay refuses bad options', () => {
  it('a bad listen address, limit, accept mode or peer', async () => {
    const cases: [string[], RegExp][] = [
      [['--listen', 'nonsense', '--http', 'off'], /--listen nonsense is not a valid multiaddr/],
      [['--limit', 'maxSessions=0'], /positive integer/],
      [['--limit', 'bogus=1'], /unknown limit "bogus"/],
      [['--accept', 'everything'], /--accept must be sv-dkg or any/],
      [['--peer', '/ip4/127.0.0.1/tcp/4001'], /must end in \/p2p\/<peer id>/],
    ];
    const results = await Promise.all(cases.map(([args]) => runSv(['relay', ...args])));
    results.forEach((r, i) => expectUsageError(r, cases[i]![1]));
  });
  it('documents every limit in --help', async () => {
    const r = await runSv(['relay', '--help']);
    expect(r.code).toBe(0);
    for (const limit of ['maxMessageBytes', 'maxSessions', 'maxConnectionsPerIp', 'relayedDataBytes', 'relayedDurationMs']) expect(r.stdout).toContain(limit);
  });
});
