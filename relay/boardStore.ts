/**
 * The relay's board: per-session append-only message logs with content-addressed dedupe, bounded in size and age,
 * persisted to disk (one file per session, appended before a publication is acknowledged) so that a restart loses
 * nothing, or kept in memory only, as each session's protocol says (relay/acceptPolicy.ts). Cursors are 1-based
 * positions in a session's log and survive restarts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoardError } from '../src/ports/boardError.js';
import { utf8Length } from '../src/core/wire/frames.js';

export interface BoardStoreLimits {
  /** Largest message, UTF-8 bytes. */
  maxMessageBytes: number;
  /** Most messages one session may hold. */
  maxSessionMessages: number;
  /** Most bytes one session may hold. */
  maxSessionBytes: number;
  /** Most sessions held at once. */
  maxSessions: number;
  /** Most bytes held across all sessions. */
  maxTotalBytes: number;
  /** A session untouched for this long is dropped (ms). */
  maxSessionAgeMs: number;
}

/** The limits that may differ from one protocol's sessions to another's. */
export type SessionLimits = Pick<BoardStoreLimits, 'maxMessageBytes' | 'maxSessionMessages' | 'maxSessionBytes' | 'maxSessionAgeMs'>;

/** How one session is kept: on disk (when the store has a directory) or in memory only, and within which limits. */
export interface SessionKeeping {
  persist: boolean;
  limits: SessionLimits;
}

export const DEFAULT_STORE_LIMITS: BoardStoreLimits = {
  maxMessageBytes: 1024 * 1024,
  maxSessionMessages: 4096,
  maxSessionBytes: 32 * 1024 * 1024,
  maxSessions: 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxSessionAgeMs: 14 * 24 * 3600 * 1000,
};

interface Session {
  name: string;
  messages: string[];
  hashes: Map<string, number>;
  bytes: number;
  touched: number;
  file: string | undefined;
  limits: SessionLimits;
}

/** One accepted message, as announced to listeners. */
export interface Appended {
  session: string;
  cursor: number;
  data: string;
  /** Who handed it to us (a connection id), so a feed does not echo it back. */
  origin: string | undefined;
}

export interface AppendResult {
  cursor: number;
  duplicate: boolean;
}

const hashOf = (data: string) => createHash('sha256').update(data, 'utf8').digest('base64');

/**
 * The store. `dir` undefined keeps everything in memory (tests of the store alone). `keeping` says how each new
 * session is kept (default: on disk, within `limits`); `limits.maxSessions` and `maxTotalBytes` bound the whole store.
 */
export class BoardStore {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<(a: Appended) => void>();
  private totalBytes = 0;
  /** Identifies this store's history: cursors from another board id mean nothing here. */
  readonly boardId: string;

  constructor(
    private readonly dir: string | undefined,
    readonly limits: BoardStoreLimits,
    private readonly now: () => number = Date.now,
    private readonly keeping: (session: string) => SessionKeeping = () => ({ persist: true, limits }),
  ) {
    this.boardId = dir ? loadBoardId(dir) : randomBytes(8).toString('hex');
    if (dir) this.load(dir);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get messageCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.messages.length;
    return n;
  }

  /** Listen to every accepted (non-duplicate) message. Returns the remover. */
  onAppend(listener: (a: Appended) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The cursor of the last message of `session` (0 when empty or unknown). */
  head(session: string): number {
    return this.sessions.get(session)?.messages.length ?? 0;
  }

  /**
   * Append `data` to `session` unless it is already there. Throws a BoardError when a limit would be passed;
   * a duplicate is never an error.
   */
  append(session: string, data: string, origin?: string): AppendResult {
    const hash = hashOf(data);
    let s = this.sessions.get(session);
    const known = s?.hashes.get(hash);
    if (known !== undefined) return { cursor: known, duplicate: true };
    const size = utf8Length(data);
    const { limits } = this;
    const keeping = s ? undefined : this.keeping(session);
    const own = s?.limits ?? keeping!.limits;
    if (size > own.maxMessageBytes) throw new BoardError('BOARD_MESSAGE_TOO_LARGE', `message of ${size} bytes is over the limit of ${own.maxMessageBytes}`);
    if (!s && this.sessions.size >= limits.maxSessions) {
      this.prune();
      if (this.sessions.size >= limits.maxSessions) throw new BoardError('BOARD_TOO_MANY_SESSIONS', `the relay holds its maximum of ${limits.maxSessions} sessions`);
    }
    if (s && (s.messages.length >= own.maxSessionMessages || s.bytes + size > own.maxSessionBytes)) {
      throw new BoardError('BOARD_SESSION_FULL', 'this session has reached its size limit on the relay');
    }
    if (this.totalBytes + size > limits.maxTotalBytes) throw new BoardError('BOARD_SESSION_FULL', 'the relay has reached its storage limit');
    if (!s) {
      s = { name: session, messages: [], hashes: new Map(), bytes: 0, touched: this.now(), file: this.dir && keeping!.persist ? this.createFile(session) : undefined, limits: own };
      this.sessions.set(session, s);
    }
    // Durable before acknowledged: the line is written before anyone hears of the message.
    if (s.file) appendFileSync(s.file, JSON.stringify(data) + '\n');
    s.messages.push(data);
    const cursor = s.messages.length;
    s.hashes.set(hash, cursor);
    s.bytes += size;
    s.touched = this.now();
    this.totalBytes += size;
    const appended: Appended = { session, cursor, data, origin };
    for (const listener of this.listeners) listener(appended);
    return { cursor, duplicate: false };
  }

  /**
   * Messages of `session` after cursor `since`, at most `maxBytes` of text (always at least one message when any
   * is there), with `more` when the page was cut.
   */
  since(session: string, since: number, maxBytes: number): { items: [number, string][]; more: boolean; head: number } {
    const s = this.sessions.get(session);
    if (!s) return { items: [], more: false, head: 0 };
    const items: [number, string][] = [];
    let bytes = 0;
    for (let i = since; i < s.messages.length; i++) {
      const data = s.messages[i]!;
      bytes += data.length;
      if (items.length > 0 && bytes > maxBytes) return { items, more: true, head: s.messages.length };
      items.push([i + 1, data]);
    }
    return { items, more: false, head: s.messages.length };
  }

  /** Every message of every session, session by session in board order (for a feed to a peer relay). */
  *all(): Generator<{ session: string; data: string }> {
    for (const s of [...this.sessions.values()]) for (const data of [...s.messages]) yield { session: s.name, data };
  }

  /** Drop sessions untouched for longer than their age limit. Returns how many were dropped. */
  prune(): number {
    const now = this.now();
    let dropped = 0;
    for (const s of [...this.sessions.values()]) {
      if (s.touched >= now - s.limits.maxSessionAgeMs) continue;
      this.sessions.delete(s.name);
      this.totalBytes -= s.bytes;
      if (s.file) rmSync(s.file, { force: true });
      dropped++;
    }
    return dropped;
  }

  private createFile(session: string): string {
    const file = join(this.dir!, 'sessions', `${createHash('sha256').update(session).digest('hex')}.jsonl`);
    writeFileSync(file, JSON.stringify({ session }) + '\n', { flag: 'w' });
    return file;
  }

  private load(dir: string): void {
    const sessionsDir = join(dir, 'sessions');
    mkdirSync(sessionsDir, { recursive: true });
    for (const name of readdirSync(sessionsDir)) {
      if (!name.endsWith('.jsonl')) continue;
      const file = join(sessionsDir, name);
      const lines = readFileSync(file, 'utf8').split('\n');
      let header: unknown;
      try {
        header = JSON.parse(lines[0] ?? '');
      } catch {
        continue; // not ours or torn at creation: ignore
      }
      const session = (header as { session?: unknown }).session;
      if (typeof session !== 'string') continue;
      const s: Session = { name: session, messages: [], hashes: new Map(), bytes: 0, touched: statSync(file).mtimeMs, file, limits: this.keeping(session).limits };
      let torn = false;
      for (const line of lines.slice(1)) {
        if (!line) continue;
        let data: unknown;
        try {
          data = JSON.parse(line);
        } catch {
          data = undefined;
        }
        if (typeof data !== 'string') {
          torn = true; // a torn last line (killed mid-write): everything before it is intact
          break;
        }
        const hash = hashOf(data);
        if (s.hashes.has(hash)) continue;
        s.messages.push(data);
        s.hashes.set(hash, s.messages.length);
        s.bytes += utf8Length(data);
      }
      // Rewrite a torn file so that later appends do not land after the broken line.
      if (torn) writeFileSync(file, [JSON.stringify({ session }), ...s.messages.map((m) => JSON.stringify(m))].join('\n') + '\n');
      this.sessions.set(session, s);
      this.totalBytes += s.bytes;
    }
  }
}

function loadBoardId(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'board-id');
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{16}$/.test(id)) return id;
  }
  const id = randomBytes(8).toString('hex');
  const fd = openSync(file, 'w', 0o644);
  writeFileSync(fd, id + '\n');
  closeSync(fd);
  return id;
}
