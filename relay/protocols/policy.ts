/**
 * One accept policy per protocol: what a relay lets onto its board for one protocol's sessions, and how it keeps
 * them. A protocol claims its sessions by name; adding a protocol is a new file and a line in the registry
 * (relay/acceptPolicy.ts), and touches no other protocol's policy.
 */
import type { SessionLimits } from '../boardStore.js';

/** The parsed facts a relay may use about an accepted message (the envelope's sender, for logs and test modes). */
export interface Accepted {
  sender: number | undefined;
}

/** A policy's verdict on one publication: what was learned, or the reason it is refused, in words. */
export type Verdict = { ok: true; accepted: Accepted } | { ok: false; reason: string };

/** How a relay keeps one protocol's sessions. */
export interface Retention {
  /**
   * `disk`: each message is appended to its session's file before it is acknowledged, so a restart loses nothing;
   * `memory`: kept in memory only (lost on restart), never waiting on the disk.
   */
  store: 'disk' | 'memory';
  /**
   * `await`: a participant's publication is acknowledged once the peer relays have stored it too (a participant on
   * another relay sees it as soon as the publisher's call returns); `background`: forwarded without waiting.
   */
  peers: 'await' | 'background';
  /** This protocol's own per-session limits, over the relay's defaults (`--limit` overrides both). */
  limits: Partial<SessionLimits>;
}

/** What a relay knows about one protocol. */
export interface ProtocolPolicy {
  /** Its name, as `--accept`, `--limit <protocol>.<name>=` and the logs spell it (`sv-dkg/1`). */
  readonly protocol: string;
  /** The form of its session names, in words (for refusals of a session no accepted protocol claims). */
  readonly sessionForm: string;
  /** Whether a session name belongs to this protocol. */
  claims(session: string): boolean;
  /** Judge one message published on one of its sessions. */
  check(session: string, data: string): Verdict;
  readonly retention: Retention;
}

/** The verdict for a message that is accepted and tells nothing about its sender. */
export const ACCEPTED: Verdict = { ok: true, accepted: { sender: undefined } };
