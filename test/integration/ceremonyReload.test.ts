/**
 * A reloaded tab in every round (PROTOCOL.md §8, §9): participant 2 is stopped right after it publishes round r
 * and restarted from what it had persisted (a new SecretStore from the old one's snapshot, a new board endpoint
 * with the same name). The ceremony must succeed, and participant 2 must never have published two different texts
 * for one round (byte-identical republish, never fresh randomness). Also: a crash between persist and publish.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  createMemoryBoardNetwork,
  createMemorySecretStore,
  type MemoryBoardNetwork,
  type MemorySecretStore,
  type MemorySecretStoreSnapshot,
} from '../../src/adapters/memory/index.js';
import { createLocalWallet, type LocalWallet } from '../../src/adapters/chain/localWallet.js';
import { runCeremony } from '../../src/app/runCeremony.js';
import { sessionOf } from '../helpers.js';
import type { Board } from '../../src/ports/board.js';
import { ceremonyFile, verifyTranscript, type CeremonyDefinition, type CeremonyState } from '../../src/core/dkg/index.js';
import { toHex0x } from '../../src/core/wire/fields.js';
import { makeDefinition, operatorFromKey } from '../dkgHarness.js';
import { quietFor, seededBytes, when, within } from '../helpers.js';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { withHash } from '../../src/core/dkg/definition.js';

const N = 4;
const RELOADED = 2;
/** The runs' tick (catch-up and deadline checks). */
const TICK_MS = 100;
const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
const name = (i: number) => `participant-${i}`;
/** A restored participant must take its seed from the store: drawing fresh randomness is a failure. */
const noRandomness = (): Uint8Array => {
  throw new Error('a restored participant drew fresh randomness');
};

function setup(label: string) {
  const keys = Array.from({ length: N }, (_, k) => seededBytes(`ceremonyReload/${label}/wallet/${k}`)(32));
  const wallets = keys.map((k) => createLocalWallet(toHex0x(k)));
  const definition = makeDefinition(
    keys.map((k) => operatorFromKey(k)),
    { now: Math.floor(Date.now() / 1000) },
  );
  const net = createMemoryBoardNetwork();
  const stores = Array.from({ length: N }, () => createMemorySecretStore());
  return { wallets, definition, net, stores, session: sessionOf(definition) };
}

/** Records every text published through it. */
function recording(inner: Board, log: string[]): Board {
  return { ...inner, publish: async (s, d) => (log.push(d), inner.publish(s, d)) };
}

function start(
  opts: { definition: CeremonyDefinition; wallet: LocalWallet; index: number; board: Board; store: MemorySecretStore; signal?: AbortSignal },
  extra: { randomBytes?: (k: number) => Uint8Array; onUpdate?: Parameters<typeof runCeremony>[0]['onUpdate'] } = {},
): Promise<CeremonyState> {
  return runCeremony({
    board: opts.board,
    store: opts.store,
    definition: withHash(opts.definition),
    index: opts.index,
    randomBytes: extra.randomBytes ?? randomBytes,
    signApproval: (typed) => opts.wallet.signTypedData(typed),
    clock: createSystemClock(),
    tickMs: TICK_MS,
    catchUpEvery: 3,
    signal: opts.signal,
    onUpdate: extra.onUpdate,
  });
}

/** Every text on the board, grouped by (round, sender). */
async function boardTexts(net: MemoryBoardNetwork, session: string) {
  const out = new Map<string, Set<string>>();
  for (const m of await net.endpoint('observer').history(session)) {
    const env = JSON.parse(m.data) as { round: number; sender: number };
    const key = `${env.round}/${env.sender}`;
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(m.data);
  }
  return out;
}

function expectSuccess(states: CeremonyState[]) {
  for (const s of states) expect(s.phase, JSON.stringify(s.abort)).toBe('succeeded');
  expect(new Set(states.map((s) => s.result!.validators[0]!.publicKey)).size).toBe(1);
  const file = JSON.parse(JSON.stringify(ceremonyFile(states[0]!)));
  expect(verifyTranscript(file, { randomBytes })).toEqual({ valid: true, status: 'success', problems: [] });
}

/** No two different texts for one round from one sender: in what it published and on the board. */
async function expectNoEquivocation(published: string[], net: MemoryBoardNetwork, session: string, sender: number) {
  const byRound = new Map<number, Set<string>>();
  for (const text of published) {
    const env = JSON.parse(text) as { round: number; sender: number };
    expect(env.sender).toBe(sender);
    if (!byRound.has(env.round)) byRound.set(env.round, new Set());
    byRound.get(env.round)!.add(text);
  }
  for (const [round, texts] of byRound) expect(texts.size, `participant ${sender} published ${texts.size} different texts for round ${round}`).toBe(1);
  expect([...byRound.keys()].sort()).toEqual([0, 1, 2, 3]);
  const onBoard = await boardTexts(net, session);
  for (let round = 0; round < 4; round++) {
    for (let i = 1; i <= N; i++) expect(onBoard.get(`${round}/${i}`)?.size, `round ${round} sender ${i}`).toBe(1);
  }
}

describe('reload in every round', () => {
  it.each([0, 1, 2, 3])('participant 2 stopped right after publishing round %i resumes from its snapshot', async (r) => {
    const { wallets, definition, net, stores, session } = setup(`reload-${r}`);
    const others = [1, 3, 4].map((i) =>
      start({ definition, wallet: wallets[i - 1]!, index: i, board: net.endpoint(name(i)), store: stores[i - 1]! }),
    );
    const published: string[] = [];
    const controller = new AbortController();
    const oldEndpoint = net.endpoint(name(RELOADED));
    const oldStore = stores[RELOADED - 1]!;
    let snapshot: MemorySecretStoreSnapshot | undefined;
    let writesAfterStop = 0;
    let publishesAfterStop = 0;
    // The "tab": after the stop it is dead; anything it still tries to persist or publish is counted and lost.
    const tabBoard: Board = {
      ...oldEndpoint,
      publish: async (s, d) => {
        if (controller.signal.aborted) {
          publishesAfterStop++;
          throw new Error('the tab is closed');
        }
        published.push(d);
        return oldEndpoint.publish(s, d);
      },
    };
    const tabStore: MemorySecretStore = {
      ...oldStore,
      put: async (k, v) => {
        if (controller.signal.aborted) {
          writesAfterStop++;
          return;
        }
        return oldStore.put(k, v);
      },
    };
    const first = start(
      { definition, wallet: wallets[RELOADED - 1]!, index: RELOADED, board: tabBoard, store: tabStore, signal: controller.signal },
      {
        onUpdate: (_state, notices) => {
          if (snapshot || !notices.some((n) => n.kind === 'published' && n.round === r)) return;
          snapshot = oldStore.snapshot(); // what the closed tab left behind (persisted, then published)
          controller.abort();
          void oldEndpoint.close();
        },
      },
    );
    await expect(first).rejects.toThrow(/stopped/);
    expect(snapshot, 'participant 2 never published round ' + r).toBeDefined();
    const restored = createMemorySecretStore(snapshot);
    const second = start(
      { definition, wallet: wallets[RELOADED - 1]!, index: RELOADED, board: recording(net.endpoint(name(RELOADED)), published), store: restored },
      { randomBytes: noRandomness },
    );
    const [s1, s3, s4] = await Promise.all(others);
    const s2 = await second;
    expectSuccess([s1!, s2, s3!, s4!]);
    await expectNoEquivocation(published, net, session, RELOADED);
    // A closed tab does nothing more (reported, see the test below).
    console.log(`reload after round ${r}: writes after stop ${writesAfterStop}, publishes after stop ${publishesAfterStop}`);
  });

});

describe('stopping runCeremony (signal)', () => {
  /** Wait until the board holds messages of `round` from every one of `senders` (as an observer sees them arrive). */
  function waitFor(net: MemoryBoardNetwork, session: string, round: number, senders: number[], ms = 60_000): Promise<void> {
    const observer = net.endpoint('observer');
    const seen = new Set<number>();
    const note = (data: string) => {
      const env = JSON.parse(data) as { round: number; sender: number };
      if (env.round === round) seen.add(env.sender);
    };
    return when(
      (changed) => {
        const unsubscribe = observer.subscribe(session, (m) => (note(m.data), changed()));
        void observer.history(session).then((h) => (h.forEach((m) => note(m.data)), changed()));
        return unsubscribe;
      },
      () => senders.every((i) => seen.has(i)),
      ms,
      `round ${round} from participants ${senders.join(', ')} on the board`,
    );
  }

  it('a stopped participant neither persists nor publishes anything more', async () => {
    const { wallets, definition, net, stores, session } = setup('zombie');
    const store = stores[RELOADED - 1]!;
    const signApproval = wallets[RELOADED - 1]!;
    // 1. Participant 2 approves, then its tab is closed.
    const first = new AbortController();
    const a = start(
      { definition, wallet: signApproval, index: RELOADED, board: net.endpoint(name(RELOADED)), store, signal: first.signal },
      { onUpdate: (_s, notices) => void (notices.some((n) => n.kind === 'published' && n.round === 0) && first.abort()) },
    );
    await expect(a).rejects.toThrow(/stopped/);
    const afterApproval = store.snapshot();
    // 2. The others approve and deal meanwhile.
    const others = [1, 3, 4].map((i) =>
      start({ definition, wallet: wallets[i - 1]!, index: i, board: net.endpoint(name(i)), store: stores[i - 1]! }),
    );
    await waitFor(net, session, 1, [1, 3, 4]);
    // 3. Participant 2 reopens and catches up from history; it is stopped as soon as it has published its deal.
    const second = new AbortController();
    const late: string[] = [];
    const reopened = createMemorySecretStore(afterApproval);
    const endpoint = net.endpoint(name(RELOADED));
    const board: Board = { ...endpoint, publish: async (s, d) => (second.signal.aborted && late.push(`publish round ${JSON.parse(d).round}`), endpoint.publish(s, d)) };
    const tracked: MemorySecretStore = { ...reopened, put: async (k, v) => (second.signal.aborted && late.push(`put ${k}`), reopened.put(k, v)) };
    const b = start(
      { definition, wallet: signApproval, index: RELOADED, board, store: tracked, signal: second.signal },
      { randomBytes: noRandomness, onUpdate: (_s, notices) => void (notices.some((n) => n.kind === 'published' && n.round === 1) && second.abort()) },
    );
    await expect(b).rejects.toThrow(/stopped/);
    // What a still-running participant 2 would answer: the others' round 2 (they have every deal now). Once it is
    // on the board, a negative: for five ticks (two catch-ups) participant 2 persists and publishes nothing.
    await waitFor(net, session, 2, [1, 3, 4]);
    await quietFor(5 * TICK_MS, 'participant 2, stopped, persists or publishes something');
    expect(late, 'work done after the stop').toEqual([]);
    // Let the ceremony finish.
    const c = start({ definition, wallet: signApproval, index: RELOADED, board: net.endpoint(name(RELOADED)), store: createMemorySecretStore(reopened.snapshot()) }, { randomBytes: noRandomness });
    expectSuccess([...(await Promise.all(others)), await c]);
  });

  it('a stop while the wallet is still signing ends the run at once, with no unhandled rejection and no approval published', async () => {
    const { wallets, definition, net, stores, session } = setup('stop-while-signing');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const controller = new AbortController();
      // The operator takes a while to confirm in the wallet, and closes the tab meanwhile: the wallet answers only
      // when released, after the stop.
      let signing!: () => void;
      const signingStarted = new Promise<void>((resolve) => (signing = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let signature: Promise<Uint8Array> | undefined;
      const run = runCeremony({
        board: net.endpoint(name(RELOADED)),
        store: stores[RELOADED - 1]!,
        definition: withHash(definition),
        index: RELOADED,
        randomBytes,
        signApproval: (typed) => {
          signing();
          signature = released.then(() => wallets[RELOADED - 1]!.signTypedData(typed));
          return signature;
        },
        clock: createSystemClock(),
        tickMs: TICK_MS,
        signal: controller.signal,
      });
      run.catch(() => undefined);
      await within(signingStarted, 30_000, 'runCeremony asking the wallet to sign its approval');
      controller.abort();
      // "At once": the run must have ended within 200 ms of the stop, the wallet still signing.
      const settled = await Promise.race([run.then(() => 'resolved', () => 'rejected'), quietFor(200, 'the run still going').then(() => 'still running')]);
      expect.soft(settled, 'runCeremony keeps running after the stop').toBe('rejected');
      await run.catch(() => undefined);
      // The wallet answers after the stop. A negative: for three ticks, the late signature sets nothing off.
      release();
      await within(signature!, 10_000, 'the released wallet signing');
      await quietFor(3 * TICK_MS, 'an unhandled rejection or a publication after the stop');
      expect.soft(unhandled.map(String), 'unhandled rejections').toEqual([]);
      expect.soft((await net.endpoint('observer').history(session)).length, 'messages published after the stop').toBe(0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('crash between persist and publish', () => {
  it.each([0, 1, 2, 3])('the round-%i message persisted but never reached the board: the restarted participant publishes it and completes', async (r) => {
    const { wallets, definition, net, stores, session } = setup(`crash-${r}`);
    const others = [1, 3, 4].map((i) =>
      start({ definition, wallet: wallets[i - 1]!, index: i, board: net.endpoint(name(i)), store: stores[i - 1]! }),
    );
    const published: string[] = [];
    const endpoint = net.endpoint(name(RELOADED));
    let thrown = false;
    let lost: string | undefined;
    const flaky: Board = {
      ...endpoint,
      publish: async (s, d) => {
        if (!thrown && (JSON.parse(d) as { round: number }).round === r) {
          thrown = true;
          lost = d;
          throw new Error('crash: the tab died between persist and publish');
        }
        published.push(d);
        return endpoint.publish(s, d);
      },
    };
    const store = stores[RELOADED - 1]!;
    await expect(start({ definition, wallet: wallets[RELOADED - 1]!, index: RELOADED, board: flaky, store })).rejects.toThrow(/crash/);
    await endpoint.close();
    expect(lost).toBeDefined();
    const history = await net.endpoint('observer').history(session);
    expect(history.some((m) => m.data === lost), 'the lost message is not on the board').toBe(false);
    const second = start(
      { definition, wallet: wallets[RELOADED - 1]!, index: RELOADED, board: recording(net.endpoint(name(RELOADED)), published), store: createMemorySecretStore(store.snapshot()) },
      { randomBytes: noRandomness },
    );
    const [s1, s3, s4] = await Promise.all(others);
    const s2 = await second;
    expectSuccess([s1!, s2, s3!, s4!]);
    // The restarted participant published the very message it had persisted, not a fresh one.
    expect(published).toContain(lost);
    await expectNoEquivocation(published, net, session, RELOADED);
  });
});
