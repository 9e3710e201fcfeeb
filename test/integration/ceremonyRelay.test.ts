/**
 * Whole ceremonies between real `sv ceremony join` processes over real `sv relay` processes on loopback: one
 * relay, two peered relays, a relay crashing and restarting, a participant crashing and resuming, and relays
 * withholding messages (SV_RELAY_TEST_WITHHOLD). Every participant must succeed with the same group key, and the
 * outputs must pass `sv transcript verify` and `sv deposit verify`.
 */
import { afterAll, describe, it, type ExpectStatic, type TestContext } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSv } from '../cli.js';
import { startRelayProcess, type RelayOptions, type RelayProcess } from '../relayProcess.js';
import { createCeremony, killAllJoins, readOutputs, startJoin, waitAll, type Ceremony, type JoinOutputs, type JoinProcess } from '../ceremonyProcess.js';
import { when, within } from '../helpers.js';

/** Generous: a test takes 40-60 s on an idle 2-core machine, up to 150 s when other work shares the cores. */
const TEST_TIMEOUT = 240_000;
/** Time kept at the end of a test for the verifiers and the cleanup, after waiting for participants to finish. */
const RESERVE_MS = 30_000;

/** One test's processes and directory, all ended and removed when the test finishes (pass, fail or timeout). */
function scope({ onTestFinished, onTestFailed }: TestContext) {
  const deadline = Date.now() + TEST_TIMEOUT - RESERVE_MS;
  const dir = mkdtempSync(join(tmpdir(), 'sv-ceremony-relay-'));
  const relays: RelayProcess[] = [];
  const starting = new Set<Promise<unknown>>();
  const joins: JoinProcess[] = [];
  /** Keep every relay started (or still starting when the test ends) so that cleanup can kill it. */
  const track = (start: Promise<RelayProcess>): Promise<RelayProcess> => {
    const tracked = start.then((r) => (relays.push(r), r));
    const settled = tracked.catch(() => undefined);
    starting.add(settled);
    void settled.then(() => starting.delete(settled));
    return tracked;
  };
  onTestFailed(() => {
    // The participants' transcripts are in the assertion messages; the relays' warnings go with them.
    for (const r of relays) {
      const notable = r.logs().split('\n').filter((l) => /"level":"(warn|error)"/.test(l));
      console.error(`relay ${r.tcp} (pid ${r.child.pid}): ${notable.length} warning(s)/error(s)${notable.length ? `, the last:\n${notable.slice(-30).join('\n')}` : ''}`);
    }
  });
  onTestFinished(async () => {
    await Promise.all(joins.map((p) => p.kill()));
    // A relay still starting is killed once it has started (or given up on after 30 s: then it is reported).
    await within(Promise.all(starting), 30_000, 'relays still starting at the end of the test').catch((e: Error) => console.error(e.message));
    await Promise.all(relays.map((r) => r.kill()));
    rmSync(dir, { recursive: true, force: true });
  });
  const api = {
    dir,
    /** Until when the test may wait for its participants (then they are killed and their output shown). */
    timeLeft: () => Math.max(deadline - Date.now(), 1000),
    /** A relay process, its data in this test's directory. */
    relay: (options: RelayOptions = {}) => track(startRelayProcess({ ...options, dataDir: options.dataDir ?? mkdtempSync(join(dir, 'relay-')) })),
    /** The same relay again: same ports, same data directory. */
    restart: (r: RelayProcess) => track(r.restart()),
    ceremony: (n: number, options: { relays?: string[]; threshold?: number } = {}) => createCeremony(dir, n, options),
    /** Start participant `index`; `relays` overrides the definition's relays (--relay). */
    join(ceremony: Ceremony, index: number, relays: string[] = []): JoinProcess {
      const p = startJoin(ceremony, ceremony.operators[index - 1]!, relays);
      joins.push(p);
      return p;
    },
    /** One relay, an `n`-operator ceremony naming it, and all `n` participants started without --relay. */
    async relayCeremony(n: number, options: RelayOptions = {}) {
      const relay = await api.relay(options);
      const c = await api.ceremony(n, { relays: [relay.tcp] });
      return { relay, c, ps: range(n).map((i) => api.join(c, i)) };
    },
  };
  return api;
}

afterAll(() => killAllJoins());

/** All exit 0 with the same group key, printed and in cluster-lock.json; the deposit is for that key. */
async function expectSameKey(expect: ExpectStatic, participants: JoinProcess[], timeoutMs: number): Promise<JoinOutputs[]> {
  const exits = await waitAll(participants, timeoutMs);
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
    // One ceremony, one public record: everyone's transcript, lock and deposit data are the very same bytes.
    expect(o.publicContents, participants[k]!.transcript()).toEqual(outputs[0]!.publicContents);
  });
  return outputs;
}

/** `sv transcript verify` and `sv deposit verify` on one participant's outputs. */
async function expectVerifies(expect: ExpectStatic, o: JoinOutputs): Promise<void> {
  const [transcript, deposit] = await Promise.all([runSv(['transcript', 'verify', o.ceremonyJson]), runSv(['deposit', 'verify', o.depositData])]);
  expect(transcript.code, transcript.stdout + transcript.stderr).toBe(0);
  expect(transcript.stdout).toContain('VALID');
  expect(deposit.code, deposit.stdout + deposit.stderr).toBe(0);
  expect(deposit.stdout).toContain('1 of 1 deposit valid');
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The relay announced its test-only withholding mode (its log is on stderr, which may arrive after "relay ready"). */
async function expectWithholding(expect: ExpectStatic, relay: RelayProcess, mode: string): Promise<void> {
  const stderr = relay.child.stderr!;
  await when(
    (changed) => (stderr.on('data', changed), () => stderr.off('data', changed)),
    () => relay.logs().includes('"test-mode"'),
    5000,
    `relay ${relay.tcp} logging its test-mode warning`,
  );
  const lines = relay.logs().split('\n').filter((l) => l.includes('"test-mode"'));
  expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([expect.objectContaining({ level: 'warn', event: 'test-mode', withhold: { sender: 2, mode } })]);
}

// Tests run two or three at a time (the tests of a group concurrently, the groups one after another): most of a
// test's time is `sv` processes starting up and waiting on each other, which overlaps well; all seven at once
// (35 processes on 2 cores) takes no less time in total and brings every test close to its timeout.
describe('sv ceremony join over sv relay', () => {
  describe('one relay', () => {
    it.concurrent('4 participants: all succeed with the same group key; the outputs verify', { timeout: TEST_TIMEOUT }, async (ctx) => {
      const { expect } = ctx;
      const s = scope(ctx);
      // No --relay: each participant uses the relay named in the definition.
      const { ps } = await s.relayCeremony(4);
      const outputs = await expectSameKey(expect, ps, s.timeLeft());
      ps.forEach((p, k) => expect(p.stdout()).toContain(`joining "4 operators, 1 validator" as operator ${k + 1} of 4`));
      // The public files are identical (checked above); verify them, as any participant or outsider would.
      await expectVerifies(expect, outputs[0]!);
    });

    it.concurrent('7 participants (default threshold 5)', { timeout: TEST_TIMEOUT }, async (ctx) => {
      const { expect } = ctx;
      const s = scope(ctx);
      const { ps } = await s.relayCeremony(7);
      const outputs = await expectSameKey(expect, ps, s.timeLeft());
      expect(ps[0]!.stdout()).toContain('threshold 5');
      await expectVerifies(expect, outputs[6]!);
    });
  });

  describe('two peered relays', () => {
    it.concurrent('4 participants split across them (1, 2 on A; 3, 4 on B)', { timeout: TEST_TIMEOUT }, async (ctx) => {
      const { expect } = ctx;
      const s = scope(ctx);
      const a = await s.relay();
      const b = await s.relay({ peers: [a.tcp] });
      const c = await s.ceremony(4, { relays: [a.tcp, b.tcp] });
      const ps = [s.join(c, 1, [a.tcp]), s.join(c, 2, [a.tcp]), s.join(c, 3, [b.tcp]), s.join(c, 4, [b.tcp])];
      const outputs = await expectSameKey(expect, ps, s.timeLeft());
      // Each participant talked to its one relay only.
      ps.forEach((p, k) => expect(p.stdout()).toMatch(new RegExp(`relays: ${(k < 2 ? a : b).tcp.split('/p2p/')[0]} connected\n`)));
      await expectVerifies(expect, outputs[2]!);
    });

    it.concurrent('relay A withholds everything from participant 2, who also uses relay B', { timeout: TEST_TIMEOUT }, async (ctx) => {
      const { expect } = ctx;
      const s = scope(ctx);
      const a = await s.relay({ env: { SV_RELAY_TEST_WITHHOLD: 'all:2' } });
      const b = await s.relay({ peers: [a.tcp] });
      await expectWithholding(expect, a, 'all');
      const c = await s.ceremony(4, { relays: [a.tcp, b.tcp] });
      const ps = [s.join(c, 1, [a.tcp]), s.join(c, 2, [a.tcp, b.tcp]), s.join(c, 3, [a.tcp]), s.join(c, 4, [b.tcp])];
      const outputs = await expectSameKey(expect, ps, s.timeLeft());
      await expectVerifies(expect, outputs[1]!);
    });
  });

  describe('failures: a relay crash, a participant crash, a withholding relay', () => {
    it.concurrent('the relay is killed (SIGKILL) mid-ceremony and restarted: everyone reconnects and finishes', { timeout: TEST_TIMEOUT }, async (ctx) => {
      const { expect } = ctx;
      const s = scope(ctx);
      const { relay, ps } = await s.relayCeremony(4);
      await Promise.any(ps.map((p) => p.waitFor(/published our deal/, s.timeLeft())));
      await relay.kill();
      // Killed mid-ceremony: someone still needed the relay.
      expect(ps.filter((p) => /^ {2}succeeded$/m.test(p.stdout())).length).toBeLessThan(4);
      // Until a participant reports the lost relay (a status other than "connected" after a "connected"): only then
      // is the restart a reconnection.
      const lost = /relays: \S+ connected\n[\s\S]*relays: \S+ (?!connected)\S/;
      await Promise.any(ps.map((p) => p.waitFor(lost, 30_000))).catch((e: AggregateError) => {
        throw new Error(`no participant reported the killed relay within 30 s:\n${e.errors.map((x: Error) => x.message).join('\n')}`);
      });
      const again = await s.restart(relay);
      expect(again.tcp).toBe(relay.tcp);
      const outputs = await expectSameKey(expect, ps, s.timeLeft());
      // At least one participant saw the relay go away, and came back to it.
      expect(ps.some((p) => /relays: \S+ connecting/.test(p.stdout())), ps.map((p) => p.transcript()).join('\n')).toBe(true);
      await expectVerifies(expect, outputs[0]!);
    });

    it.concurrent('participant 4 is killed (SIGKILL) after publishing its deal and resumes with the same command', { timeout: TEST_TIMEOUT }, async (ctx) => {
      const { expect } = ctx;
      const s = scope(ctx);
      const { c, ps } = await s.relayCeremony(4);
      await ps[3]!.waitFor(/published our deal/, s.timeLeft());
      const killed = await ps[3]!.kill();
      expect(killed.signal, ps[3]!.transcript()).toBe('SIGKILL');
      expect(ps[3]!.stdout()).not.toContain('ceremony succeeded');
      const resumed = s.join(c, 4);
      const outputs = await expectSameKey(expect, [...ps.slice(0, 3), resumed], s.timeLeft());
      expect(resumed.stdout(), resumed.transcript()).toContain('resuming "4 operators, 1 validator" as operator 4 of 4');
      await expectVerifies(expect, outputs[3]!);
    });

    it.concurrent('the relay pushes nothing live to participant 2: it catches up from history', { timeout: TEST_TIMEOUT }, async (ctx) => {
      const { expect } = ctx;
      const s = scope(ctx);
      const relay = await s.relay({ env: { SV_RELAY_TEST_WITHHOLD: 'push:2' } });
      await expectWithholding(expect, relay, 'push');
      const c = await s.ceremony(4, { relays: [relay.tcp] });
      const ps = range(4).map((i) => s.join(c, i));
      const outputs = await expectSameKey(expect, ps, s.timeLeft());
      await expectVerifies(expect, outputs[1]!);
    });
  });
});
