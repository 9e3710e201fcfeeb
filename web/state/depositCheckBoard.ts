/**
 * The page's link to the ceremony's deposit checks on its relays (docs/formats.md, sv-deposit-check/1): their own
 * board session, `sv-deposit-check/<configHash>`, so the ceremony worker's DKG session never carries them. Loaded
 * on demand, when the vault has a deposit to check, so the first screen does not carry libp2p.
 */
import { browserRelays, browserTransports, createLibp2pBoard, localDevGater, type Libp2pBoard } from '../../src/adapters/libp2p/index.js';

const READY_MS = 20_000;

/** A deposit-check session on the relays: publish one's own check; every message (history and new) reaches `onMessage`. */
export interface DepositCheckBoard {
  publish(text: string): Promise<void>;
  close(): void;
}

/** Open `session` on those of `relays` a browser reaches; every message there, old and new, goes to `onMessage`. */
export async function openDepositCheckBoard(relays: readonly string[], session: string, onMessage: (text: string) => void): Promise<DepositCheckBoard> {
  const usable = browserRelays([...relays]);
  if (usable.length === 0) throw new Error('the ceremony names no relay a browser can reach (a /ws or /wss address)');
  const board: Libp2pBoard = await createLibp2pBoard({ relays: usable, transports: browserTransports(), connectionGater: localDevGater(location.hostname) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      board.ready(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no relay answered within ${READY_MS / 1000} s`)), READY_MS))),
    ]);
  } catch (e) {
    board.close().catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const unsubscribe = board.subscribe(session, (m) => onMessage(m.data));
  for (const m of await board.history(session)) onMessage(m.data);
  return {
    publish: (text) => board.publish(session, text),
    close: () => {
      unsubscribe();
      board.close().catch(() => {});
    },
  };
}
