/**
 * A tiny hand-written SSZ for the few fixed-size containers we need: basic types, fixed byte vectors and
 * containers of them. No lists, no unions, no limits: every type here is fixed-size.
 * // consensus-specs ssz/simple-serialize.md#merkleization
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bigIntToBytesLE, concatBytes } from '../bytes.js';
import { SvError } from '../errors.js';

/** SSZ chunk size (BYTES_PER_CHUNK). */
export const BYTES_PER_CHUNK = 32;

/** 2^64: the first value that is not a uint64. */
export const UINT64_LIMIT = 1n << 64n;

/** Require `value` to be a Uint8Array of exactly `length` bytes (`ETH_BAD_LENGTH`). */
export function requireLength(value: Uint8Array, length: number, what: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) {
    const got = value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
    throw new SvError('ETH_BAD_LENGTH', `${what} must be ${length} bytes, got ${got}`, { expected: length });
  }
  return value;
}

/** Require a bigint in [0, 2^64) (`ETH_BAD_UINT64`). */
export function requireUint64(value: bigint, what: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= UINT64_LIMIT) {
    throw new SvError('ETH_BAD_UINT64', `${what} must be an unsigned 64-bit integer (bigint)`);
  }
  return value;
}

/** serialize(uint64): 8 bytes little-endian. // ssz/simple-serialize.md#uintn */
export function serializeUint64(value: bigint, what = 'uint64'): Uint8Array {
  return bigIntToBytesLE(requireUint64(value, what), 8);
}

/** hash(a ‖ b): the SSZ node hash. */
export function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  return sha256(concatBytes(a, b));
}

/** pack(bytes): split into 32-byte chunks, the last right-padded with zeros (at least one chunk). */
export function pack(bytes: Uint8Array): Uint8Array[] {
  const count = Math.max(1, Math.ceil(bytes.length / BYTES_PER_CHUNK));
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = new Uint8Array(BYTES_PER_CHUNK);
    chunk.set(bytes.subarray(i * BYTES_PER_CHUNK, (i + 1) * BYTES_PER_CHUNK));
    chunks.push(chunk);
  }
  return chunks;
}

/**
 * merkleize(chunks): pad with zero chunks to the next power of two and hash pairwise up to the root.
 * One chunk is its own root.
 */
export function merkleize(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 0) return new Uint8Array(BYTES_PER_CHUNK);
  let layer = chunks.map((c) => requireLength(c, BYTES_PER_CHUNK, 'chunk'));
  let width = 1;
  while (width < layer.length) width *= 2;
  while (layer.length < width) layer.push(new Uint8Array(BYTES_PER_CHUNK));
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(hashPair(layer[i] as Uint8Array, layer[i + 1] as Uint8Array));
    layer = next;
  }
  return layer[0] as Uint8Array;
}

/** hash_tree_root(uint64). */
export function uint64Root(value: bigint, what = 'uint64'): Uint8Array {
  return merkleize(pack(serializeUint64(value, what)));
}

/** hash_tree_root(BytesN) for a fixed-length byte vector of `length` bytes. */
export function bytesRoot(value: Uint8Array, length: number, what: string): Uint8Array {
  return merkleize(pack(requireLength(value, length, what)));
}

/** hash_tree_root(Container) from the roots of its fields, in declaration order. */
export function containerRoot(fieldRoots: readonly Uint8Array[]): Uint8Array {
  return merkleize(fieldRoots);
}
