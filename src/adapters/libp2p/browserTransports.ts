/**
 * What a browser participant dials relays with: WebSocket only (no WebRTC, no listening: relay-only). Browsers'
 * default gater refuses `ws://` and private addresses; a page served from loopback (local development) may allow
 * them, so that the local relay of `npm start` is reachable. Production relays use `wss://` on public names.
 */
import { webSockets } from '@libp2p/websockets';
import type { Libp2pBoardInit } from './libp2pBoard.js';

export function browserTransports(): Libp2pBoardInit['transports'] {
  return [webSockets()];
}

/** The gater for a page served from loopback: allow `ws://` and private relay addresses. Undefined elsewhere. */
export function localDevGater(pageHostname: string): Libp2pBoardInit['connectionGater'] {
  const local = pageHostname === '127.0.0.1' || pageHostname === 'localhost' || pageHostname === '[::1]';
  return local ? { denyDialMultiaddr: () => false } : undefined;
}

/** The relay addresses a browser can use: WebSocket ones (`/ws` or `/wss`). */
export function browserRelays(relays: readonly string[]): string[] {
  return relays.filter((r) => /\/wss?(\/|$)/.test(r) || /\/tls\/.*\/ws(\/|$)/.test(r));
}
