/**
 * The transports a Node participant dials relays with: TCP, and WebSocket (needs a global WebSocket: Node 22+).
 * On Node 20 the program loads src/node/polyfills.ts first (libp2p 3 calls Promise.withResolvers).
 */
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import type { Libp2pBoardInit } from './libp2pBoard.js';

export function nodeTransports(): Libp2pBoardInit['transports'] {
  return typeof globalThis.WebSocket === 'function' ? [tcp(), webSockets()] : [tcp()];
}

/** The relay addresses this Node can dial with nodeTransports(): all of them, or without WebSocket ones before Node 22. */
export function nodeRelays(relays: readonly string[]): string[] {
  return typeof globalThis.WebSocket === 'function' ? [...relays] : relays.filter((r) => !/\/wss?(\/|$)/.test(r));
}
