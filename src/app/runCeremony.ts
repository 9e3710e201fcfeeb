/**
 * The ceremony use-case: drives one participant's state machine over a Board, persisting the seed and the state
 * in a SecretStore BEFORE anything is published (PROTOCOL.md §8), so a reload resumes and republishes the very
 * same bytes. No UI, no adapter construction: everything is injected.
 */
import type { Board, BoardMessage } from '../ports/board.js';
import type { SecretStore } from '../ports/secretStore.js';
import type { RandomBytes } from '../core/bytes.js';
import { SvError } from '../core/errors.js';
import { approvalRequest, createCeremonyState, step, type CeremonyEvent, type CeremonyState, type Notice } from '../core/dkg/index.js';
import { configHash as hashDefinition, parseDefinition } from '../core/dkg/definition.js';
import { approvalTypedData } from '../core/dkg/crypto/index.js';
import { bytesToHex, utf8ToBytes } from '../core/bytes.js';

/** The typed data a wallet signs (eth_signTypedData_v4 input). */
export type ApprovalTypedData = ReturnType<typeof approvalTypedData>;

export interface RunCeremonyOptions {
  board: Board;
  store: SecretStore;
  definition: unknown;
  /** Own index, 1..n. */
  index: number;
  /** CSPRNG, used once: to draw the seed of a new participant. */
  randomBytes: RandomBytes;
  /** Ask the operator's wallet to sign the approval; resolves to the 65-byte signature. */
  signApproval: (typedData: ApprovalTypedData) => Promise<Uint8Array>;
  /** Current unix time in seconds. */
  now: () => number;
  /** How often to check deadlines (ms); default 1000. */
  tickMs?: number;
  /** Re-read the board's history every this many ticks (default 5), in case live pushes were lost. */
  catchUpEvery?: number;
  /** ERC-1271 check for contract wallets, when an approval's ECDSA recovery does not match. */
  isValidContractSignature?: (data: string) => Promise<boolean>;
  /** Called after every step that changed something. */
  onUpdate?: (state: CeremonyState, notices: Notice[]) => void;
  /** Stop early (e.g. the user closed the tab in a test). */
  signal?: AbortSignal;
}

/** Storage keys of one participant's ceremony. */
export function ceremonyKeys(configHashHex: string, index: number) {
  const base = `ceremony/${configHashHex}/${index}`;
  return { seed: `${base}/seed`, state: `${base}/state` };
}

/** The board session a ceremony uses: its configHash in hex. */
export function sessionOf(definition: unknown): string {
  return bytesToHex(hashDefinition(parseDefinition(definition)));
}

const DEFINITION_DOCUMENT_PREFIX = '{"createdAt":';

const encodeState = (s: CeremonyState) => utf8ToBytes(JSON.stringify(s));
const decodeState = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as CeremonyState;

/**
 * Load (or create and persist) the seed and state of a participant. A new seed is stored before anything else
 * so that no message can ever be published from a seed that could be lost.
 */
export async function loadParticipant(store: SecretStore, definition: unknown, index: number, randomBytes: RandomBytes) {
  const session = sessionOf(definition);
  const keys = ceremonyKeys(session, index);
  let seed = await store.get(keys.seed);
  if (!seed) {
    seed = randomBytes(32);
    if (seed.length !== 32) throw new SvError('DKG_BAD_STATE', 'randomBytes returned the wrong length');
    await store.put(keys.seed, seed);
  }
  const stored = await store.get(keys.state);
  const state = stored ? decodeState(stored) : createCeremonyState(definition, index, { seed });
  if (!stored) await store.put(keys.state, encodeState(state));
  return { session, keys, seed, state };
}

/** Run (or resume) the ceremony until it succeeds or aborts; resolves to the final state. */
export async function runCeremony(opts: RunCeremonyOptions): Promise<CeremonyState> {
  const { board, store } = opts;
  const loaded = await loadParticipant(store, opts.definition, opts.index, opts.randomBytes);
  const { session, keys, seed } = loaded;
  let state = loaded.state;
  const terminal = () => state.phase === 'succeeded' || state.phase === 'aborted';

  // One event at a time: persist, then publish, then the next event.
  let finish!: (error?: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => (finish = (e?: unknown) => (e ? reject(e) : resolve())));
  finished.catch(() => undefined); // observed below; never an unhandled rejection
  // Once stopped (the tab closes, the caller aborts), nothing more is persisted or published.
  let stopped = opts.signal?.aborted === true;
  let chain: Promise<void> = Promise.resolve();
  const apply = (event: CeremonyEvent) => {
    chain = chain
      .then(async () => {
        if (terminal() || stopped) return;
        const r = step(state, event, { seed });
        state = r.state;
        await store.put(keys.state, encodeState(state));
        for (const text of r.outbound) await board.publish(session, text);
        if (r.notices.length || r.outbound.length) opts.onUpdate?.(state, r.notices);
        if (terminal()) finish();
      })
      .catch((e) => finish(e));
    return chain;
  };
  const onMessage = async (m: BoardMessage) => {
    // The definition itself may be on the board too (short join links); it is no protocol message.
    if (m.data.startsWith(DEFINITION_DOCUMENT_PREFIX)) return;
    let contractSignatureValid = false;
    if (opts.isValidContractSignature && m.data.includes('"round":0')) contractSignatureValid = await opts.isValidContractSignature(m.data);
    await apply({ type: 'message', data: m.data, contractSignatureValid });
  };

  // Live pushes may be lost (a relay drops them, a tab sleeps): every few ticks, catch up from the board's
  // history since the last cursor read there. The engine ignores what it already has.
  let historyCursor = 0;
  let catchingUp = false;
  const catchUp = async () => {
    if (catchingUp) return;
    catchingUp = true;
    try {
      for (const m of await board.history(session, historyCursor)) {
        if (stopped) return;
        historyCursor = Math.max(historyCursor, m.cursor);
        await onMessage(m);
      }
    } catch {
      /* the board is unreachable right now: try again on a later tick */
    } finally {
      catchingUp = false;
    }
  };
  const unsubscribe = board.subscribe(session, (m) => void onMessage(m));
  let ticks = 0;
  const timer = setInterval(() => {
    void apply({ type: 'tick', now: opts.now() });
    if (++ticks % (opts.catchUpEvery ?? 5) === 0) void catchUp();
  }, opts.tickMs ?? 1000);
  const onAbort = () => {
    stopped = true;
    finish(new SvError('DKG_BAD_STATE', 'stopped'));
  };
  opts.signal?.addEventListener('abort', onAbort);
  try {
    if (terminal()) return state;
    if (stopped) throw new SvError('DKG_BAD_STATE', 'stopped');
    // Republish what we published before a reload (idempotent on the board), then catch up from history.
    for (const round of state.messages) {
      const own = round[state.me - 1];
      if (own) await board.publish(session, own);
    }
    if (!state.messages[0]![state.me - 1]) {
      // The wallet may take minutes (or never answer); a stop meanwhile ends the run without publishing.
      const signature = await Promise.race([opts.signApproval(approvalTypedData(approvalRequest(state))), finished.then(() => undefined)]);
      if (stopped || !signature) await finished;
      else await apply({ type: 'approve', signature });
    }
    await catchUp();
    await finished;
    await chain;
    return state;
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
