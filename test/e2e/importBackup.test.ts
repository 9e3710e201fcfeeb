// "My validators → Import a backup" in real headless Chromium on the production build, with real IndexedDB and
// WebCrypto: runner bundles and keystores made by the real `sv ceremony simulate` are imported through the page
// (a runner bundle, and a keystore with cluster-lock.json); a wrong password, a junk file and a second import of
// the same share are refused in words; the imports stay listed after a reload; IndexedDB holds no plaintext
// share; and the runner bundle downloaded again verifies in Node. Screenshots land in test-results/screens/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSPHRASE, SHOTS, startWebApp, type WebApp } from './ceremonyHelpers.js';
import { runSv } from '../cli.js';
import { PASSWORD } from '../ceremonyProcess.js';
import { checkRunnerBundle, decodeRunnerBundle } from '../../src/core/formats/index.js';
import { decryptKeystore } from '../../src/core/keystore/index.js';

const NEW_PASSWORD = 'a new keystore password';

let app: WebApp;
let page: Page;
let out: string;
/** Operator 2's and 3's plaintext shares of validator 0 (hex, no 0x), for looking for them at rest. */
const plain: Record<number, string> = {};
let configHash: string;
const errors: string[] = [];

const at = (...parts: string[]) => join(out, ...parts);

beforeAll(async () => {
  app = await startWebApp('sv-e2e-import-');
  out = join(app.dir, 'sim');
  writeFileSync(join(app.dir, 'password.txt'), `${PASSWORD}\n`);
  const sim = await runSv(['ceremony', 'simulate', '--n', '4', '--network', 'holesky', '--withdrawal-address', '0x5555555555555555555555555555555555555555', '--out', out, '--password-file', join(app.dir, 'password.txt'), '--kdf', 'pbkdf2']);
  expect(sim.code, sim.stdout + sim.stderr).toBe(0);
  for (const i of [2, 3]) plain[i] = Buffer.from(await decryptKeystore(JSON.parse(readFileSync(at(String(i), `keystore-0-${i}.json`), 'utf8')), PASSWORD)).toString('hex');
  configHash = (JSON.parse(readFileSync(at('cluster-lock.json'), 'utf8')).configHash as string).slice(2);
  page = await app.browser.newPage({ viewport: { width: 1100, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.url);
  await myValidators();
}, 300_000);

afterAll(async () => {
  await app?.close();
});

async function myValidators() {
  await page.getByRole('navigation').getByRole('button', { name: 'My validators' }).click();
  await page.getByRole('heading', { name: 'Import a backup' }).waitFor();
}

/** Choose `files` and the keystore password, and press "Check and open". */
async function openBackup(files: (string | { name: string; mimeType: string; buffer: Buffer })[], password: string) {
  await page.getByTestId('import-files').setInputFiles(files as string[]);
  await page.getByTestId('import-password').fill(password);
  await page.getByTestId('import-read').click();
}

async function importError(): Promise<string> {
  return (await page.getByTestId('import-error').textContent())!.trim();
}

/** The raw contents of this origin's IndexedDB databases and localStorage, as the page sees them. */
async function rawStorage() {
  return page.evaluate(async () => {
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const dump = (db: IDBDatabase, store: string) =>
      new Promise<[IDBValidKey, unknown][]>((resolve, reject) => {
        const tx = db.transaction(store);
        const keys = tx.objectStore(store).getAllKeys();
        const values = tx.objectStore(store).getAll();
        tx.oncomplete = () => resolve(keys.result.map((k, i) => [k, values.result[i]]));
        tx.onerror = () => reject(tx.error);
      });
    const bytesOf = (v: unknown): number[] => (v instanceof Uint8Array ? Array.from(v) : []);
    const secrets = await open('shared-validator');
    const records = (await dump(secrets, 'records')).map(([k, v]) => ({ key: k as [string, string], bytes: bytesOf(v), type: Object.prototype.toString.call(v) }));
    const meta = (await dump(secrets, 'meta')).map(([k, v]) => ({ key: k as string, json: JSON.stringify(v, (_, x) => (x instanceof Uint8Array ? Array.from(x) : x)) }));
    secrets.close();
    const registry = await open('shared-validator-registry');
    const listed = (await dump(registry, 'ceremonies')).map(([, v]) => v as Record<string, unknown>);
    registry.close();
    return { records, meta, listed, localStorage: JSON.stringify({ ...localStorage }) };
  });
}

/** True when `needle` occurs in `hay` as consecutive bytes. */
function containsBytes(hay: number[], needle: Buffer): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

describe('My validators → Import a backup', () => {
  it('refuses a junk file and a wrong password in words', async () => {
    await page.getByText('This browser holds no ceremony yet').waitFor();
    await openBackup([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('my keystore password is hunter2') }], 'whatever');
    expect(await importError()).toMatch(/^notes\.txt is not a backup file: it is not JSON\. Choose a runner bundle/);

    await openBackup([at('2', 'runner-bundle-2.json')], 'not the password');
    await page.getByTestId('import-error').filter({ hasText: 'Wrong password' }).waitFor({ timeout: 60_000 });
    expect(await importError()).toBe('Wrong password: the keystore of validator 0 in runner-bundle-2.json does not open with it.');
    expect(await page.getByTestId('saved-ceremony').count()).toBe(0);
  });

  it('imports a runner bundle: opened with progress, stored under a passphrase, listed', async () => {
    await openBackup([at('2', 'runner-bundle-2.json')], PASSWORD);
    await page.getByTestId('progress').filter({ hasText: 'Opening your keystore' }).waitFor({ timeout: 10_000 });
    const summary = page.getByTestId('import-summary');
    await summary.filter({ hasText: 'It checks out' }).waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(/operator 2 of 4 in\s+“4 operators, 1 validator” on holesky \(any 3 of the 4 operators sign\)/);
    await page.getByTestId('import-passphrase').fill(PASSPHRASE);
    await page.getByTestId('import-passphrase-repeat').fill(PASSPHRASE);
    await page.screenshot({ path: join(SHOTS, 'import-backup.png'), fullPage: true });
    await page.getByTestId('import-store').click();
    await summary.filter({ hasText: 'Imported' }).waitFor({ timeout: 30_000 });
    const row = page.getByTestId('saved-ceremony');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().getAttribute('data-phase')).toBe('imported');
    expect(await row.first().textContent()).toMatch(/^4 operators, 1 validator\s*holesky · you are operator 2\s*imported\s*0x/);
  });

  it('imports a keystore with cluster-lock.json (ceremony.json beside them is set aside)', async () => {
    await page.getByTestId('import-another').click();
    await openBackup([at('3', 'keystore-0-3.json'), at('cluster-lock.json'), at('ceremony.json')], PASSWORD);
    const summary = page.getByTestId('import-summary');
    await summary.filter({ hasText: 'It checks out' }).waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(/Not needed: ceremony\.json \(ceremony record\)/);
    await page.getByTestId('import-passphrase').fill(`${PASSPHRASE} 3`);
    await page.getByTestId('import-passphrase-repeat').fill(`${PASSPHRASE} 3`);
    await page.getByTestId('import-store').click();
    await summary.filter({ hasText: 'Imported' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('saved-ceremony').count()).toBe(2);
  });

  it('says a share is already there when it is imported twice', async () => {
    await page.getByTestId('import-another').click();
    await openBackup([at('2', 'runner-bundle-2.json')], PASSWORD);
    await page.getByTestId('import-error').waitFor({ timeout: 30_000 });
    expect(await importError()).toBe('This browser already holds this share (operator 2 of "4 operators, 1 validator"): it is in the list above.');
    expect(await page.getByTestId('saved-ceremony').count()).toBe(2);
  });

  it('keeps the imports after a reload, and IndexedDB holds no plaintext share', async () => {
    await page.reload();
    await myValidators();
    await expect.poll(() => page.getByTestId('saved-ceremony').count()).toBe(2);
    expect(await page.getByTestId('saved-ceremony').allTextContents()).toEqual([expect.stringContaining('operator 3'), expect.stringContaining('operator 2')]);

    const raw = await rawStorage();
    const ns = (i: number) => `imported-${configHash}-${i}`;
    expect(raw.records.map((r) => r.key).sort()).toEqual([[ns(2), 'imported'], [ns(2), 'share/0'], [ns(3), 'imported'], [ns(3), 'share/0']]);
    expect(raw.records.every((r) => r.type === '[object Uint8Array]' && r.bytes.length > 28)).toBe(true);
    expect(raw.meta.map((m) => m.key).sort()).toEqual([ns(2), ns(3)]);
    for (const i of [2, 3]) {
      const share = Buffer.from(plain[i]!, 'hex');
      for (const r of raw.records) expect(containsBytes(r.bytes, share), `${r.key.join('/')} holds share ${i}`).toBe(false);
      expect(raw.meta.map((m) => m.json).join()).not.toContain(plain[i]);
      expect(JSON.stringify(raw.listed)).not.toContain(plain[i]);
      expect(raw.localStorage).not.toContain(plain[i]);
      // A share record is iv ‖ AES-GCM(32 bytes) ‖ tag.
      expect(raw.records.find((r) => r.key[0] === ns(i) && r.key[1] === 'share/0')!.bytes).toHaveLength(12 + 32 + 16);
    }
    expect(raw.listed.map((e) => ({ id: e.id, phase: e.phase, backedUp: e.backedUp, imported: e.imported }))).toEqual(
      expect.arrayContaining([2, 3].map((i) => ({ id: `${configHash}-${i}`, phase: 'imported', backedUp: true, imported: { namespace: ns(i), source: i === 2 ? 'runner-bundle' : 'backup-files', importedAt: expect.any(Number) } }))),
    );
    expect(raw.localStorage).toBe('{}');
  });

  it('downloads the runner bundle again under a new keystore password; it verifies in Node', async () => {
    const row = page.getByTestId('saved-ceremony').filter({ hasText: 'operator 2' });
    await row.getByTestId('export-open').click();
    await page.getByTestId('export-passphrase').fill('not this browser\'s passphrase');
    await page.getByTestId('export-password').fill(NEW_PASSWORD);
    await page.getByTestId('export-password-repeat').fill(NEW_PASSWORD);
    await page.getByTestId('export-start').click();
    await page.getByTestId('export-error').waitFor({ timeout: 30_000 });
    expect((await page.getByTestId('export-error').textContent())!.trim()).toBe('This passphrase does not open the share in this browser: enter the passphrase you chose when you imported it.');

    await page.getByTestId('export-passphrase').fill(PASSPHRASE);
    await page.getByTestId('export-password').fill(NEW_PASSWORD);
    await page.getByTestId('export-password-repeat').fill(NEW_PASSWORD);
    await page.screenshot({ path: join(SHOTS, 'import-backup-export.png'), fullPage: true });
    await page.getByTestId('export-start').click();
    await page.getByTestId('progress').filter({ hasText: 'Encrypting your key share' }).waitFor({ timeout: 30_000 });
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, 'import-backup-listed.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('runner-bundle-2.json');
    const text = readFileSync((await download.path())!, 'utf8');

    const bundle = decodeRunnerBundle(text);
    const original = decodeRunnerBundle(readFileSync(at('2', 'runner-bundle-2.json'), 'utf8'));
    expect(bundle.manifest).toEqual(original.manifest);
    expect(bundle.clusterLock).toEqual(original.clusterLock);
    expect(bundle.slashingProtection).toEqual(original.slashingProtection);
    expect(bundle.keystores[0]!.crypto.kdf.function).toBe('scrypt');
    const checks = await checkRunnerBundle(bundle, { password: NEW_PASSWORD });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toContain('keystore-password');
    expect(Buffer.from(await decryptKeystore(bundle.keystores[0], NEW_PASSWORD)).toString('hex')).toBe(plain[2]);
  });

  it('checks a runner bundle in the import worker: every verdict, a wrong password per keystore, junk in words', async () => {
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.getByTestId('check-password').fill(PASSWORD);
    await page.getByTestId('check-file').setInputFiles(at('3', 'runner-bundle-3.json'));
    const checks = page.getByTestId('checks').locator('li');
    await expect.poll(() => checks.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const lines = await checks.allTextContents();
    expect(lines.filter((l) => !l.startsWith('✓'))).toEqual([]);
    expect(lines.some((l) => /opens with the password and holds the secret of share 3/.test(l))).toBe(true);
    // The KDF ran in a worker of its own (the page stays responsive), not on the page.
    expect(workers.some((u) => /importWorker/.test(u))).toBe(true);

    await page.getByTestId('check-password').fill('not the password');
    await page.getByTestId('check-again').click();
    await expect.poll(async () => (await checks.allTextContents()).filter((l) => l.startsWith('✗')).length, { timeout: 60_000 }).toBe(1);
    expect((await checks.allTextContents()).find((l) => l.startsWith('✗'))).toMatch(/validator 0: wrong password/);

    await page.getByTestId('check-file').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "sv-runner-bundle/1"}') });
    await page.getByTestId('check-error').waitFor({ timeout: 30_000 });
    expect((await page.getByTestId('check-error').textContent())!.trim()).toMatch(/^Not a runner bundle: bundle\.createdAt: missing/);
    await page.screenshot({ path: join(SHOTS, 'import-backup-check.png'), fullPage: true });
  });

  it('deletes an import with its encrypted records', async () => {
    const row = page.getByTestId('saved-ceremony').filter({ hasText: 'operator 3' });
    await row.getByRole('button', { name: 'Delete…' }).click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => page.getByTestId('saved-ceremony').count()).toBe(1);
    const raw = await rawStorage();
    expect(raw.records.map((r) => r.key[0])).not.toContain(`imported-${configHash}-3`);
    expect(raw.meta.map((m) => m.key)).toEqual([`imported-${configHash}-2`]);
    expect(errors).toEqual([]);
  });
});
