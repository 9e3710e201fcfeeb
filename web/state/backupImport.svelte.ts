/**
 * The page's handles on the import worker (web/importWorker.ts) for "My validators": `BackupImport` walks one
 * import (read and open the files → choose this browser's passphrase → stored and listed), `BundleExport`
 * re-assembles one runner bundle from an imported share, `BundleCheck` checks one runner bundle (with the password,
 * the keystores' slow KDF runs in the worker, not on the page). Each runs its own worker, ended when it is done, so
 * decrypted shares do not outlive the operation.
 */
import type { ImportSummary } from '../../src/app/backup/index.js';
import { MAX_RUNNER_BUNDLE_CHARS, type Check } from '../../src/core/formats/index.js';
export { requestPersistentStorage } from '../../src/adapters/idb/index.js';
import type { FromImportWorker, ToImportWorker } from '../importWorkerProtocol.js';

/** Progress of the slow steps (key derivation); fraction 0 while it has not reported yet. */
export interface Progress {
  what: string;
  fraction: number;
}

/** A worker whose messages go to `receive`, and whose crash is an error in words. */
function startWorker(receive: (m: FromImportWorker) => void): Worker {
  const worker = new Worker(new URL('../importWorker.ts', import.meta.url), { type: 'module', name: 'import' });
  worker.onmessage = (event: MessageEvent<FromImportWorker>) => receive(event.data);
  worker.onerror = (event) => receive({ type: 'error', code: 'APP_WORKER_STOPPED', message: `The import stopped unexpectedly${event.message ? `: ${event.message}` : ''}.` });
  return worker;
}

export type ImportStep = 'choose' | 'reading' | 'ready' | 'storing' | 'stored';

/** One import: `read` the chosen files with the keystore password, then `store` under this browser's passphrase. */
export class BackupImport {
  step: ImportStep = $state('choose');
  progress: Progress | undefined = $state();
  summary: ImportSummary | undefined = $state.raw();
  error = $state('');
  private worker: Worker | undefined;

  /** Read the files (as text, here) and let the worker check and open them. */
  async read(files: File[], password: string): Promise<void> {
    this.reset();
    const tooLarge = files.find((f) => f.size > 4 * MAX_RUNNER_BUNDLE_CHARS);
    if (tooLarge) {
      this.error = `${tooLarge.name} is too large to be a backup file.`;
      return;
    }
    this.step = 'reading';
    let texts: { name: string; text: string }[];
    try {
      texts = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    } catch {
      this.step = 'choose';
      this.error = 'A chosen file could not be read. Choose it again.';
      return;
    }
    this.worker = startWorker((m) => this.receive(m));
    this.send({ type: 'read', files: texts, password });
  }

  /** Store what was opened, sealed under `passphrase`, and list it. */
  store(passphrase: string): void {
    this.error = '';
    this.step = 'storing';
    this.send({ type: 'store', passphrase });
  }

  /** Drop the opened shares (the worker ends) and start over. */
  reset(): void {
    this.endWorker();
    this.step = 'choose';
    this.progress = undefined;
    this.summary = undefined;
    this.error = '';
  }

  private send(m: ToImportWorker): void {
    this.worker?.postMessage(m);
  }

  /** The worker ends with the opened shares in it. */
  private endWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private receive(m: FromImportWorker): void {
    switch (m.type) {
      case 'progress':
        this.progress = m.fraction >= 1 ? undefined : { what: m.what, fraction: m.fraction };
        return;
      case 'ready':
        this.progress = undefined;
        this.summary = m.summary;
        this.step = 'ready';
        return;
      case 'stored':
        this.progress = undefined;
        this.summary = m.summary;
        this.step = 'stored';
        this.endWorker();
        return;
      case 'error':
        this.progress = undefined;
        this.error = m.message;
        // A wrong passphrase can be typed again; anything else starts over from the files.
        if (this.step === 'storing' && m.code !== 'IMPORT_DUPLICATE') this.step = 'ready';
        else {
          this.step = 'choose';
          this.endWorker();
        }
        return;
    }
  }
}

/** One re-export of an imported share as a runner bundle. */
export class BundleExport {
  busy = $state(false);
  progress: Progress | undefined = $state();
  file: { name: string; content: string } | undefined = $state.raw();
  error = $state('');
  private worker: Worker | undefined;

  /** Open the share in `namespace` with this browser's `passphrase` and encrypt it under `password`. */
  start(namespace: string, passphrase: string, password: string): void {
    this.reset();
    this.busy = true;
    this.worker = startWorker((m) => this.receive(m));
    this.worker.postMessage({ type: 'export', namespace, passphrase, password } satisfies ToImportWorker);
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.busy = false;
    this.progress = undefined;
  }

  /** Stop, and forget the last bundle and error. */
  reset(): void {
    this.stop();
    this.file = undefined;
    this.error = '';
  }

  private receive(m: FromImportWorker): void {
    switch (m.type) {
      case 'progress':
        this.progress = m.fraction >= 1 ? undefined : { what: m.what, fraction: m.fraction };
        return;
      case 'bundle':
        this.file = { name: m.name, content: m.content };
        this.stop();
        return;
      case 'error':
        this.error = m.message;
        this.stop();
        return;
      default:
        return;
    }
  }
}

/** One check of a runner bundle ("Check a backup"): verdicts in words, or why the file is not a runner bundle. */
export class BundleCheck {
  busy = $state(false);
  progress: Progress | undefined = $state();
  checks: Check[] | undefined = $state.raw();
  error = $state('');
  private worker: Worker | undefined;

  /** Check the bundle's `text` (undefined: the file was too large to read); with `password`, decrypt its keystores too. */
  start(text: string | undefined, password: string): void {
    this.stop();
    this.checks = undefined;
    this.error = '';
    if (text === undefined) {
      this.error = 'This file is too large to be a runner bundle.';
      return;
    }
    this.busy = true;
    this.worker = startWorker((m) => this.receive(m));
    this.worker.postMessage({ type: 'check', text, ...(password ? { password } : {}) } satisfies ToImportWorker);
  }

  /** End the worker (a check under way is dropped). */
  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.busy = false;
    this.progress = undefined;
  }

  private receive(m: FromImportWorker): void {
    switch (m.type) {
      case 'progress':
        this.progress = m.fraction >= 1 ? undefined : { what: m.what, fraction: m.fraction };
        return;
      case 'checks':
        this.checks = m.checks;
        this.stop();
        return;
      case 'error':
        this.error = m.message;
        this.stop();
        return;
      default:
        return;
    }
  }
}

/** Read a chosen runner bundle's text here (undefined when it is too large to be one). */
export async function readBundleText(file: File): Promise<string | undefined> {
  return file.size > 8_000_000 ? undefined : file.text();
}
