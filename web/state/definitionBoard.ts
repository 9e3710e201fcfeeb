/**
 * Short join links on the page: publish a definition to a relay's board, or fetch one from it (checked against
 * the link's hash). Loaded on demand, so the first screen does not carry libp2p.
 */
import { browserRelays, browserTransports, createLibp2pBoard, localDevGater, type Libp2pBoard } from '../../src/adapters/libp2p/index.js';
import { definitionMessage } from '../../src/app/joinLink.js';
import { fetchLinkedDefinition as fetchFromRelays, withReadyBoard, type ReadyBoardOptions } from '../../src/app/fetchLinkedDefinition.js';
import type { CheckedDefinition } from '../../src/app/checkedDefinition.js';
import type { CeremonyDefinition } from '../../src/core/dkg/definition.js';
import { createSystemClock } from '../../src/adapters/system/index.js';

const TIMEOUT: ReadyBoardOptions = { clock: createSystemClock(), timeoutMs: 15_000, onTimeout: () => new Error('the relay did not answer within 15 s') };

/** A board on those of `relays` a browser can reach. */
function browserBoard(relays: string[]): () => Promise<Libp2pBoard> {
  const usable = browserRelays(relays);
  if (usable.length === 0) throw new Error('no relay a browser can reach (a /ws or /wss address) is given');
  return () => createLibp2pBoard({ relays: usable, transports: browserTransports(), connectionGater: localDevGater(location.hostname) });
}

/** Publish `definition` on its relays (those a browser reaches); resolves to the relay used for the short link. */
export async function publishDefinition(definition: CeremonyDefinition): Promise<string> {
  const { session, data } = definitionMessage(definition);
  const relay = browserRelays(definition.relays)[0];
  if (!relay) throw new Error('the ceremony names no relay a browser can reach (a /ws or /wss address)');
  await withReadyBoard(browserBoard([relay]), (board) => board.publish(session, data), TIMEOUT);
  return relay;
}

/** Fetch the definition a short link names, checked against the link's hash. */
export async function fetchLinkedDefinition(configHash: string, relay: string): Promise<CheckedDefinition> {
  return fetchFromRelays(browserBoard([relay]), configHash, TIMEOUT);
}
