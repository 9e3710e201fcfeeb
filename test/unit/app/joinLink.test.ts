import { describe, expect, it } from 'vitest';
import { isJoinLink, joinLink, parseJoinLink } from '../../../src/app/joinLink.js';
import { buildDefinition } from '../../../src/cli/ceremonyCreate.js';
import { configHash } from '../../../src/core/dkg/definition.js';

const definition = buildDefinition({
  operators: ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444'],
  network: 'holesky',
  withdrawalAddress: '0x5555555555555555555555555555555555555555',
  name: 'ünïcødé ceremony ✓',
  relays: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWPC3XZUQjVUVKQTDJfzgi244cvfMreFCbNFMxFYQTpAGz'],
  now: 1_790_000_000,
});

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
