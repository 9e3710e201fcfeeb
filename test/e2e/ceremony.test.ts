// The whole browser flow, end to end: 4 isolated Chromium contexts open the join link of the production build,
// connect an injected EIP-6963 test wallet (the test process signs with each operator's private key), approve,
// run the DKG in a Web Worker over a real relay process, back up, and get the deposit data. Every participant's
// outputs verify with the real `sv transcript verify` and `sv deposit verify`; the group key is the same for all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { runSv } from '../cli.js';
import { KEYS, SHOTS, joinCeremony, newCeremony, openParticipant, startWebApp, type WebApp } from './ceremonyHelpers.js';

let app: WebApp;
let dir: string;
let relay: RelayProcess;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  relay = await startRelayProcess();
  app = await startWebApp('sv-e2e-ceremony-');
  dir = app.dir;
});

afterAll(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await app?.close();
  await relay?.stop();
});

async function participant(k: number, link: string): Promise<Page> {
  const context = await app.browser.newContext({ viewport: { width: 1100, height: 1000 }, acceptDownloads: true });
  contexts.push(context);
  const { page } = await openParticipant(context, k, link);
  await joinCeremony(page, { beforeApprove: async () => k === 0 && page.screenshot({ path: join(SHOTS, 'join-passphrase.png') }) });
  return page;
}

async function download(page: Page, testId: string, index = 0): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).nth(index).click()]);
  const path = join(dir, `${Math.random().toString(16).slice(2)}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

describe('a ceremony of 4 browsers over a real relay', () => {
  it('runs to success in every page; the outputs verify; the group key is the same for all', async () => {
    const { link } = newCeremony(app.url, relay);
    const pages = await Promise.all(KEYS.map((_, k) => participant(k, link)));
    await pages[0]!.screenshot({ path: join(SHOTS, 'ceremony-running.png') });
    // The ceremony finishes in every page: each moves on to the backup step.
    await Promise.all(pages.map((p) => p.getByTestId('backup-password').waitFor({ timeout: 240_000 })));
    const keys: string[] = [];
    for (const [k, page] of pages.entries()) {
      await page.getByTestId('backup-password').fill('keystore password 123');
      await page.getByTestId('backup-password-repeat').fill('keystore password 123');
      await page.getByTestId('prepare-backup').click();
      if (k === 0) await page.screenshot({ path: join(SHOTS, 'backup-preparing.png') });
    }
    for (const [k, page] of pages.entries()) {
      await page.getByTestId('backup-confirm').waitFor({ timeout: 120_000 });
      if (k === 0) await page.screenshot({ path: join(SHOTS, 'backup-files.png') });
      const names = await page.getByTestId('download').allTextContents();
      expect(names).toContain('ceremony.json');
      expect(names).toContain('cluster-lock.json');
      expect(names).toContain(`keystore-0-${k + 1}.json`);
      expect(names.some((n) => n.startsWith('deposit_data'))).toBe(false); // not before the backup is confirmed
      const ceremonyFile = await download(page, 'download', names.indexOf('ceremony.json'));
      await page.getByTestId('backup-confirm').check();
      await page.getByTestId('backup-done').click();
      keys.push((await page.getByTestId('group-key').first().textContent())!.trim());
      if (k === 0) await page.screenshot({ path: join(SHOTS, 'result.png') });
      const depositFile = await download(page, 'download-deposit');
      const transcript = await runSv(['transcript', 'verify', ceremonyFile]);
      expect(transcript.code, transcript.stdout + transcript.stderr).toBe(0);
      const deposit = await runSv(['deposit', 'verify', depositFile, '--network', 'devnet']);
      expect(deposit.code, deposit.stdout + deposit.stderr).toBe(0);
      expect(JSON.parse(readFileSync(depositFile, 'utf8'))[0].pubkey).toBe(keys[k]!.slice(2));
    }
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^0x[0-9a-f]{96}$/);
    // Each wait above has its own bound; on a loaded 2-core machine the whole can run several times its usual 40 s.
  }, 360_000);
});
