/**
 * Whole ceremonies between real `sv ceremony join` processes over real `sv relay` processes on loopback: one
 * relay, two peered relays, a relay crashing and restarting, a participant crashing and resuming, and relays
 * withholding messages (SV_RELAY_TEST_WITHHOLD). Every participant must succeed with the same group key, and the
 * outputs must pass `sv transcript verify` and `sv deposit verify`.
 */
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSv } from '../cli.js';
import { startRelayProcess, type RelayOptions, type RelayProcess } from '../relayProcess.js';
import { createCeremony, killAllJoins, readOutputs, startJoin, waitAll, type Ceremony, type JoinOutputs, type JoinProcess } from '../ceremonyProcess.js';

const TEST_TIMEOUT = 180_000;
/** How long participants get to finish, from their start (sv startup is ~2 s each on a busy 2-core machine). */
const FINISH_MS = 150_000;

/** One test's processes and directory, all ended and removed when the test finishes (pass or fail). */
function scope() {
  const dir = mkdtempSync(join(tmpdir(), 'sv-ceremony-relay-'));
  const relays: RelayProcess[] = [];
  const joins: JoinProcess[] = [];
  onTestFinished(async () => {
    await Promise.all(joins.map((p) => p.kill()));
    await Promise.all(relays.map((r) => r.kill()));
    for (const r of relays) rmSync(r.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    async relay(options: RelayOptions = {}): Promise<RelayProcess> {
      const r = await startRelayProcess({ ...options, dataDir: options.dataDir ?? mkdtempSync(join(dir, 'relay-')) });
      relays.push(r);
      return r;
    },
    async restart(r: RelayProcess): Promise<RelayProcess> {
      const again = await r.restart();
      relays.push(again);
      return again;
    },
    ceremony: (n: number, options: { relays?: string[]; threshold?: number } = {}) => createCeremony(dir, n, options),
    /** Start participant `index`; `relays` overrides the definition's relays (--relay). */
    join(ceremony: Ceremony, index: number, relays: string[] = []): JoinProcess {
      const p = startJoin(ceremony, ceremony.operators[index - 1]!, relays);
      joins.push(p);
      return p;
    },
  };
}

afterAll(() => killAllJoins());

/** All exit 0 with the same group key, printed and in cluster-lock.json; the deposit is for that key. */
async function expectSameKey(participants: JoinProcess[]): Promise<JoinOutputs[]> {
  const exits = await waitAll(participants, FINISH_MS);
  exits.forEach((e, k) => expect(e, participants[k]!.transcript()).toEqual({ code: 0, signal: null }));
  const outputs = participants.map((p) => {
    expect(p.stdout(), p.transcript()).toMatch(/ceremony succeeded in \d+(\.\d+)? s/);
    return readOutputs(p);
  });
  const key = outputs[0]!.groupKey;
  expect(key).toMatch(/^0x[0-9a-f]{96}$/);
  outputs.forEach((o, k) => {
    expect(o.groupKey, participants[k]!.transcript()).toBe(key);
    expect(o.printedKey, participants[k]!.transcript()).toBe(key);
    const deposit = JSON.parse(readFileSync(o.depositData, 'utf8')) as { pubkey: string }[];
    expect(`0x${deposit[0]!.pubkey}`.toLowerCase()).toBe(key);
    expect(o.files).toEqual(expect.arrayContaining(['ceremony.json', 'cluster-lock.json', `keystore-0-${k + 1}.json`, 'slashing-protection.json']));
  });
  return outputs;
}

/** `sv transcript verify` and `sv deposit verify` on one participant's outputs. */
async function expectVerifies(o: JoinOutputs): Promise<void> {
  const [transcript, deposit] = await Promise.all([runSv(['transcript', 'verify', o.ceremonyJson]), runSv(['deposit', 'verify', o.depositData])]);
  expect(transcript.code, transcript.stdout + transcript.stderr).toBe(0);
  expect(transcript.stdout).toContain('VALID');
  expect(deposit.code, deposit.stdout + deposit.stderr).toBe(0);
  expect(deposit.stdout).toContain('1 of 1 deposit valid');
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('sv ceremony join over sv relay', () => {
  it('4 participants through one relay', { timeout: TEST_TIMEOUT }, async () => {
    const s = scope();
    const relay = await s.relay();
    const c = await s.ceremony(4, { relays: [relay.tcp] });
    // No --relay: each participant uses the relay named in the definition.
    const ps = range(4).map((i) => s.join(c, i));
    const outputs = await expectSameKey(ps);
    for (const p of ps) expect(p.stdout()).toMatch(/joining ".+" as operator \d of 4/);
    await Promise.all(outputs.map(expectVerifies));
  });

  it('7 participants through one relay (default threshold)', { timeout: TEST_TIMEOUT }, async () => {
    const s = scope();
    const relay = await s.relay();
    const c = await s.ceremony(7, { relays: [relay.tcp] });
    const ps = range(7).map((i) => s.join(c, i));
    const outputs = await expectSameKey(ps);
    expect(ps[0]!.stdout()).toContain('threshold 5');
    await expectVerifies(outputs[6]!);
  });

  it('4 participants split across two peered relays', { timeout: TEST_TIMEOUT }, async () => {
    const s = scope();
    const a = await s.relay();
    const b = await s.relay({ peers: [a.tcp] });
    const c = await s.ceremony(4, { relays: [a.tcp, b.tcp] });
    const ps = [s.join(c, 1, [a.tcp]), s.join(c, 2, [a.tcp]), s.join(c, 3, [b.tcp]), s.join(c, 4, [b.tcp])];
    const outputs = await expectSameKey(ps);
    await expectVerifies(outputs[2]!);
  });

  it('the relay crashes mid-ceremony (SIGKILL) and restarts: everyone reconnects and finishes', { timeout: TEST_TIMEOUT }, async () => {
    const s = scope();
    const relay = await s.relay();
    const c = await s.ceremony(4, { relays: [relay.tcp] });
    const ps = range(4).map((i) => s.join(c, i));
    await Promise.any(ps.map((p) => p.waitFor(/published our deal/)));
    await relay.kill();
    // Killed mid-ceremony: nobody had finished yet.
    for (const p of ps) expect(p.stdout(), p.transcript()).not.toContain('ceremony succeeded');
    await new Promise((r) => setTimeout(r, 1000));
    const again = await s.restart(relay);
    expect(again.tcp).toBe(relay.tcp);
    const outputs = await expectSameKey(ps);
    // They noticed: the relay was lost, then connected again.
    expect(ps.some((p) => /relays: .+ connecting/.test(p.stdout()))).toBe(true);
    await expectVerifies(outputs[0]!);
  });

  it('a participant is killed mid-ceremony (SIGKILL) and resumes with the same command', { timeout: TEST_TIMEOUT }, async () => {
    const s = scope();
    const relay = await s.relay();
    const c = await s.ceremony(4, { relays: [relay.tcp] });
    const ps = range(4).map((i) => s.join(c, i));
    await ps[3]!.waitFor(/published our deal/);
    const killed = await ps[3]!.kill();
    expect(killed.signal).toBe('SIGKILL');
    // The others cannot finish without participant 4's acknowledgement.
    for (const p of ps.slice(0, 3)) expect(p.stdout(), p.transcript()).not.toContain('ceremony succeeded');
    const resumed = s.join(c, 4);
    const outputs = await expectSameKey([...ps.slice(0, 3), resumed]);
    expect(resumed.stdout(), resumed.transcript()).toMatch(/resuming ".+" as operator 4 of 4/);
    await expectVerifies(outputs[3]!);
  });

  it('a relay that pushes nothing live to participant 2: it catches up from history', { timeout: TEST_TIMEOUT }, async () => {
    const s = scope();
    const relay = await s.relay({ env: { SV_RELAY_TEST_WITHHOLD: 'push:2' } });
    const c = await s.ceremony(4, { relays: [relay.tcp] });
    const ps = range(4).map((i) => s.join(c, i));
    const outputs = await expectSameKey(ps);
    await expectVerifies(outputs[1]!);
  });

  it('a relay that withholds everything from participant 2, who also uses a second relay', { timeout: TEST_TIMEOUT }, async () => {
    const s = scope();
    const a = await s.relay({ env: { SV_RELAY_TEST_WITHHOLD: 'all:2' } });
    const b = await s.relay({ peers: [a.tcp] });
    const c = await s.ceremony(4, { relays: [a.tcp, b.tcp] });
    const ps = [s.join(c, 1, [a.tcp]), s.join(c, 2, [a.tcp, b.tcp]), s.join(c, 3, [a.tcp]), s.join(c, 4, [b.tcp])];
    const outputs = await expectSameKey(ps);
    await expectVerifies(outputs[1]!);
  });
});
