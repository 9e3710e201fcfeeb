/**
 * A ceremony definition checked once, at the boundary where it enters (a join link, a file, a relay's board, the
 * builder of the Create screen), and carried typed from there on with its configHash (PROTOCOL.md §2), so no layer
 * below parses it or hashes it again. A ceremony's id is its configHash; `configHashHex` is also its board session.
 */
import { bytesToHex } from '../core/bytes.js';
import { configHash, parseDefinition, type CeremonyDefinition } from '../core/dkg/definition.js';

/** A validated definition and its hash. Plain data: it crosses postMessage and IndexedDB unchanged. */
export interface CheckedDefinition {
  readonly definition: CeremonyDefinition;
  /** SHA-256 of the definition's canonical JSON. */
  readonly configHash: Uint8Array;
  /** `configHash` in lower-case hex without 0x: the ceremony's board session and its id in storage names. */
  readonly configHashHex: string;
}

/**
 * Check an untrusted definition (any JSON value) and hash it, once. Throws SvError(DKG_BAD_DEFINITION) (or
 * WIRE_BAD_FIELD) naming the first problem.
 */
export function checkDefinition(value: unknown): CheckedDefinition {
  return withHash(parseDefinition(value));
}

/**
 * The checked value of a definition that is already a validated `CeremonyDefinition` (from parseDefinition or
 * the builder): hashed here, not parsed again.
 */
export function withHash(definition: CeremonyDefinition): CheckedDefinition {
  const hash = configHash(definition);
  return { definition, configHash: hash, configHashHex: bytesToHex(hash) };
}
