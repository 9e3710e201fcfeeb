/**
 * The Board compliance suite (ports/board.ts): every Board adapter (memory, libp2p relay) must pass it.
 * Uses polling (`vi.waitFor`), never fixed sleeps, so a networked board with real latency passes too.
 * Absence of a delivery is checked against a later marker delivered through the same path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Board, BoardMessage } from '../../src/ports/board.js';

/** What the adapter under test provides: `count` handles on one shared board, and how to tear them down. */
export interface BoardFixture {
  endpoints: Board[];
  cleanup: () => Promise<void>;
}

/** Knobs for adapters whose limits or latency differ. */
export interface BoardComplianceOptions {
  /** The adapter's message size limit in UTF-8 bytes (default 1 MiB); one byte more must reject. */
  maxMessageBytes?: number;
  /** How long to wait for a delivery, in ms (default 5000). */
  timeoutMs?: number;
}

/** Registers the Board compliance tests for one adapter. */
export function boardCompliance(
  name: string,
  makeEndpoints: (count: number) => Promise<BoardFixture>,
  options: BoardComplianceOptions = {},
): void {
  const maxBytes = options.maxMessageBytes ?? 1024 * 1024;
  const wait = { timeout: options.timeoutMs ?? 5000, interval: 5 };
  let sessionCounter = 0;
  const newSession = (): string => `compliance/${name}/${Date.now()}/${sessionCounter++}`;

  describe(`Board compliance: ${name}`, () => {
    let fixture: BoardFixture | undefined;
    const boards = async (count: number): Promise<Board[]> => {
      fixture = await makeEndpoints(count);
      expect(fixture.endpoints).toHaveLength(count);
      return fixture.endpoints;
    };
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    it('delivers a publication to subscribers on other endpoints and to the publisher itself', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      const atA = collect(a!, s);
      const atB = collect(b!, s);
      await a!.publish(s, 'hello');
      await vi.waitFor(() => expect(atB.texts()).toEqual(['hello']), wait);
      await vi.waitFor(() => expect(atA.texts()).toEqual(['hello']), wait);
    });

    it('keeps history in publication order with increasing cursors, on every endpoint', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      const sent = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'];
      for (const [i, text] of sent.entries()) await (i % 2 === 0 ? a! : b!).publish(s, text);
      for (const board of [a!, b!]) {
        await vi.waitFor(async () => expect((await board.history(s)).map((m) => m.data)).toEqual(sent), wait);
        expectIncreasing(await board.history(s));
      }
    });

    it('delivers live in board order, with the cursors history reports', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      const atB = collect(b!, s);
      const sent = ['first', 'second', 'third', 'fourth'];
      for (const text of sent) await a!.publish(s, text);
      await vi.waitFor(() => expect(atB.texts()).toEqual(sent), wait);
      const firstSeen = atB.unique();
      expectIncreasing(firstSeen);
      expect(firstSeen).toEqual(await b!.history(s));
    });

    it('history(since) returns only messages with a later cursor', async () => {
      const [a] = await boards(1);
      const s = newSession();
      for (const text of ['x', 'y', 'z', 'w']) await a!.publish(s, text);
      const all = await a!.history(s);
      expect(all.map((m) => m.data)).toEqual(['x', 'y', 'z', 'w']);
      expect(await a!.history(s, all[1]!.cursor)).toEqual(all.slice(2));
      expect(await a!.history(s, all[0]!.cursor)).toEqual(all.slice(1));
      expect(await a!.history(s, all[3]!.cursor)).toEqual([]);
      expect(await a!.history(s, undefined)).toEqual(all);
    });

    it('stores identical text once (content-addressed dedupe), whoever publishes it', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      await a!.publish(s, 'same');
      await a!.publish(s, 'same');
      await b!.publish(s, 'same');
      await a!.publish(s, 'other');
      await vi.waitFor(async () => expect((await b!.history(s)).map((m) => m.data)).toEqual(['same', 'other']), wait);
      expect((await a!.history(s)).map((m) => m.data)).toEqual(['same', 'other']);
    });

    it('isolates sessions', async () => {
      const [a, b] = await boards(2);
      const s1 = newSession();
      const s2 = newSession();
      const atB2 = collect(b!, s2);
      await a!.publish(s1, 'only in s1');
      await a!.publish(s2, 'only in s2');
      await vi.waitFor(() => expect(atB2.texts()).toContain('only in s2'), wait);
      expect(atB2.texts()).toEqual(['only in s2']);
      await vi.waitFor(async () => expect((await b!.history(s1)).map((m) => m.data)).toEqual(['only in s1']), wait);
      expect((await b!.history(s2)).map((m) => m.data)).toEqual(['only in s2']);
      expect(await b!.history(newSession())).toEqual([]);
    });

    it('lets a late subscriber catch up from history, then receive live', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      await a!.publish(s, 'early 1');
      await a!.publish(s, 'early 2');
      await vi.waitFor(async () => expect((await b!.history(s)).map((m) => m.data)).toEqual(['early 1', 'early 2']), wait);
      const atB = collect(b!, s);
      await a!.publish(s, 'late');
      await vi.waitFor(() => expect(atB.texts()).toContain('late'), wait);
      expect(atB.texts()).not.toContain('early 1');
      const caughtUp = await b!.history(s);
      expect(caughtUp.map((m) => m.data)).toEqual(['early 1', 'early 2', 'late']);
      expect(atB.unique()[0]!.cursor).toBe(caughtUp[2]!.cursor);
    });

    it('stops delivering to an unsubscribed callback', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      const gone = collect(b!, s);
      const kept = collect(b!, s);
      await a!.publish(s, 'before');
      await vi.waitFor(() => expect(gone.texts()).toEqual(['before']), wait);
      gone.unsubscribe();
      await a!.publish(s, 'after 1');
      await a!.publish(s, 'after 2');
      await vi.waitFor(() => expect(kept.texts()).toEqual(['before', 'after 1', 'after 2']), wait);
      expect(gone.texts()).toEqual(['before']);
      gone.unsubscribe(); // idempotent
    });

    it('ends subscriptions on close, and rejects publish after close', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      const atA = collect(a!, s);
      const atB = collect(b!, s);
      await b!.close();
      await a!.publish(s, 'after close 1');
      await a!.publish(s, 'after close 2');
      await vi.waitFor(() => expect(atA.texts()).toEqual(['after close 1', 'after close 2']), wait);
      expect(atB.texts()).toEqual([]);
      await expect(b!.publish(s, 'from a closed endpoint')).rejects.toBeInstanceOf(Error);
      expect((await a!.history(s)).map((m) => m.data)).toEqual(['after close 1', 'after close 2']);
    });

    it('rejects a message over the size limit and stores nothing', async () => {
      const [a] = await boards(1);
      const s = newSession();
      await expect(a!.publish(s, 'x'.repeat(maxBytes + 1))).rejects.toBeInstanceOf(Error);
      // multi-byte text is measured in UTF-8 bytes, not UTF-16 units
      await expect(a!.publish(s, 'é'.repeat(Math.floor(maxBytes / 2) + 1))).rejects.toBeInstanceOf(Error);
      await a!.publish(s, 'small');
      expect((await a!.history(s)).map((m) => m.data)).toEqual(['small']);
    });

    it('carries any text unchanged (unicode, JSON, whitespace)', async () => {
      const [a, b] = await boards(2);
      const s = newSession();
      const texts = ['{"v":1,"body":"ünïcødé ✓ 🔑"}', ' leading and trailing ', 'line\nbreak\ttab', '\u0000nul'];
      for (const text of texts) await a!.publish(s, text);
      await vi.waitFor(async () => expect((await b!.history(s)).map((m) => m.data)).toEqual(texts), wait);
    });
  });
}

interface Collector {
  /** Distinct texts in order of first arrival (a board may deliver twice). */
  texts(): string[];
  /** Distinct messages (by cursor) in order of first arrival. */
  unique(): BoardMessage[];
  unsubscribe(): void;
}

function collect(board: Board, session: string): Collector {
  const received: BoardMessage[] = [];
  const unsubscribe = board.subscribe(session, (m) => received.push(m));
  const unique = (): BoardMessage[] => {
    const seen = new Set<number>();
    return received.filter((m) => !seen.has(m.cursor) && seen.add(m.cursor) !== undefined);
  };
  return { texts: () => unique().map((m) => m.data), unique, unsubscribe };
}

function expectIncreasing(messages: readonly BoardMessage[]): void {
  for (let i = 1; i < messages.length; i++) expect(messages[i]!.cursor).toBeGreaterThan(messages[i - 1]!.cursor);
}
