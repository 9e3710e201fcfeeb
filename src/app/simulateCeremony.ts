/**
 * A whole ceremony in one process (`sv ceremony simulate`, tests, benchmarks): n participants with throwaway
 * wallet keys, each running the real use-case over its own endpoint of a Board network, optionally one of them
 * faulty. Time is virtual: when nothing has happened for a while, the clock jumps past the next deadline, so a
 * silent participant is timed out in seconds, not hours.
 */
import type { Board } from '../ports/board.js';
import type { SecretStore } from '../ports/secretStore.js';
import type { RandomBytes } from '../core/bytes.js';
import type { CeremonyDefinition, CeremonyState } from '../core/dkg/index.js';
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
  /** Idle time (ms) after which the virtual clock jumps to the next deadline; default 1500. */
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

/** Run all participants to the end. */
export async function simulateCeremony(opts: SimulationOptions): Promise<SimulationResult> {
  const d = opts.definition;
  const n = d.operators.length;
  const faulty = opts.fault ? faultyParticipant(opts.fault, n) : undefined;
  const start = Date.now();
  let offset = 0;
  let lastActivity = Date.now();
  const now = () => Math.max(d.createdAt, Math.floor(Date.now() / 1000)) + offset;
  const deadlines = [d.deadlines.approve, d.deadlines.deal, d.deadlines.ack, d.deadlines.confirm];

  const seeds: Uint8Array[] = [];
  const stores = Array.from({ length: n }, (_, k) => opts.store(k + 1));
  for (let k = 0; k < n; k++) seeds.push((await loadParticipant(stores[k]!, d, k + 1, opts.randomBytes)).seed);

  const finalStates: CeremonyState[] = [];
  let running = n;
  const clock = setInterval(() => {
    if (Date.now() - lastActivity < (opts.idleMs ?? 1500) || running === 0) return;
    const next = deadlines.find((t) => t >= now());
    if (next !== undefined) offset += next + 1 - now();
    lastActivity = Date.now();
  }, 100);
  try {
    await Promise.all(
      Array.from({ length: n }, async (_, k) => {
        const index = k + 1;
        let board = opts.endpoint(index);
        if (opts.fault && index === faulty) {
          board = faultyBoard(board, opts.fault, {
            definition: d,
            index,
            seed: seeds[k]!,
            onSplit: (original, variant) => opts.split?.(original, variant, index),
          });
        }
        finalStates[k] = await runCeremony({
          board,
          store: stores[k]!,
          definition: d,
          index,
          randomBytes: opts.randomBytes,
          signApproval: (typed) => opts.signApproval(index, typed),
          now,
          tickMs: 200,
          onUpdate: (state) => {
            lastActivity = Date.now();
            opts.onUpdate?.(index, state);
          },
        });
        running--;
      }),
    );
  } finally {
    clearInterval(clock);
  }
  return { states: finalStates, seeds, faulty, wallMs: Date.now() - start };
}

