/**
 * The file-system facade the file slashing store writes through (so a test can "crash" it at any write point), its
 * Node implementation, and the one-process-per-store lock file.
 */
import { mkdir, open as openFile, readFile, rename, truncate, unlink } from 'node:fs/promises';
import { SlashingStoreError } from '../../ports/slashingStore.js';

/** An open file of the facade. */
export interface SlashingFile {
  /** Write all of `data` at the end (append) or at the position (a fresh file). */
  write(data: Uint8Array): Promise<void>;
  /** fsync(2): the bytes written so far are on disk once it resolves. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file operations the store needs. Every method that changes the disk is a "write point" for crash tests. */
export interface SlashingFs {
  /** The file's bytes, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** 'a': append (creating); 'w': create or truncate; 'wx': create, failing with code EEXIST when it exists. */
  open(path: string, flags: 'a' | 'w' | 'wx'): Promise<SlashingFile>;
  rename(from: string, to: string): Promise<void>;
  truncate(path: string, length: number): Promise<void>;
  /** Remove a file; a missing one is no error. */
  unlink(path: string): Promise<void>;
  /** Create a folder and its parents (owner-only); an existing one is no error. */
  mkdir(dir: string): Promise<void>;
  /** fsync a directory, so a created, renamed or removed entry in it survives a crash. */
  syncDir(dir: string): Promise<void>;
  /** Whether process `pid` is alive on this machine (for a stale lock). */
  pidAlive(pid: number): boolean;
}

const errno = (e: unknown) => (e as { code?: string } | null)?.code;

/** The facade on node:fs/promises. */
export const nodeSlashingFs: SlashingFs = {
  readFile: async (path) => {
    try {
      return new Uint8Array(await readFile(path));
    } catch (e) {
      if (errno(e) === 'ENOENT') return undefined;
      throw e;
    }
  },
  open: async (path, flags) => {
    const h = await openFile(path, flags, 0o600);
    return {
      write: async (data) => {
        let done = 0;
        while (done < data.length) done += (await h.write(data, done, data.length - done)).bytesWritten;
      },
      sync: () => h.sync(),
      close: () => h.close(),
    };
  },
  rename: (from, to) => rename(from, to),
  truncate: (path, length) => truncate(path, length),
  unlink: async (path) => {
    try {
      await unlink(path);
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw e;
    }
  },
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  },
  syncDir: async (dir) => {
    const h = await openFile(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  },
  pidAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return errno(e) === 'EPERM';
    }
  },
};

/**
 * Take the lock file `lockPath` for this process: created exclusively (O_EXCL) holding our pid. A lock whose pid is
 * dead (a crashed runner) is taken over; a live one — another runner, or this process opening the store twice — is
 * refused with SLASHING_STORE_LOCKED. Returns the release function.
 */
export async function takeLock(fs: SlashingFs, lockPath: string, dir: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const f = await fs.open(lockPath, 'wx');
      try {
        await f.write(new TextEncoder().encode(`${process.pid}\n`));
        await f.sync();
      } finally {
        await f.close();
      }
      await fs.syncDir(dir);
      return () => fs.unlink(lockPath);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw unavailable(`cannot create the lock file ${lockPath}`, e);
    }
    const text = new TextDecoder().decode((await fs.readFile(lockPath)) ?? new Uint8Array());
    const pid = /^[1-9][0-9]*\n$/.test(text) ? Number(text.trim()) : NaN;
    if (Number.isFinite(pid) && fs.pidAlive(pid)) {
      throw new SlashingStoreError('SLASHING_STORE_LOCKED', `the slashing protection store is in use by process ${pid} (lock file ${lockPath}); one process per store`, { lockPath, pid });
    }
    if (!Number.isFinite(pid) && !/^[0-9]*$/.test(text)) {
      throw new SlashingStoreError('SLASHING_STORE_LOCKED', `the lock file ${lockPath} holds no process id; remove it by hand only if no runner uses the store`, { lockPath });
    }
    // A dead process's lock, or a torn one (digits without their newline: a crash before its fsync): take it over once.
    await fs.unlink(lockPath);
  }
  throw new SlashingStoreError('SLASHING_STORE_LOCKED', `another process took the lock ${lockPath} while this one was taking over a stale lock`, { lockPath });
}

/** SLASHING_STORE_UNAVAILABLE for a failed file operation, naming the cause. */
export function unavailable(what: string, cause: unknown): SlashingStoreError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new SlashingStoreError('SLASHING_STORE_UNAVAILABLE', `${what}: ${why}; nothing may be signed until the store is reopened`, { cause: why });
}
