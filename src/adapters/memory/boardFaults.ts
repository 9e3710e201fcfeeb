/**
 * Fault injection for the in-memory board (PROTOCOL.md §3: the board is untrusted and may drop, delay, reorder or
 * withhold; §9 Network). Every decision draws from the network's injected `random`, so a seeded run is repeatable.
 *
 * Two kinds of fault:
 * - delivery faults (`set`): delay, drop, duplicate, reorder of live pushes to a recipient; decided when a message
 *   is routed, history keeps the message (unless `dropFromHistory`);
 * - view faults (`partition`, `withhold`, `split`): what a recipient may see at all, live and in history; history
 *   reflects the current view faults, and messages hidden from a live subscriber are pushed when the fault lifts.
 */
import { BoardError } from '../../ports/boardError.js';

/** Chooses messages: the message text, the publishing endpoint's name and the receiving endpoint's name. */
export type MessagePredicate = (data: string, publisher: string, recipient: string) => boolean;

/** Replacement texts for `split`: by recipient name, or computed (undefined = deliver the original). */
export type SplitVariants =
  | Readonly<Record<string, string>>
  | ((data: string, publisher: string, recipient: string) => string | undefined);

/** Faults on the live pushes to a recipient. Omitted fields mean "no fault". */
export interface DeliveryFaults {
  /** Latency of each push in ms: fixed, or uniform in [min, max]. Order is kept (head-of-line), unless `reorder`. */
  delay?: number | readonly [number, number];
  /** Drop the push: with this probability, or when the predicate holds. History still has the message. */
  drop?: number | MessagePredicate;
  /** A dropped message is also hidden from the recipient's history, for good (even after `clear`). */
  dropFromHistory?: boolean;
  /** Deliver the push twice: with this probability, or when the predicate holds. */
  duplicate?: number | MessagePredicate;
  /** Shuffle pushes within batches of up to this many (a batch also closes at the next timer tick). */
  reorder?: number;
}

/** The fault controller of a memory board network (`network.faults`). Changes apply from the next message on. */
export interface MemoryBoardFaults {
  /** Replace the delivery faults of every recipient (`recipient` omitted) or of one recipient (overrides global). */
  set(faults: DeliveryFaults, recipient?: string): void;
  /** Split endpoints into groups that don't see each other's messages; unnamed endpoints form one more group. */
  partition(groups: readonly (readonly string[])[]): void;
  /** End the partition. */
  heal(): void;
  /** `recipient` never sees messages matching `predicate` until released. Returns the release function. */
  withhold(recipient: string, predicate: MessagePredicate): () => void;
  /** Release every withholding of `recipient`, or of everyone when omitted. */
  release(recipient?: string): void;
  /** Recipients named by `variants` see a different text for messages matching `predicate`. Returns the undo. */
  split(predicate: MessagePredicate, variants: SplitVariants): () => void;
  /** Remove every fault (delivery, partition, withholdings, splits). */
  clear(): void;
}

interface Withholding {
  recipient: string;
  predicate: MessagePredicate;
}

interface Split {
  predicate: MessagePredicate;
  variants: SplitVariants;
}

/** The fault state plus the decisions the network asks of it. Internal to the memory adapter. */
export class FaultState implements MemoryBoardFaults {
  private global: DeliveryFaults = {};
  private readonly perRecipient = new Map<string, DeliveryFaults>();
  private groups: Map<string, number> | undefined;
  private withholdings: Withholding[] = [];
  private splits: Split[] = [];

  /** `random` drives every probabilistic decision; `onRelax` runs when a view fault is lifted. */
  constructor(
    private readonly random: () => number,
    private readonly onRelax: () => void,
  ) {}

  set(faults: DeliveryFaults, recipient?: string): void {
    const checked = checkDeliveryFaults(faults);
    if (recipient === undefined) this.global = checked;
    else this.perRecipient.set(recipient, checked);
  }

  partition(groups: readonly (readonly string[])[]): void {
    const map = new Map<string, number>();
    groups.forEach((group, i) => {
      for (const name of group) {
        if (map.has(name)) throw new BoardError('BOARD_BAD_FAULT', `endpoint ${name} is in two partition groups`);
        map.set(name, i);
      }
    });
    this.groups = map;
    this.onRelax(); // a new partition may also join endpoints that the previous one separated
  }

  heal(): void {
    this.groups = undefined;
    this.onRelax();
  }

  withhold(recipient: string, predicate: MessagePredicate): () => void {
    const entry: Withholding = { recipient, predicate };
    this.withholdings.push(entry);
    return () => {
      this.withholdings = this.withholdings.filter((w) => w !== entry);
      this.onRelax();
    };
  }

  release(recipient?: string): void {
    this.withholdings = recipient === undefined ? [] : this.withholdings.filter((w) => w.recipient !== recipient);
    this.onRelax();
  }

  split(predicate: MessagePredicate, variants: SplitVariants): () => void {
    const entry: Split = { predicate, variants };
    this.splits.push(entry);
    return () => {
      this.splits = this.splits.filter((s) => s !== entry);
    };
  }

  clear(): void {
    this.global = {};
    this.perRecipient.clear();
    this.groups = undefined;
    this.withholdings = [];
    this.splits = [];
    this.onRelax();
  }

  /** The text `recipient` sees for a message, or undefined when it may not see it (partition, withholding). */
  view(data: string, publisher: string, recipient: string): string | undefined {
    if (!this.connected(publisher, recipient)) return undefined;
    if (this.withholdings.some((w) => w.recipient === recipient && w.predicate(data, publisher, recipient))) {
      return undefined;
    }
    for (const s of this.splits) {
      if (!s.predicate(data, publisher, recipient)) continue;
      const variant =
        typeof s.variants === 'function'
          ? s.variants(data, publisher, recipient)
          : Object.hasOwn(s.variants, recipient)
            ? s.variants[recipient]
            : undefined;
      if (variant !== undefined) return variant;
    }
    return data;
  }

  /** The delivery faults in force for `recipient` (its own fields override the global ones). */
  delivery(recipient: string): DeliveryFaults {
    return { ...this.global, ...this.perRecipient.get(recipient) };
  }

  /** Whether a probability-or-predicate fault fires for this push. */
  fires(rule: number | MessagePredicate | undefined, data: string, publisher: string, recipient: string): boolean {
    if (rule === undefined) return false;
    if (typeof rule === 'function') return rule(data, publisher, recipient);
    return rule > 0 && this.random() < rule;
  }

  /** The latency of one push in ms. */
  delayMs(delay: DeliveryFaults['delay']): number {
    if (delay === undefined) return 0;
    if (typeof delay === 'number') return delay;
    const [min, max] = delay;
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** Fisher-Yates shuffle in place, driven by the injected random. */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
  }

  private connected(a: string, b: string): boolean {
    if (a === b || this.groups === undefined) return true;
    return (this.groups.get(a) ?? -1) === (this.groups.get(b) ?? -1);
  }
}

function checkProbability(name: string, value: number | MessagePredicate | undefined): void {
  if (value === undefined || typeof value === 'function') return;
  if (!(value >= 0 && value <= 1)) throw new BoardError('BOARD_BAD_FAULT', `${name} must be in [0, 1], got ${value}`);
}

function checkMs(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function checkDeliveryFaults(faults: DeliveryFaults): DeliveryFaults {
  checkProbability('drop', faults.drop);
  checkProbability('duplicate', faults.duplicate);
  const { delay, reorder } = faults;
  if (delay !== undefined) {
    const ok = typeof delay === 'number' ? checkMs(delay) : checkMs(delay[0]) && checkMs(delay[1]) && delay[0] <= delay[1];
    if (!ok) throw new BoardError('BOARD_BAD_FAULT', `delay must be ms >= 0 or [min, max], got ${String(delay)}`);
  }
  if (reorder !== undefined && !(Number.isInteger(reorder) && reorder >= 1)) {
    throw new BoardError('BOARD_BAD_FAULT', `reorder must be a window size >= 1, got ${reorder}`);
  }
  const copy: DeliveryFaults = { ...faults };
  for (const key of Object.keys(copy) as (keyof DeliveryFaults)[]) if (copy[key] === undefined) delete copy[key];
  if (typeof delay === 'object') copy.delay = [delay[0], delay[1]];
  return copy;
}
