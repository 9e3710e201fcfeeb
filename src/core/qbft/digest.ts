/**
 * QBFT's hashes, domain-separated under `sv-qbft/1` (src/core/crypto/taggedHash.ts): the hash of a value, bound
 * to its instance, and the digest every message's author signs.
 */
import { bigIntToBytesBE, bytesToHex, utf8ToBytes } from '../bytes.js';
import { taggedHasher } from '../crypto/taggedHash.js';
import { u16be, u32be } from '../crypto/encoding.js';
import type { DutyKind, InstanceId, QbftMessage, QbftMessageType, QbftValue } from './types.js';

const H = taggedHasher('sv-qbft/1');

/** The duties in their wire order (the codec's byte and the digest's field). */
export const DUTY_KINDS: readonly DutyKind[] = ['attester', 'aggregator', 'proposer', 'sync_message', 'sync_contribution', 'exit'];

/** The message types in their wire order. */
export const MESSAGE_TYPES: readonly QbftMessageType[] = ['PRE-PREPARE', 'PREPARE', 'COMMIT', 'ROUND-CHANGE', 'DECIDED'];

/** The largest slot a message may name (2^64 − 1). */
export const MAX_SLOT = (1n << 64n) - 1n;

/** The instance as hash fields: cluster, slot (u64 BE), duty (its name). */
function instanceFields(instance: InstanceId): Uint8Array[] {
  return [instance.cluster, bigIntToBytesBE(instance.slot, 8), utf8ToBytes(instance.duty)];
}

/** `valueHash(instance, data)` = H('value', cluster, slot, duty, data): a value of one instance never counts in another. */
export function valueHash(instance: InstanceId, data: Uint8Array): Uint8Array {
  return H.taggedHash('value', ...instanceFields(instance), data);
}

/** A value with its hash computed here. */
export function makeValue(instance: InstanceId, data: Uint8Array): QbftValue {
  return { hash: valueHash(instance, data), data };
}

/** An optional field as hash fields: a presence byte, then the field (absent and empty never collide). */
function optional(field: Uint8Array | undefined): Uint8Array[] {
  return field === undefined ? [Uint8Array.of(0)] : [Uint8Array.of(1), field];
}

/**
 * `messageDigest(message)` = H('message', type, cluster, slot, duty, round, sender, value hash?, preparedRound?):
 * what an author signs. Not the value's data (bound through its hash), not the justifications (each signed by its
 * own author).
 */
export function messageDigest(message: QbftMessage): Uint8Array {
  return H.taggedHash(
    'message',
    utf8ToBytes(message.type),
    ...instanceFields(message.instance),
    u32be(message.round),
    u16be(message.sender),
    ...optional(message.value?.hash),
    ...optional(message.preparedRound === undefined ? undefined : u32be(message.preparedRound)),
  );
}

/** True when two instances are the same (cluster, slot, duty). */
export function sameInstance(a: InstanceId, b: InstanceId): boolean {
  return a.slot === b.slot && a.duty === b.duty && bytesToHex(a.cluster) === bytesToHex(b.cluster);
}
