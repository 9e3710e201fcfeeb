/**
 * Messages between "My validators" and the import worker (web/importWorker.ts), which reads and decrypts a backup,
 * stores the share(s) encrypted in IndexedDB, re-exports a runner bundle, and checks a runner bundle. Decrypted
 * shares stay in the worker; only public summaries, verdicts and the (encrypted) bundle come back.
 */
import type { ImportSummary } from '../src/app/backup/index.js';
import type { Check } from '../src/core/formats/index.js';

/** Page → worker. */
export type ToImportWorker =
  /** Read and check the files, then open the keystore(s) with `password`: answered by `ready` (or `error`). */
  | { type: 'read'; files: { name: string; text: string }[]; password: string }
  /** Store what `read` opened, encrypted under this browser's `passphrase`, and list it: answered by `stored`. */
  | { type: 'store'; passphrase: string }
  /** Re-assemble the runner bundle of the import in `namespace`, its keystores under `password`: `bundle`. */
  | { type: 'export'; namespace: string; passphrase: string; password: string }
  /** Check a runner bundle's text (with `password`, also decrypt its keystores): answered by `checks`. */
  | { type: 'check'; text: string; password?: string };

/** Worker → page. */
export type FromImportWorker =
  | { type: 'progress'; what: string; fraction: number }
  | { type: 'ready'; summary: ImportSummary }
  | { type: 'stored'; summary: ImportSummary }
  | { type: 'bundle'; name: string; content: string }
  | { type: 'checks'; checks: Check[] }
  | { type: 'error'; code: string; message: string };
