/**
 * The ceremony use-case: drives one participant's state machine over a Board, persisting the seed and the state
 * in a SecretStore BEFORE anything is published (PROTOCOL.md §8), so a reload resumes and republishes the very
 * same bytes. No UI, no adapter construction: everything is injected.
 */
import type { Board, BoardMessage } from '../ports/board.js';
import type { SecretStore } from '../ports/secretStore.js';
import type { CancelTimer, Clock } from '../ports/clock.js';
import type { RandomBytes } from '../core/bytes.js';
import { SvError } from '../core/errors.js';
import { approvalRequest, createCeremonyState, step, type CeremonyEvent, type CeremonyState, type Notice } from '../core/dkg/index.js';
import { readDefinitionDocument, type CheckedDefinition } from '../core/dkg/definition.js';
import { ROUND, openEnvelope, type Envelope } from '../core/dkg/envelope.js';
import { approvalTypedData } from '../core/dkg/crypto/index.js';
import { bodyContractQuery, contractSignatureQuery, type ContractSignatureQuery } from '../core/dkg/approvals.js';
import { utf8ToBytes } from '../core/bytes.js';
import { storageName } from './storageNames.js';

/** The typed data a wallet signs (eth_signTypedData_v4 input). */
export type ApprovalTypedData = ReturnType<typeof approvalTypedData>;

export interface RunCeremonyOptions {
  board: Board;
  store: SecretStore;
  /** The definition as checked at the boundary (checkDefinition): not parsed or hashed again below. */
  definition: CheckedDefinition;
  /** Own index, 1..n. */
  index: number;
  /** CSPRNG, used once: to draw the seed of a new participant. */
  randomBytes: RandomBytes;
  /** Ask the operator's wallet to sign the approval; resolves to its signature (65 bytes, or a contract wallet's). */
  signApproval: (typedData: ApprovalTypedData) => Promise<Uint8Array>;
  /** Time and timers (the system clock in programs, a manual clock in simulations); deadlines are read from it. */
  clock: Clock;
  /** How often to check deadlines (ms of the clock); default 1000. */
  tickMs?: number;
  /** Re-read the board's history every this many ticks (default 5), in case live pushes were lost. */
  catchUpEvery?: number;
  /**
   * The ERC-1271 check (contractApprovals.ts) of an approval whose signature does not recover to its operator, our
   * own included: resolves to the contract wallet's verdict; rejects when the chain cannot be asked right now (the
   * approval is then asked about again on later catch-ups). Without it such approvals are refused.
   */
  isValidContractSignature?: (query: ContractSignatureQuery) => Promise<boolean>;
  /** Called after every step that changed something. */
  onUpdate?: (state: CeremonyState, notices: Notice[]) => void;
  /** Stop early (e.g. the user closed the tab in a test). */
  signal?: AbortSignal;
}

/** The SecretStore records of one participant's ceremony: its seed and its engine state. */
function participantRecords(configHashHex: string, index: number) {
  return { seed: storageName('seedRecord', configHashHex, index), state: storageName('stateRecord', configHashHex, index) };
}


const encodeState = (s: CeremonyState) => utf8ToBytes(JSON.stringify(s));
const decodeState = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as CeremonyState;

/**
 * Load (or create and persist) the seed and state of a participant. A new seed is stored before anything else
 * so that no message can ever be published from a seed that could be lost.
 */
export async function loadParticipant(store: SecretStore, checked: CheckedDefinition, index: number, randomBytes: RandomBytes) {
  const session = checked.configHashHex;
  const keys = participantRecords(session, index);
  let seed = await store.get(keys.seed);
  if (!seed) {
    seed = randomBytes(32);
    if (seed.length !== 32) throw new SvError('DKG_BAD_STATE', 'randomBytes returned the wrong length');
    await store.put(keys.seed, seed);
  }
  const stored = await store.get(keys.state);
  const state = stored ? decodeState(stored) : createCeremonyState(checked, index, { seed });
  if (!stored) await store.put(keys.state, encodeState(state));
  return { session, keys, seed, state };
}

/** Run (or resume) the ceremony until it succeeds or aborts; resolves to the final state. */
export async function runCeremony(opts: RunCeremonyOptions): Promise<CeremonyState> {
  const { board, store } = opts;
  const loaded = await loadParticipant(store, opts.definition, opts.index, opts.randomBytes);
  const { session, keys, seed } = loaded;
  let state = loaded.state;
  const { definition, configHash } = opts.definition;
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
  const n = definition.operators.length;
  const onMessage = async (m: BoardMessage) => {
    // Opened once here; the contract-wallet query and the engine take the envelope as it is.
    const envelope = openedOrUndefined(m.data, n);
    const round = envelope?.round;
    // The definition itself may be on the board too (short join links); it is no protocol message.
    if (envelope === undefined && readDefinitionDocument(m.data, session) !== undefined) return;
    let contractSignatureValid = false;
    // An approval signed through a contract wallet: ask the chain first (once; the engine keeps what it accepted).
    // The query decodes the envelope and is undefined for anything but a well-formed approval of this ceremony.
    const fresh = round === ROUND.APPROVE && !state.messages[ROUND.APPROVE]!.includes(m.data);
    const query = fresh && opts.isValidContractSignature ? contractSignatureQuery(envelope!, definition, configHash) : undefined;
    if (query && opts.isValidContractSignature) {
      try {
        contractSignatureValid = await opts.isValidContractSignature(query);
      } catch {
        recheck.add(m.data);
        return;
      }
      recheck.delete(m.data);
    }
    await apply({ type: 'message', data: envelope ?? m.data, contractSignatureValid });
  };
  // Approvals whose contract-wallet check could not reach the chain: asked about again on every catch-up.
  const recheck = new Set<string>();

  // Live pushes may be lost (a relay drops them, a tab sleeps): every few ticks, catch up from the board's
  // history since the last cursor read there. The engine ignores what it already has.
  let historyCursor = 0;
  let catchingUp = false;
  const catchUp = async () => {
    if (catchingUp) return;
    catchingUp = true;
    try {
      for (const data of [...recheck]) if (!stopped) await onMessage({ data, cursor: 0 });
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
  const clock = opts.clock;
  let ticks = 0;
  let cancelTick: CancelTimer | undefined;
  const tick = () => {
    void apply({ type: 'tick', now: Math.floor(clock.now() / 1000) });
    if (++ticks % (opts.catchUpEvery ?? 5) === 0) void catchUp();
    cancelTick = clock.setTimer(opts.tickMs ?? 1000, tick);
  };
  cancelTick = clock.setTimer(opts.tickMs ?? 1000, tick);
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
      else await apply({ type: 'approve', signature, contractSignatureValid: await ownContractSignature(state, signature, opts) });
    }
    await catchUp();
    await finished;
    await chain;
    return state;
  } finally {
    cancelTick?.();
    opts.signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}

/**
 * Whether our own approval's signature is our contract wallet's (ERC-1271), checked on chain before the engine
 * takes it: false when it is an ordinary account's signature (the engine checks that itself). Throws in words when
 * it is neither, or the chain cannot be asked (after two more tries).
 */
async function ownContractSignature(state: CeremonyState, signature: Uint8Array, opts: RunCeremonyOptions): Promise<boolean> {
  const operator = state.definition.operators[state.me - 1]!.address;
  const query = bodyContractQuery({ ...approvalRequest(state), operator, signature }, state.definition.network.chainId);
  if (!query) return false;
  if (!opts.isValidContractSignature) {
    throw new SvError('DKG_BAD_EVENT', `the approval was signed by another account, not by operator ${operator}: is the right wallet account selected? (A contract wallet's signature needs the chain's RPC to be checked.)`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      if (await opts.isValidContractSignature(query)) return true;
      throw new SvError('DKG_BAD_EVENT', `the approval's signature is not operator ${operator}'s own, and no contract wallet (ERC-1271) at that address accepted it (or none could be asked, for want of an RPC): is the right wallet account selected?`);
    } catch (e) {
      if (attempt >= 3 || (e instanceof SvError && e.code === 'DKG_BAD_EVENT')) throw e;
      await new Promise<void>((resolve) => opts.clock.setTimer(1000 * attempt, resolve));
    }
  }
}

/** The envelope of a board message, or undefined when it is none (the engine then reports why, in words). */
function openedOrUndefined(text: string, n: number): Envelope | undefined {
  try {
    return openEnvelope(text, n);
  } catch {
    return undefined;
  }
}
