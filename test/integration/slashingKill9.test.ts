// A real `kill -9`: a child Node process signs in a loop through the file slashing store, printing each request
// after its checkAndRecord resolved; the parent SIGKILLs it at random moments, restarts it on the same files
// (the dead child's lock is taken over), and at the end checks that every printed (acknowledged) record is still
// enforced: asking again is at most a repeat, and a conflicting request is refused.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSlashingStore } from '../../src/adapters/fs/index.js';
import type { SigningRequest } from '../../src/ports/slashingStore.js';

const CHILD = join(import.meta.dirname, 'slashingKill9Child.ts');
const GVR = new Uint8Array(32).fill(0x33);
interface Ack { pubkey: string; kind: 'block' | 'attestation'; slot?: string; source?: string; target?: string; root: string }

/** Run the child until it has acknowledged something, then SIGKILL it after a further `delayMs`; its acks. */
function runAndKill(dir: string, delayMs: number): Promise<{ acks: Ack[]; stderr: string; bugs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let armed = false;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!armed && out.includes('\nACK ')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') return reject(new Error(`the child ended by itself (code ${code}): ${stderr}`));
      const whole = out.slice(0, out.lastIndexOf('\n') + 1).split('\n');
      resolve({ acks: whole.filter((l) => l.startsWith('ACK ')).map((l) => JSON.parse(l.slice(4)) as Ack), stderr, bugs: whole.filter((l) => l.startsWith('BUG')).length });
    });
  });
}

const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const requestOf = (a: Ack, root: Uint8Array): SigningRequest =>
  a.kind === 'block' ? { kind: 'block', slot: BigInt(a.slot!), signingRoot: root } : { kind: 'attestation', sourceEpoch: BigInt(a.source!), targetEpoch: BigInt(a.target!), signingRoot: root };

describe('file slashing store: kill -9', () => {
  it('every record a killed process acknowledged is enforced after restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sv-slashing-kill9-'));
    const seed = Date.now();
    let state = seed;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    try {
      const acks: Ack[] = [];
      for (let round = 0; round < 4; round++) {
        const r = await runAndKill(dir, Math.floor(random() * 400));
        expect(r.bugs, `seed ${seed}: ${r.stderr}`).toBe(0);
        expect(r.acks.length, `seed ${seed} round ${round}: the child acknowledged something`).toBeGreaterThan(0);
        acks.push(...r.acks);
      }
      const store = await openFileSlashingStore({ dir, genesisValidatorsRoot: GVR });
      try {
        for (const a of acks) {
          const again = await store.checkAndRecord(bytes(a.pubkey), requestOf(a, bytes(a.root)));
          expect(again.recorded && !again.repeat, `seed ${seed}: ${JSON.stringify(a)} is not new after restart`).toBe(false);
          expect(await store.checkAndRecord(bytes(a.pubkey), requestOf(a, new Uint8Array(32).fill(0xee))), `seed ${seed}: nothing conflicting with ${JSON.stringify(a)}`).toMatchObject({ recorded: false });
        }
        console.log(`kill -9 (seed ${seed}): 4 kills, ${acks.length} acknowledged records, all enforced after restart`);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
