import { describe, expect, it } from 'vitest';
import { definitionMessage, fetchDefinition, isJoinLink, joinLink, parseJoinLink, parseJoinTarget, shortJoinLink } from '../../../src/app/joinLink.js';
import { buildDefinition } from '../../../src/cli/ceremonyCreate.js';
import { configHash } from '../../../src/core/dkg/definition.js';
import { bytesToHex } from '../../../src/core/bytes.js';
import { createMemoryBoardNetwork } from '../../../src/adapters/memory/index.js';
import { fetchLinkedDefinition, withReadyBoard, type RelayBoard } from '../../../src/app/fetchLinkedDefinition.js';
import { createSystemClock } from '../../../src/adapters/system/index.js';

const clock = createSystemClock();

const choices = {
  operators: ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444'],
  network: 'holesky',
  withdrawalAddress: '0x5555555555555555555555555555555555555555',
  name: 'ünïcødé ceremony ✓',
  relays: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWPC3XZUQjVUVKQTDJfzgi244cvfMreFCbNFMxFYQTpAGz'],
  now: 1_790_000_000,
};
const definition = buildDefinition(choices);

describe('join links', () => {
  it('round-trip the definition exactly, in the fragment only', () => {
    const link = joinLink('http://127.0.0.1:5173/?x=1#old', definition);
    expect(link.startsWith('http://127.0.0.1:5173/?x=1#join=1&d=')).toBe(true);
    expect(link.split('&d=')[1]).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(isJoinLink(link)).toBe(true);
    const parsed = parseJoinLink(link);
    expect(parsed).toEqual(definition);
    expect(configHash(parsed)).toEqual(configHash(definition));
  });

  it('accept a bare fragment', () => {
    const link = joinLink('https://app.example/', definition);
    expect(parseJoinLink(link.slice(link.indexOf('#') + 1))).toEqual(definition);
  });

  it('refuse a damaged or foreign link with words', () => {
    const link = joinLink('https://app.example/', definition);
    expect(() => parseJoinLink('https://app.example/#join=1')).toThrow(/carries no ceremony definition/);
    expect(() => parseJoinLink(`${link.slice(0, -7)}!!`)).toThrow(/damaged/);
    expect(() => parseJoinLink(link.slice(0, -12))).toThrow(/damaged|definition/);
    expect(isJoinLink('definition.json')).toBe(false);
  });
});

describe('short join links (hash + relay)', () => {
  const relay = '/ip4/127.0.0.1/tcp/4002/ws/p2p/12D3KooWPC3XZUQjVUVKQTDJfzgi244cvfMreFCbNFMxFYQTpAGz';

  it('carry the configHash and a relay, and parse back to them', () => {
    const link = shortJoinLink('https://app.example/', definition, relay);
    expect(isJoinLink(link)).toBe(true);
    expect(link.length).toBeLessThan(300);
    expect(parseJoinTarget(link)).toEqual({ configHash: bytesToHex(configHash(definition)), relay });
    expect(parseJoinTarget(joinLink('https://app.example/', definition))).toEqual({ checked: { definition, configHash: configHash(definition), configHashHex: bytesToHex(configHash(definition)) } });
  });

  it('refuse a damaged hash or a missing relay', () => {
    expect(() => parseJoinTarget('https://app.example/#join=1&h=abc&r=%2Fip4')).toThrow(/64 hex digits/);
    expect(() => parseJoinTarget(`https://app.example/#join=1&h=${'ab'.repeat(32)}&r=`)).toThrow(/names no relay/);
  });

  it('fetch the definition from a board, checked against the hash; other messages and forgeries are ignored', async () => {
    const network = createMemoryBoardNetwork();
    const board = network.endpoint('joiner');
    const { session, data } = definitionMessage(definition);
    const other = buildDefinition({ ...choices, name: 'another ceremony' });
    await board.publish(session, definitionMessage(other).data); // a forgery under this session: wrong hash
    await board.publish(session, '{"body":{},"round":0}');
    await expect(fetchDefinition(board, session)).rejects.toThrow(/does not hold this ceremony/);
    await board.publish(session, data);
    expect(await fetchDefinition(board, session)).toEqual({ definition, configHash: configHash(definition), configHashHex: session });
  });
});

describe('fetchLinkedDefinition (connect, wait until ready within a time limit, fetch, close)', () => {
  /** A memory board endpoint that is ready when `ready` resolves, and counts its closes. */
  function relayBoard(ready: Promise<void>) {
    const network = createMemoryBoardNetwork();
    const board = network.endpoint('joiner');
    const closed = { count: 0, done: false };
    const wrapped: RelayBoard = {
      ...board,
      ready: () => ready,
      close: async () => {
        closed.count++;
        await new Promise((r) => setTimeout(r, 20));
        closed.done = true;
        await board.close();
      },
    };
    return { board: wrapped, closed };
  }

  it('fetches the definition once the board is ready, and closes the board (awaited when asked)', async () => {
    const { board, closed } = relayBoard(Promise.resolve());
    const { session, data } = definitionMessage(definition);
    await board.publish(session, data);
    const fetched = await fetchLinkedDefinition(async () => board, session, { clock, timeoutMs: 5_000, onTimeout: () => new Error('late'), awaitClose: true });
    expect(fetched.definition).toEqual(definition);
    expect(fetched.configHashHex).toBe(session);
    expect(closed).toEqual({ count: 1, done: true });
  });

  it('rejects with the caller\'s own error when no relay answers in time, and still closes the board', async () => {
    const { board, closed } = relayBoard(new Promise(() => {}));
    const session = bytesToHex(configHash(definition));
    await expect(fetchLinkedDefinition(async () => board, session, { clock, timeoutMs: 50, onTimeout: () => new Error('the relay did not answer within 15 s') })).rejects.toThrow(
      'the relay did not answer within 15 s',
    );
    expect(closed.count).toBe(1);
  });

  it('passes the errors of the work and of the factory through unchanged', async () => {
    const { board, closed } = relayBoard(Promise.resolve());
    await expect(fetchLinkedDefinition(async () => board, bytesToHex(configHash(definition)), { clock, timeoutMs: 5_000, onTimeout: () => new Error('late') })).rejects.toThrow(
      /does not hold this ceremony/,
    );
    expect(closed.count).toBe(1);
    await expect(withReadyBoard(() => Promise.reject(new Error('no transport')), async () => 1, { clock, timeoutMs: 50, onTimeout: () => new Error('late') })).rejects.toThrow('no transport');
  });
});
