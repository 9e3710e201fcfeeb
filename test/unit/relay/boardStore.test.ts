/**
 * The relay's BoardStore: append-only per-session logs with content dedupe, every limit, pruning by age (with an
 * injected clock), and persistence: a new store on the same directory sees the same board (same board id, same
 * cursors, same dedupe), a torn last line is dropped and repaired, pruned sessions leave no file behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoardStore, DEFAULT_STORE_LIMITS, type Appended, type BoardStoreLimits } from '../../../relay/boardStore.js';
import { isBoardError } from '../../../src/ports/boardError.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sv-board-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const limits = (partial: Partial<BoardStoreLimits> = {}): BoardStoreLimits => ({ ...DEFAULT_STORE_LIMITS, ...partial });
const fileOf = (dir: string, session: string) => join(dir, 'sessions', `${createHash('sha256').update(session).digest('hex')}.jsonl`);

/** The BoardError code `fn` throws (fails the test when it throws anything else, or nothing). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isBoardError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a BoardError');
}

describe('BoardStore in memory', () => {
  it('appends with 1-based cursors per session and serves them back in order', () => {
    const store = new BoardStore(undefined, limits());
    expect(store.append('a', 'one')).toEqual({ cursor: 1, duplicate: false });
    expect(store.append('a', 'two')).toEqual({ cursor: 2, duplicate: false });
    expect(store.append('b', 'one')).toEqual({ cursor: 1, duplicate: false }); // the same text in another session is new
    expect(store.head('a')).toBe(2);
    expect(store.head('b')).toBe(1);
    expect(store.head('unknown')).toBe(0);
    expect(store.since('a', 0, 1e6)).toEqual({ items: [[1, 'one'], [2, 'two']], more: false, head: 2 });
    expect(store.since('a', 1, 1e6)).toEqual({ items: [[2, 'two']], more: false, head: 2 });
    expect(store.since('a', 2, 1e6)).toEqual({ items: [], more: false, head: 2 });
    expect(store.since('nope', 0, 1e6)).toEqual({ items: [], more: false, head: 0 });
    expect(store.sessionCount).toBe(2);
    expect(store.messageCount).toBe(3);
    expect(store.bytes).toBe(9);
    expect([...store.all()]).toEqual([
      { session: 'a', data: 'one' },
      { session: 'a', data: 'two' },
      { session: 'b', data: 'one' },
    ]);
  });

  it('a duplicate returns the cursor of the original and changes nothing', () => {
    const store = new BoardStore(undefined, limits());
    const heard: Appended[] = [];
    store.onAppend((a) => heard.push(a));
    store.append('s', 'x');
    store.append('s', 'y', 'conn-1');
    expect(store.append('s', 'x')).toEqual({ cursor: 1, duplicate: true });
    expect(store.append('s', 'y', 'conn-2')).toEqual({ cursor: 2, duplicate: true });
    expect(store.head('s')).toBe(2);
    expect(store.bytes).toBe(2);
    expect(heard).toEqual([
      { session: 's', cursor: 1, data: 'x', origin: undefined },
      { session: 's', cursor: 2, data: 'y', origin: 'conn-1' },
    ]);
  });

  it('a duplicate is accepted even when the session or the relay is full', () => {
    const store = new BoardStore(undefined, limits({ maxSessionMessages: 1, maxSessions: 1 }));
    store.append('s', 'x');
    expect(codeOf(() => store.append('s', 'y'))).toBe('BOARD_SESSION_FULL');
    expect(codeOf(() => store.append('t', 'x'))).toBe('BOARD_TOO_MANY_SESSIONS');
    expect(store.append('s', 'x')).toEqual({ cursor: 1, duplicate: true });
  });

  it('the remover returned by onAppend stops the listener', () => {
    const store = new BoardStore(undefined, limits());
    let calls = 0;
    const remove = store.onAppend(() => calls++);
    store.append('s', '1');
    remove();
    store.append('s', '2');
    expect(calls).toBe(1);
  });

  it('pages history by bytes, always with at least one message', () => {
    const store = new BoardStore(undefined, limits());
    for (const m of ['aaaa', 'bbbb', 'cccc', 'dddd']) store.append('s', m);
    expect(store.since('s', 0, 8)).toEqual({ items: [[1, 'aaaa'], [2, 'bbbb']], more: true, head: 4 });
    expect(store.since('s', 2, 8)).toEqual({ items: [[3, 'cccc'], [4, 'dddd']], more: false, head: 4 });
    // A page smaller than one message still carries that message.
    expect(store.since('s', 0, 1)).toEqual({ items: [[1, 'aaaa']], more: true, head: 4 });
  });

  it('maxMessageBytes counts UTF-8 bytes, not characters', () => {
    const store = new BoardStore(undefined, limits({ maxMessageBytes: 4 }));
    expect(store.append('s', 'abcd').cursor).toBe(1);
    expect(codeOf(() => store.append('s', 'abcde'))).toBe('BOARD_MESSAGE_TOO_LARGE');
    expect(store.append('s', 'éé').cursor).toBe(2); // 4 bytes
    expect(codeOf(() => store.append('s', 'ééé'))).toBe('BOARD_MESSAGE_TOO_LARGE'); // 3 characters, 6 bytes
    expect(codeOf(() => store.append('s', '😀x'))).toBe('BOARD_MESSAGE_TOO_LARGE'); // 5 bytes
    expect(store.append('s', '😀').cursor).toBe(3);
    expect(store.bytes).toBe(12);
    expect(store.head('s')).toBe(3);
  });

  it('maxSessionMessages: BOARD_SESSION_FULL, other sessions unaffected', () => {
    const store = new BoardStore(undefined, limits({ maxSessionMessages: 3 }));
    for (const m of ['1', '2', '3']) store.append('s', m);
    expect(codeOf(() => store.append('s', '4'))).toBe('BOARD_SESSION_FULL');
    expect(store.head('s')).toBe(3);
    expect(store.append('t', '4').cursor).toBe(1);
  });

  it('maxSessionBytes: BOARD_SESSION_FULL once the next message would pass it', () => {
    const store = new BoardStore(undefined, limits({ maxSessionBytes: 10 }));
    store.append('s', '12345');
    store.append('s', '67890'); // exactly 10
    expect(codeOf(() => store.append('s', 'x'))).toBe('BOARD_SESSION_FULL');
    expect(store.append('t', '12345678').cursor).toBe(1);
    expect(store.bytes).toBe(18);
  });

  it('maxSessions: BOARD_TOO_MANY_SESSIONS for a new session, existing sessions still take messages', () => {
    const store = new BoardStore(undefined, limits({ maxSessions: 2 }));
    store.append('a', '1');
    store.append('b', '1');
    expect(codeOf(() => store.append('c', '1'))).toBe('BOARD_TOO_MANY_SESSIONS');
    expect(store.sessionCount).toBe(2);
    expect(store.head('c')).toBe(0);
    expect(store.append('a', '2').cursor).toBe(2);
  });

  it('maxTotalBytes: refused across sessions with BOARD_SESSION_FULL, and no empty session is left behind', () => {
    const store = new BoardStore(undefined, limits({ maxTotalBytes: 10 }));
    store.append('a', '123456');
    expect(codeOf(() => store.append('b', '12345'))).toBe('BOARD_SESSION_FULL');
    expect(store.sessionCount).toBe(1);
    expect(store.append('b', '1234').cursor).toBe(1);
    expect(store.bytes).toBe(10);
    expect(codeOf(() => store.append('a', 'x'))).toBe('BOARD_SESSION_FULL');
  });

  it('prune drops sessions untouched for longer than maxSessionAgeMs (injected clock)', () => {
    let now = 1_000_000;
    const store = new BoardStore(undefined, limits({ maxSessionAgeMs: 100 }), () => now);
    store.append('old', 'x');
    now += 60;
    store.append('young', 'yy');
    now += 41; // old: 101 ms untouched, young: 41 ms
    expect(store.prune()).toBe(1);
    expect(store.sessionCount).toBe(1);
    expect(store.head('old')).toBe(0);
    expect(store.head('young')).toBe(1);
    expect(store.bytes).toBe(2);
    // An append touches the session: 'young' lives on while it is written to.
    now += 50;
    store.append('young', 'zz');
    now += 60;
    expect(store.prune()).toBe(0);
    now += 41;
    expect(store.prune()).toBe(1);
    expect(store.sessionCount).toBe(0);
    expect(store.bytes).toBe(0);
    // A pruned session starts afresh.
    expect(store.append('old', 'x')).toEqual({ cursor: 1, duplicate: false });
  });

  it('a new session when the relay is full first prunes expired ones', () => {
    let now = 0;
    const store = new BoardStore(undefined, limits({ maxSessions: 1, maxSessionAgeMs: 100 }), () => now);
    store.append('a', '1');
    now = 50;
    expect(codeOf(() => store.append('b', '1'))).toBe('BOARD_TOO_MANY_SESSIONS');
    now = 101;
    expect(store.append('b', '1').cursor).toBe(1);
    expect(store.sessionCount).toBe(1);
    expect(store.head('a')).toBe(0);
  });

  it('a store without a directory has a fresh random board id', () => {
    const a = new BoardStore(undefined, limits());
    const b = new BoardStore(undefined, limits());
    expect(a.boardId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.boardId).not.toBe(b.boardId);
  });
});

describe('BoardStore on disk', () => {
  it('a new store on the same directory has the same board, cursors and dedupe', () => {
    const dir = tempDir();
    const first = new BoardStore(dir, limits());
    first.append('ceremony-1', 'hello');
    first.append('ceremony-1', 'wörld "quoted"\nnewline');
    first.append('ceremony-2', 'other');
    expect(existsSync(fileOf(dir, 'ceremony-1'))).toBe(true);
    expect(readFileSync(join(dir, 'board-id'), 'utf8').trim()).toBe(first.boardId);

    const second = new BoardStore(dir, limits());
    expect(second.boardId).toBe(first.boardId);
    expect(second.sessionCount).toBe(2);
    expect(second.messageCount).toBe(3);
    expect(second.bytes).toBe(first.bytes);
    expect(second.since('ceremony-1', 0, 1e6).items).toEqual([[1, 'hello'], [2, 'wörld "quoted"\nnewline']]);
    expect(second.append('ceremony-1', 'hello')).toEqual({ cursor: 1, duplicate: true });
    expect(second.append('ceremony-1', 'third')).toEqual({ cursor: 3, duplicate: false });

    const third = new BoardStore(dir, limits());
    expect(third.since('ceremony-1', 0, 1e6).items.map(([c]) => c)).toEqual([1, 2, 3]);
    expect(third.since('ceremony-2', 0, 1e6).items).toEqual([[1, 'other']]);
  });

  it('names session files by the SHA-256 of the session, with the session in a header line', () => {
    const dir = tempDir();
    const store = new BoardStore(dir, limits());
    store.append('../../etc/passwd', 'x');
    expect(readdirSync(join(dir, 'sessions'))).toEqual([`${createHash('sha256').update('../../etc/passwd').digest('hex')}.jsonl`]);
    expect(readFileSync(fileOf(dir, '../../etc/passwd'), 'utf8')).toBe('{"session":"../../etc/passwd"}\n"x"\n');
  });

  it('a torn last line is dropped on load and the file repaired, so later appends survive the next load', () => {
    const dir = tempDir();
    const first = new BoardStore(dir, limits());
    first.append('s', 'one');
    first.append('s', 'two');
    appendFileSync(fileOf(dir, 's'), '"thr'); // killed mid-write
    const second = new BoardStore(dir, limits());
    expect(second.since('s', 0, 1e6).items).toEqual([[1, 'one'], [2, 'two']]);
    expect(readFileSync(fileOf(dir, 's'), 'utf8')).toBe('{"session":"s"}\n"one"\n"two"\n');
    expect(second.append('s', 'three')).toEqual({ cursor: 3, duplicate: false });
    const third = new BoardStore(dir, limits());
    expect(third.since('s', 0, 1e6).items).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
  });

  it('a last line that is valid JSON but not a string counts as torn too', () => {
    const dir = tempDir();
    new BoardStore(dir, limits()).append('s', 'one');
    appendFileSync(fileOf(dir, 's'), '{"x":1}\n');
    const store = new BoardStore(dir, limits());
    expect(store.since('s', 0, 1e6).items).toEqual([[1, 'one']]);
    expect(readFileSync(fileOf(dir, 's'), 'utf8')).toBe('{"session":"s"}\n"one"\n');
  });

  it('ignores files that are not session logs, and replaces a bad board id', () => {
    const dir = tempDir();
    const first = new BoardStore(dir, limits());
    first.append('s', 'one');
    writeFileSync(join(dir, 'sessions', 'garbage.jsonl'), 'not json\n"x"\n');
    writeFileSync(join(dir, 'sessions', 'noheader.jsonl'), '{"other":1}\n"x"\n');
    writeFileSync(join(dir, 'sessions', 'notes.txt'), 'hello');
    const second = new BoardStore(dir, limits());
    expect(second.sessionCount).toBe(1);
    expect(second.messageCount).toBe(1);
    writeFileSync(join(dir, 'board-id'), 'not an id\n');
    const third = new BoardStore(dir, limits());
    expect(third.boardId).toMatch(/^[0-9a-f]{16}$/);
    expect(third.boardId).not.toBe(first.boardId);
    expect(readFileSync(join(dir, 'board-id'), 'utf8').trim()).toBe(third.boardId);
  });

  it('limits count what was loaded from disk', () => {
    const dir = tempDir();
    const first = new BoardStore(dir, limits());
    first.append('a', '12345');
    first.append('a', '67890');
    const second = new BoardStore(dir, limits({ maxSessionMessages: 2, maxSessions: 1, maxTotalBytes: 12 }));
    expect(second.bytes).toBe(10);
    expect(codeOf(() => second.append('a', 'x'))).toBe('BOARD_SESSION_FULL');
    expect(codeOf(() => second.append('b', 'x'))).toBe('BOARD_TOO_MANY_SESSIONS');
  });

  it('prune removes the session file; a session loaded from disk ages from its file time', () => {
    const dir = tempDir();
    let now = Date.now();
    const store = new BoardStore(dir, limits({ maxSessionAgeMs: 60_000 }), () => now);
    store.append('s', 'x');
    store.append('t', 'y');
    expect(existsSync(fileOf(dir, 's'))).toBe(true);
    now += 60_001;
    store.append('t', 'z');
    expect(store.prune()).toBe(1);
    expect(existsSync(fileOf(dir, 's'))).toBe(false);
    expect(existsSync(fileOf(dir, 't'))).toBe(true);

    // Reloaded: 't' was written a moment ago (real time), so it is young until the clock passes the age limit.
    let later = Date.now();
    const reloaded = new BoardStore(dir, limits({ maxSessionAgeMs: 60_000 }), () => later);
    expect(reloaded.sessionCount).toBe(1);
    expect(reloaded.since('t', 0, 1e6).items).toEqual([[1, 'y'], [2, 'z']]);
    expect(reloaded.prune()).toBe(0);
    later += 120_000;
    expect(reloaded.prune()).toBe(1);
    expect(readdirSync(join(dir, 'sessions'))).toEqual([]);
    expect(new BoardStore(dir, limits()).sessionCount).toBe(0);
  });
});

describe('BoardStore: each session kept as its protocol says', () => {
  const memoryPrefix = 'mem/';
  const keeping = (base: BoardStoreLimits) => (session: string) =>
    session.startsWith(memoryPrefix) ? { persist: false, limits: { ...base, maxSessionMessages: 2, maxMessageBytes: 10, maxSessionAgeMs: 1000 } } : { persist: true, limits: base };

  it('a memory-kept session writes no file and is gone after a restart; a disk-kept one survives', () => {
    const dir = tempDir();
    const base = limits();
    const store = new BoardStore(dir, base, Date.now, keeping(base));
    store.append('mem/a', 'one');
    store.append('disk', 'two');
    expect(existsSync(fileOf(dir, 'mem/a'))).toBe(false);
    expect(existsSync(fileOf(dir, 'disk'))).toBe(true);
    const again = new BoardStore(dir, base, Date.now, keeping(base));
    expect(again.head('mem/a')).toBe(0);
    expect(again.since('disk', 0, 1024).items).toEqual([[1, 'two']]);
  });

  it("a session's own limits apply to it alone", () => {
    const base = limits();
    const store = new BoardStore(undefined, base, Date.now, keeping(base));
    expect(codeOf(() => store.append('mem/a', 'x'.repeat(11)))).toBe('BOARD_MESSAGE_TOO_LARGE');
    store.append('mem/a', '1');
    store.append('mem/a', '2');
    expect(codeOf(() => store.append('mem/a', '3'))).toBe('BOARD_SESSION_FULL');
    for (let i = 0; i < 5; i++) store.append('other', 'x'.repeat(11) + i);
    expect(store.head('other')).toBe(5);
  });

  it('prune drops each session after its own age limit', () => {
    let now = 1_000_000;
    const base = limits();
    const store = new BoardStore(undefined, base, () => now, keeping(base));
    store.append('mem/a', 'brief');
    store.append('long', 'kept');
    now += 1001;
    expect(store.prune()).toBe(1);
    expect(store.head('mem/a')).toBe(0);
    expect(store.head('long')).toBe(1);
  });
});
