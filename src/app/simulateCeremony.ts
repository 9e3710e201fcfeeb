/**
 * A whole ceremony in one process (`sv ceremony simulate`, tests, benchmarks): n participants with throwaway
 * wallet keys, each running the real use-case over its own endpoint of a Board network, optionally one of them
 * faulty. Time is virtual (a ManualClock), and it moves only when nothing is in flight: before every step every
 * participant has done all it can (no store, board or wallet call pending), so an honest participant is never
 * timed out however loaded the machine. When nothing has happened for `idleMs` of virtual time and no timer but
 * the participants' own is set (no message on its way over the board), the clock jumps past the next deadline,
 * so a silent participant is timed out in seconds, not hours.
 */
import type { Board } from '../ports/board.js';
import type { SecretStore } from '../ports/secretStore.js';
import type { Clock, ManualClock } from '../ports/clock.js';
import type { RandomBytes } from '../core/bytes.js';
import { withHash, type CeremonyDefinition, type CeremonyState } from '../core/dkg/index.js';
import { loadParticipant, runCeremony, type ApprovalTypedData } from './runCeremony.js';
import { faultyBoard, faultyParticipant, type FaultName } from './faults.js';

export interface SimulationOptions {
  definition: CeremonyDefinition;
  /** Operator i's wallet (1-based) signs its approval, as eth_signTypedData_v4 would. */
  signApproval: (index: number, typedData: ApprovalTypedData) => Promise<Uint8Array>;
  /** Board endpoint for participant i (1-based). */
  endpoint: (index: number) => Board;
  /** Store of participant i. */
  store: (index: number) => SecretStore;
  randomBytes: RandomBytes;
  fault?: FaultName;
  /** For split-view: make the board show `variant` instead of `original` to some participants. */
  split?: (original: string, variant: string, faulty: number) => void;
  /**
   * Every participant's time. Give the in-memory board the same clock (`schedule`) so that delivery is on it too;
   * a clock behind the definition's `createdAt` is first moved there.
   */
  clock: ManualClock;
  /** The host's real clock: measures `wallMs`, lets the host run between steps, paces a `realTimeBoard`. */
  host: Clock;
  /**
   * The board delivers in real time, outside the manual clock (a real relay): virtual time then moves no faster
   * than real time, and `idleMs` is real time.
   */
  realTimeBoard?: boolean;
  /** Time (ms) without any publication, delivery or progress after which the clock jumps past the next deadline; default 1500. */
  idleMs?: number;
  onUpdate?: (index: number, state: CeremonyState) => void;
}

export interface SimulationResult {
  states: CeremonyState[];
  seeds: Uint8Array[];
  /** Who was made faulty (1-based), if anyone. */
  faulty?: number;
  wallMs: number;
}

/** What the driver watches: the operations in flight, and when something last happened. */
interface Activity {
  inFlight: number;
  /** Timers the participants set themselves (ticks, retries); any other timer is something on its way. */
  ownTimers: number;
  lastAt: number;
  mark(): void;
  track<T>(call: () => Promise<T>): Promise<T>;
}

/** Run all participants to the end. */
export async function simulateCeremony(opts: SimulationOptions): Promise<SimulationResult> {
  const d = opts.definition;
  const checked = withHash(d);
  const n = d.operators.length;
  const { clock, host } = opts;
  const faulty = opts.fault ? faultyParticipant(opts.fault, n) : undefined;
  const start = host.now();
  if (clock.now() < d.createdAt * 1000) clock.advanceTo(d.createdAt * 1000);
  const activity = createActivity(() => (opts.realTimeBoard ? host.now() : clock.now()));

  const seeds: Uint8Array[] = [];
  const stores = Array.from({ length: n }, (_, k) => trackedStore(opts.store(k + 1), activity));
  for (let k = 0; k < n; k++) seeds.push((await loadParticipant(stores[k]!, checked, k + 1, opts.randomBytes)).seed);

  const finalStates: CeremonyState[] = [];
  let running = n;
  const participant = async (index: number) => {
    let board = trackedBoard(opts.endpoint(index), activity);
    if (opts.fault && index === faulty) {
      const onSplit = (original: string, variant: string) => opts.split?.(original, variant, index);
      board = faultyBoard(board, opts.fault, { definition: d, index, seed: seeds[index - 1]!, onSplit });
    }
    try {
      finalStates[index - 1] = await runCeremony({
        board,
        store: stores[index - 1]!,
        definition: checked,
        index,
        randomBytes: opts.randomBytes,
        signApproval: (typed) => activity.track(() => opts.signApproval(index, typed)),
        clock: participantClock(clock, activity),
        tickMs: 200,
        onUpdate: (state) => {
          activity.mark();
          opts.onUpdate?.(index, state);
        },
      });
    } finally {
      running--;
    }
  };
  const driving = drive(opts, activity, () => running === 0);
  try {
    await Promise.all(Array.from({ length: n }, (_, k) => participant(k + 1)));
  } finally {
    running = 0;
    await driving;
  }
  return { states: finalStates, seeds, faulty, wallMs: host.now() - start };
}

/**
 * Move virtual time while the participants run: wait until nothing is in flight, then run the next timer (a
 * delivery, a tick), or jump past the next deadline when nothing has happened for `idleMs`.
 */
async function drive(opts: SimulationOptions, activity: Activity, done: () => boolean): Promise<void> {
  const { clock, host, definition: d } = opts;
  const deadlines = [d.deadlines.approve, d.deadlines.deal, d.deadlines.ack, d.deadlines.confirm];
  const virtualStart = clock.now();
  const realStart = host.now();
  let jumped = 0;
  while (!done()) {
    await settle(host, activity, done);
    if (done()) return;
    const now = clock.now();
    const nothingOnItsWay = opts.realTimeBoard || clock.pending() === activity.ownTimers;
    if (nothingOnItsWay && activity.lastAt + (opts.idleMs ?? 1500) <= (opts.realTimeBoard ? host.now() : now)) {
      const next = deadlines.find((t) => t * 1000 >= now);
      if (next !== undefined) {
        jumped += (next + 1) * 1000 - now;
        clock.jumpTo((next + 1) * 1000);
      }
      activity.mark();
      continue;
    }
    const due = clock.nextTimerAt();
    const realNow = virtualStart + jumped + (host.now() - realStart);
    if (due === undefined || (opts.realTimeBoard && due > realNow)) {
      await hostWait(host, opts.realTimeBoard && due !== undefined ? Math.min(due - realNow, 50) : 1);
      continue;
    }
    clock.advanceTo(due);
  }
}

/** Let the host run until no tracked operation has been in flight for two turns of its event loop. */
async function settle(host: Clock, activity: Activity, done: () => boolean): Promise<void> {
  for (let quiet = 0; quiet < 2 && !done(); ) {
    await hostWait(host, 0);
    quiet = activity.inFlight === 0 ? quiet + 1 : 0;
  }
}

const hostWait = (host: Clock, ms: number) => new Promise<void>((resolve) => host.setTimer(ms, resolve));

function createActivity(now: () => number): Activity {
  const a: Activity = {
    inFlight: 0,
    ownTimers: 0,
    lastAt: now(),
    mark: () => void (a.lastAt = now()),
    track<T>(call: () => Promise<T>): Promise<T> {
      a.inFlight++;
      let result: Promise<T>;
      try {
        result = call();
      } catch (e) {
        a.inFlight--;
        throw e;
      }
      return result.finally(() => void a.inFlight--);
    },
  };
  return a;
}

/** The clock as a participant sees it: the same time, its timers counted as its own. */
function participantClock(clock: ManualClock, activity: Activity): Clock {
  const own = (set: (fn: () => void) => () => void, fn: () => void) => {
    let live = true;
    activity.ownTimers++;
    const done = () => {
      if (live) activity.ownTimers--;
      live = false;
    };
    const cancel = set(() => {
      done();
      fn();
    });
    return () => {
      done();
      cancel();
    };
  };
  return {
    now: () => clock.now(),
    setTimer: (afterMs, fn) => own((f) => clock.setTimer(afterMs, f), fn),
    setTimerAt: (atMs, fn) => own((f) => clock.setTimerAt(atMs, f), fn),
  };
}

/** The board, with its calls counted as in flight, and publications and deliveries as activity. */
function trackedBoard(inner: Board, activity: Activity): Board {
  return {
    publish: (session, data) => {
      activity.mark();
      return activity.track(() => inner.publish(session, data));
    },
    subscribe: (session, on) =>
      inner.subscribe(session, (m) => {
        activity.mark();
        on(m);
      }),
    history: async (session, since) => {
      const messages = await activity.track(() => inner.history(session, since));
      if (messages.length > 0) activity.mark();
      return messages;
    },
    close: () => inner.close(),
  };
}

/** The store, with its calls counted as in flight. */
function trackedStore(inner: SecretStore, activity: Activity): SecretStore {
  return {
    put: (key, value) => activity.track(() => inner.put(key, value)),
    get: (key) => activity.track(() => inner.get(key)),
    delete: (key) => activity.track(() => inner.delete(key)),
    list: (prefix) => activity.track(() => inner.list(prefix)),
  };
}
