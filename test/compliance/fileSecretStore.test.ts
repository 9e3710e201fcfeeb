import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore } from '../../src/adapters/fs/fileSecretStore.js';
import { secretStoreCompliance } from './secretStore.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'sv-store-'));

secretStoreCompliance('file secret store', async () => {
  const dir = tempDir();
  return { store: await createFileSecretStore(dir, 'correct horse'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe('file secret store at rest', () => {
  it('reopens with the same password, refuses another, and keeps no plaintext on disk', async () => {
    const dir = tempDir();
    const secret = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);
    const store = await createFileSecretStore(dir, 'pw one');
    await store.put('ceremony/x/1/seed', secret);
    const reopened = await createFileSecretStore(dir, 'pw one');
    expect(Array.from((await reopened.get('ceremony/x/1/seed'))!)).toEqual(Array.from(secret));
    await expect(createFileSecretStore(dir, 'pw two')).rejects.toMatchObject({ code: 'STORE_BAD_PASSWORD' });
    const needle = Buffer.from(secret).toString('hex');
    for (const f of readdirSync(dir)) {
      const raw = readFileSync(join(dir, f));
      expect(raw.toString('hex')).not.toContain(needle);
      expect(raw.includes(Buffer.from(secret))).toBe(false);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects a swapped or altered value file', async () => {
    const dir = tempDir();
    const store = await createFileSecretStore(dir, 'pw');
    await store.put('a', Uint8Array.of(1));
    await store.put('b', Uint8Array.of(2));
    const [fa, fb] = readdirSync(dir).filter((f) => f.endsWith('.sealed')).sort();
    writeFileSync(join(dir, fa!), readFileSync(join(dir, fb!)));
    await expect(store.get('a')).rejects.toMatchObject({ code: 'STORE_BAD_FORMAT' });
    rmSync(dir, { recursive: true, force: true });
  });
});
