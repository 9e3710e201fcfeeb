/**
 * The ClusterChannel port: messages between the runners of one cluster (QBFT, partial signatures). Each member
 * is its 1-based `index` in the cluster lock. What the port guarantees, whatever the adapter:
 * - **Authenticated sender.** `from` of a delivered message is the member that sent it: the adapter authenticates
 *   it (in memory by construction; over relays by the peer's key, bound to the lock's member list) and drops
 *   anything from outside the cluster. A receiver may rely on `from` without a signature of its own; a member can
 *   still lie in what it says, never about who says it.
 * - **Integrity.** Payloads arrive unaltered, or not at all.
 * - **Best effort.** A message may be lost, delayed or reordered (the protocols above retransmit or time out);
 *   the port itself never duplicates one and never delivers a member's message back to that member.
 */
import { SvError } from '../core/errors.js';

/** One message as delivered. */
export interface ClusterMessage {
  /** The sender's index, authenticated by the adapter. */
  from: number;
  data: Uint8Array;
}

/** One member's handle on its cluster's channel. */
export interface ClusterChannel {
  /** This member's index, 1..members. */
  readonly index: number;
  /** The cluster's size n. */
  readonly members: number;
  /** Largest payload the channel carries, in bytes; more rejects with CHANNEL_MESSAGE_TOO_LARGE. */
  readonly maxMessageBytes: number;
  /** Send `data` to member `to` (not this member). Resolves once handed to the transport, not on delivery. */
  send(to: number, data: Uint8Array): Promise<void>;
  /** Send `data` to every other member. */
  broadcast(data: Uint8Array): Promise<void>;
  /** Receive messages sent to this member from now on; returns the unsubscribe function. */
  subscribe(onMessage: (message: ClusterMessage) => void): () => void;
  /** Leave the channel: subscriptions end; later sends reject with CHANNEL_CLOSED. */
  close(): Promise<void>;
}

/** Why a channel operation failed. */
export type ChannelErrorCode = 'CHANNEL_CLOSED' | 'CHANNEL_BAD_INPUT' | 'CHANNEL_MESSAGE_TOO_LARGE' | 'CHANNEL_UNREACHABLE';

/** A coded error of the ClusterChannel port: the project's SvError with a Channel code. */
export class ChannelError extends SvError<ChannelErrorCode> {
  constructor(code: ChannelErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'ChannelError';
  }
}
