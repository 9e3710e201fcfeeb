/**
 * The delivery queue from the board to one endpoint for one session: applies reorder batching and per-push delay,
 * and hands pushes to the listeners in queue order (a delayed push holds back the ones behind it, like a
 * stream). Always asynchronous: nothing is delivered inside the call that enqueues it.
 */
import type { BoardMessage } from '../../ports/board.js';

/** One live subscription of an endpoint: its callback, and whether it still listens. */
export interface Listener {
  active: boolean;
  onMessage: (message: BoardMessage) => void;
}

/** A push on its way: the text this recipient sees and the listeners that existed when it was routed. */
export interface Push {
  cursor: number;
  data: string;
  targets: readonly Listener[];
}

interface Queued {
  push: Push;
  delayMs: number;
  ready: boolean;
}

/** What a delivery queue needs from its network. */
export interface DeliveryQueueEnv {
  schedule: (fn: () => void, ms: number) => void;
  shuffle: <T>(items: T[]) => void;
  /** Called for each push handed to the endpoint (for stats). */
  onDelivered: () => void;
  /** False once the endpoint is closed: pending pushes are then discarded. */
  isOpen: () => boolean;
}

/** The per-(endpoint, session) delivery queue. */
export class DeliveryQueue {
  private batch: Queued[] = [];
  private flushScheduled = false;
  private readonly queue: Queued[] = [];

  constructor(private readonly env: DeliveryQueueEnv) {}

  /** Queue `push` with latency `delayMs`, shuffled within batches of `window` pushes. */
  enqueue(push: Push, delayMs: number, window: number): void {
    this.batch.push({ push, delayMs, ready: false });
    if (window <= 1 || this.batch.length >= window) {
      this.flush(window > 1);
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.env.schedule(() => this.flush(true), 0);
    }
  }

  private flush(shuffle: boolean): void {
    this.flushScheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (shuffle) this.env.shuffle(batch);
    for (const item of batch) {
      this.queue.push(item);
      this.env.schedule(() => {
        item.ready = true;
        this.pump();
      }, item.delayMs);
    }
  }

  private pump(): void {
    while (this.queue[0]?.ready === true) {
      const { push } = this.queue.shift()!;
      if (!this.env.isOpen()) continue;
      this.env.onDelivered();
      for (const sub of push.targets) {
        if (!sub.active) continue;
        try {
          sub.onMessage({ cursor: push.cursor, data: push.data });
        } catch (err) {
          // A failing subscriber must not starve the others; surface its error without swallowing it.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    }
  }
}
