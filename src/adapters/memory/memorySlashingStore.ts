/**
 * The in-memory SlashingStore (ports/slashingStore.ts) for tests and simulations: the core's watermark rules over
 * a Map, every call serialised on one queue so check-and-record is atomic. `snapshot()` and the `initial` option
 * let a simulation "restart" a runner with the record it had.
 */
import type { CheckAndRecordResult, SigningRequest, SlashingExport, SlashingStore } from '../../ports/slashingStore.js';
import { SlashingStoreError } from '../../ports/slashingStore.js';
import { checkAttestation, checkBlockProposal, maxWatermarks, type Watermarks } from '../../core/slashing/index.js';
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.js';

/** The in-memory store, plus a copy of what it holds. */
export interface MemorySlashingStore extends SlashingStore {
  /** A copy of the record (for a restarted store: `createMemorySlashingStore({ ..., initial })`). */
  snapshot(): SlashingExport;
}

/** Options of `createMemorySlashingStore`. */
export interface MemorySlashingStoreOptions {
  genesisValidatorsRoot: Uint8Array;
  /** A record to start from (a previous store's `snapshot()`). */
  initial?: SlashingExport;
}

/** Creates an in-memory SlashingStore for one chain. */
export function createMemorySlashingStore(options: MemorySlashingStoreOptions): MemorySlashingStore {
  const gvr = Uint8Array.from(requireBytes(options.genesisValidatorsRoot, 32, 'genesisValidatorsRoot'));
  const records = new Map<string, Watermarks>();
  let open = true;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => T): Promise<T> => {
    const run = queue.then(() => {
      if (!open) throw new SlashingStoreError('SLASHING_STORE_CLOSED', 'the slashing protection store is closed');
      return fn();
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const merge = (data: SlashingExport) => {
    if (!equalBytes(data.genesisValidatorsRoot, gvr)) {
      throw new SlashingStoreError('SLASHING_STORE_FOREIGN_CHAIN', `the record is for another chain (genesis validators root ${bytesToHex(data.genesisValidatorsRoot)})`);
    }
    for (const v of data.validators) {
      const key = keyOf(v.pubkey);
      records.set(key, maxWatermarks(records.get(key) ?? {}, v.watermarks));
    }
  };
  if (options.initial) merge(options.initial);
  const exportNow = (): SlashingExport => ({
    genesisValidatorsRoot: Uint8Array.from(gvr),
    validators: [...records.keys()].sort().map((k) => ({ pubkey: hexToBytes(k), watermarks: copyWatermarks(records.get(k)!) })),
  });

  return {
    genesisValidatorsRoot: Uint8Array.from(gvr),
    checkAndRecord: (pubkey, request) =>
      serial((): CheckAndRecordResult => {
        const key = keyOf(pubkey);
        const current = records.get(key) ?? {};
        const verdict = judge(current, request);
        if (!verdict.allowed) return { recorded: false, rule: verdict.rule, message: verdict.message };
        if (!verdict.repeat) records.set(key, copyWatermarks(verdict.next));
        return { recorded: true, repeat: verdict.repeat };
      }),
    watermarks: (pubkey) => serial(() => copyWatermarks(records.get(keyOf(pubkey)) ?? {})),
    exportAll: () => serial(exportNow),
    importAll: (data) => serial(() => merge(data)),
    close: async () => {
      await serial(() => undefined).catch(() => undefined);
      open = false;
    },
    snapshot: exportNow,
  };
}

function judge(w: Watermarks, r: SigningRequest) {
  if (r.kind === 'block') return checkBlockProposal(w, { slot: r.slot, signingRoot: r.signingRoot });
  if (r.kind === 'attestation') return checkAttestation(w, { sourceEpoch: r.sourceEpoch, targetEpoch: r.targetEpoch, signingRoot: r.signingRoot });
  throw new SlashingStoreError('SLASHING_STORE_BAD_INPUT', 'a signing request is a block or an attestation');
}

function keyOf(pubkey: Uint8Array): string {
  return bytesToHex(requireBytes(pubkey, 48, 'pubkey'));
}

function requireBytes(b: Uint8Array, length: number, what: string): Uint8Array {
  if (!(b instanceof Uint8Array) || b.length !== length) throw new SlashingStoreError('SLASHING_STORE_BAD_INPUT', `${what} must be ${length} bytes`);
  return b;
}

function copyWatermarks(w: Watermarks): Watermarks {
  return {
    ...(w.block ? { block: { slot: w.block.slot, signingRoot: Uint8Array.from(w.block.signingRoot) } } : {}),
    ...(w.attestation ? { attestation: { ...w.attestation, signingRoot: Uint8Array.from(w.attestation.signingRoot) } } : {}),
  };
}
