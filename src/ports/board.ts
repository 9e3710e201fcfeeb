/**
 * The Board port: a public, append-only bulletin board per session (PROTOCOL.md §3: every message is public and
 * signed; the board is untrusted and may drop, delay, reorder or withhold). Implemented by the in-memory board
 * (tests, simulations) and the libp2p relay board.
 */

/** One message as the board delivers it. `cursor` is the board's position of it in this session's history. */
export interface BoardMessage {
  /** Monotonically increasing within a session, as seen by this endpoint; opaque otherwise. */
  cursor: number;
  /** The message text (an sv-dkg/1 envelope in canonical JSON). */
  data: string;
}

/** A participant's handle on the board. */
export interface Board {
  /**
   * Publish `data` to `session`. Idempotent: publishing the same text again is a no-op (content-addressed dedupe).
   * Resolves once the board has accepted it; rejects with an Error when it cannot.
   */
  publish(session: string, data: string): Promise<void>;
  /**
   * Receive every message published to `session` from now on (including this endpoint's own), in board order.
   * Returns the unsubscribe function. Late joiners use `history` to catch up; messages may arrive twice, and a
   * networked board may also deliver earlier messages this endpoint has not yet seen (it catches up from its
   * cursor so that nothing published around the moment of subscribing is lost).
   */
  subscribe(session: string, onMessage: (message: BoardMessage) => void): () => void;
  /** The messages of `session` with a cursor greater than `since` (all when omitted), in board order. */
  history(session: string, since?: number): Promise<BoardMessage[]>;
  /** Release the endpoint's resources (subscriptions end). */
  close(): Promise<void>;
}
