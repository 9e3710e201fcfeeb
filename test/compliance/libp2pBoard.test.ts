/**
 * The Board compliance suite against the libp2p adapter and real relay processes: one relay, and two peered
 * relays with the endpoints split across them (a message published on one relay must reach the other's).
 */
import { afterAll, beforeAll } from 'vitest';
import { createLibp2pBoard, nodeTransports } from '../../src/adapters/libp2p/index.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { boardCompliance } from './board.js';

let single: RelayProcess;
let left: RelayProcess;
let right: RelayProcess;

beforeAll(async () => {
  single = await startRelayProcess({ accept: 'any' });
  left = await startRelayProcess({ accept: 'any' });
  right = await startRelayProcess({ accept: 'any', peers: [left.tcp] });
});
afterAll(async () => {
  await Promise.all([single, left, right].map((r) => r?.stop()));
});

const endpoints = async (relaysFor: (i: number) => string[], count: number) => {
  const boards = await Promise.all(Array.from({ length: count }, (_, i) => createLibp2pBoard({ relays: relaysFor(i), transports: nodeTransports() })));
  await Promise.all(boards.map((b) => b.ready()));
  return { endpoints: boards, cleanup: async () => void (await Promise.all(boards.map((b) => b.close()))) };
};

boardCompliance('libp2p board, one relay', (count) => endpoints(() => [single.tcp], count));
boardCompliance('libp2p board, two peered relays', (count) => endpoints((i) => [i % 2 === 0 ? left.tcp : right.tcp], count), { timeoutMs: 10_000 });
boardCompliance('libp2p board, every endpoint on both relays', (count) => endpoints(() => [left.tcp, right.tcp], count), { timeoutMs: 10_000 });
