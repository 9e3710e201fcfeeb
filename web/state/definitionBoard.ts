/**
 * Short join links on the page: publish a definition to a relay's board, or fetch one from it (checked against
 * the link's hash). Loaded on demand, so the first screen does not carry libp2p.
 */
import { createLibp2pBoard } from '../../src/adapters/libp2p/libp2pBoard.js';
import { browserRelays, browserTransports, localDevGater } from '../../src/adapters/libp2p/browserTransports.js';
import { definitionMessage, fetchDefinition } from '../../src/app/joinLink.js';
import type { CeremonyDefinition } from '../../src/core/dkg/definition.js';

async function withBoard<T>(relays: string[], use: (board: Awaited<ReturnType<typeof createLibp2pBoard>>) => Promise<T>): Promise<T> {
  const usable = browserRelays(relays);
  if (usable.length === 0) throw new Error('no relay a browser can reach (a /ws or /wss address) is given');
  const board = await createLibp2pBoard({ relays: usable, transports: browserTransports(), connectionGater: localDevGater(location.hostname) });
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the relay did not answer within 15 s')), 15_000));
    return await Promise.race([board.ready().then(() => use(board)), timeout]);
  } finally {
    void board.close();
  }
}

/** Publish `definition` on its relays (those a browser reaches); resolves to the relay used for the short link. */
export async function publishDefinition(definition: CeremonyDefinition): Promise<string> {
  const { session, data } = definitionMessage(definition);
  const relay = browserRelays(definition.relays)[0];
  if (!relay) throw new Error('the ceremony names no relay a browser can reach (a /ws or /wss address)');
  await withBoard([relay], (board) => board.publish(session, data));
  return relay;
}

/** Fetch the definition a short link names. */
export function fetchLinkedDefinition(configHash: string, relay: string): Promise<CeremonyDefinition> {
  return withBoard([relay], (board) => fetchDefinition(board, configHash));
}
