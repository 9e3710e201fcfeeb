/**
 * The SlashingStore port: a validator client's slashing-protection record (EIP-3076), one per chain (its
 * genesis validators root). Every signature a runner makes is first `checkAndRecord`ed: atomically checked against
 * everything recorded for that validator and, when allowed, recorded — durably, for a durable adapter — before the
 * call resolves, so no signature can leave before its record exists. The rules are the core's
 * (src/core/slashing: minimal watermarks); adapters differ only in where the record lives.
 */
import { SvError } from '../core/errors.js';
import type { AttestationVote, BlockProposal, SlashingRule, Watermarks } from '../core/slashing/index.js';

/** What is about to be signed for a validator: a block proposal or an attestation. */
export type SigningRequest = ({ kind: 'block' } & BlockProposal) | ({ kind: 'attestation' } & AttestationVote);

/** The outcome of `checkAndRecord`. On refusal nothing was recorded. */
export type CheckAndRecordResult =
  | { recorded: true; /** The very same message was recorded before (EIP-3076 repeat signing): safe to sign again. */ repeat: boolean }
  | { recorded: false; rule: SlashingRule; message: string };

/** One validator's entry in an export or import. */
export interface ValidatorWatermarks {
  pubkey: Uint8Array;
  watermarks: Watermarks;
}

/** Everything a store holds (the content of an EIP-3076 interchange, reduced to the minimal watermarks). */
export interface SlashingExport {
  genesisValidatorsRoot: Uint8Array;
  /** Ordered by pubkey (lower-case hex). */
  validators: ValidatorWatermarks[];
}

/** Slashing protection for the validators of one chain. */
export interface SlashingStore {
  /** The chain this store protects (EIP-3076 `genesis_validators_root`). */
  readonly genesisValidatorsRoot: Uint8Array;
  /**
   * Atomically check `request` against what is recorded for `pubkey` (48 bytes) and record it when allowed.
   * Calls for the same validator take effect one after another, in call order, so of two conflicting requests at
   * most one is recorded. Resolves only once the record is kept (for a durable adapter: on disk). A refusal records
   * nothing. Rejects with SlashingStoreError (SLASHING_STORE_*) when the store cannot answer: then nothing may be
   * signed.
   */
  checkAndRecord(pubkey: Uint8Array, request: SigningRequest): Promise<CheckAndRecordResult>;
  /** The watermarks recorded for `pubkey` (empty when nothing was recorded). */
  watermarks(pubkey: Uint8Array): Promise<Watermarks>;
  /** Every validator's watermarks (for an EIP-3076 export). */
  exportAll(): Promise<SlashingExport>;
  /**
   * Merge another record (an EIP-3076 import): each watermark becomes the maximum of both, so nothing signed in
   * either can be signed against afterwards. Refuses (SLASHING_STORE_FOREIGN_CHAIN) a record of another chain.
   */
  importAll(data: SlashingExport): Promise<void>;
  /** Release the store; later calls reject with SLASHING_STORE_CLOSED. */
  close(): Promise<void>;
}

/** Why a SlashingStore could not answer. */
export type SlashingStoreErrorCode =
  | 'SLASHING_STORE_CLOSED'
  | 'SLASHING_STORE_BAD_INPUT'
  | 'SLASHING_STORE_FOREIGN_CHAIN'
  | 'SLASHING_STORE_UNAVAILABLE'
  /** A durable store's record does not check (a damaged line, another format's file): refused, never reset. */
  | 'SLASHING_STORE_CORRUPT'
  /** Another live process holds the store (one process per store). */
  | 'SLASHING_STORE_LOCKED';

/** A coded error of the SlashingStore port: the project's SvError with a Slashing code. */
export class SlashingStoreError extends SvError<SlashingStoreErrorCode> {
  constructor(code: SlashingStoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'SlashingStoreError';
  }
}
