/**
 * The import worker of "My validators": reads and checks a backup, opens its keystore(s) (the slow KDF runs here,
 * with progress), stores the share(s) in IndexedDB sealed under this browser's passphrase (a namespace of their
 * own, AES-GCM like the ceremonies), lists them in the public registry, and re-assembles a runner bundle from
 * them; and checks a runner bundle (with its password, the slow KDF too) for "Check a backup". Decrypted shares
 * never leave this worker; one worker serves one import, one export or one check.
 */
/// <reference lib="webworker" />
import {
  BackupImportError,
  decryptImport,
  exportRunnerBundle,
  importedEntry,
  importNamespace,
  loadImport,
  prepareImport,
  refuseHeldShare,
  storeImport,
  summarizeImport,
  type DecryptedImport,
} from '../src/app/backup/index.js';
import { checkRunnerBundle, decodeRunnerBundle } from '../src/core/formats/index.js';
import { isSvError } from '../src/core/errors.js';
import { createIdbSecretStore, deleteIdbNamespace } from '../src/adapters/idb/index.js';
import { isSecretStoreError } from '../src/ports/secretStoreError.js';
import { findCeremony, saveCeremony } from './state/registry.js';
import type { FromImportWorker, ToImportWorker } from './importWorkerProtocol.js';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromImportWorker) => self.postMessage(m);
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const nowSeconds = () => Math.floor(Date.now() / 1000);
const progress = (what: string) => (fraction: number) => post({ type: 'progress', what, fraction });
const held = async (configHash: string, index: number) => (await findCeremony(configHash, index)) !== undefined;

/** What `read` opened, until it is stored (or the page terminates this worker). */
let opened: DecryptedImport | undefined;

function forget() {
  for (const s of opened?.shares ?? []) s.fill(0);
  opened = undefined;
}

/** Errors in words: ours carry their own; the store's wrong passphrase is said for this screen; anything else briefly. */
function fail(e: unknown) {
  if (e instanceof BackupImportError) return post({ type: 'error', code: e.code, message: e.message });
  if (isSecretStoreError(e, 'STORE_BAD_PASSWORD')) {
    return post({ type: 'error', code: e.code, message: 'This passphrase does not open the share in this browser: enter the passphrase you chose when you imported it.' });
  }
  const error = e as { code?: string; message?: string };
  post({ type: 'error', code: error.code ?? 'APP_UNEXPECTED', message: `Something went wrong: ${error.message ?? String(e)}` });
}

async function read(m: Extract<ToImportWorker, { type: 'read' }>) {
  forget();
  const candidate = await prepareImport(m.files, { now: nowSeconds(), alreadyHeld: held });
  const V = candidate.bundle.keystores.length;
  const report = progress(`Opening your keystore${V > 1 ? 's' : ''}`);
  report(0);
  opened = await decryptImport(candidate, m.password, { onProgress: report });
  post({ type: 'ready', summary: summarizeImport(candidate) });
}

async function store(passphrase: string) {
  if (!opened) throw new BackupImportError('IMPORT_NO_FILE', 'Choose the backup and open it first.');
  await refuseHeldShare(opened.candidate, held);
  const summary = summarizeImport(opened.candidate);
  const namespace = importNamespace(summary.configHash, summary.index);
  // Not listed, so anything left under this name is from an import whose listing was removed: start clean.
  await deleteIdbNamespace(namespace);
  progress('Encrypting the share for this browser')(0);
  const secrets = await createIdbSecretStore({ namespace, passphrase });
  const now = nowSeconds();
  try {
    await storeImport(secrets, opened, now);
  } finally {
    secrets.close();
  }
  await saveCeremony(importedEntry(opened.candidate, now));
  forget();
  post({ type: 'stored', summary });
}

async function exportBundle(m: Extract<ToImportWorker, { type: 'export' }>) {
  progress('Opening the share in this browser')(0);
  const secrets = await createIdbSecretStore({ namespace: m.namespace, passphrase: m.passphrase });
  let loaded;
  try {
    loaded = await loadImport(secrets);
  } finally {
    secrets.close();
  }
  const V = loaded.shares.length;
  const file = await exportRunnerBundle(loaded, { password: m.password, randomBytes, now: nowSeconds(), onProgress: progress(`Encrypting your key share${V > 1 ? 's' : ''}`) });
  post({ type: 'bundle', name: file.name, content: file.content });
}

/** Decode a runner bundle's text once and check it (with the password: decrypt each keystore too). */
async function checkBundle(m: Extract<ToImportWorker, { type: 'check' }>) {
  let bundle;
  try {
    bundle = decodeRunnerBundle(m.text);
  } catch (e) {
    if (!isSvError(e)) throw e;
    return post({ type: 'error', code: e.code, message: `Not a runner bundle: ${e.message}` });
  }
  if (m.password) progress('Opening the keystores')(0);
  const checks = await checkRunnerBundle(bundle, m.password ? { password: m.password } : {});
  post({ type: 'checks', checks });
}

self.onmessage = (event: MessageEvent<ToImportWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'read':
      read(m).catch(fail);
      return;
    case 'store':
      store(m.passphrase).catch(fail);
      return;
    case 'export':
      exportBundle(m).catch(fail);
      return;
    case 'check':
      checkBundle(m).catch(fail);
      return;
  }
};
