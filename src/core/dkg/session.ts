/** The session id (PROTOCOL.md §2): sid = H("sid", configHash, M0[1..n]) once all n approvals are on the board. */
import { utf8ToBytes } from '../bytes.js';
import { taggedHash } from './crypto/index.js';

/** sid over the configHash and the n approval envelopes in index order. */
export function computeSid(configHash: Uint8Array, approvals: readonly string[]): Uint8Array {
  return taggedHash('sid', configHash, ...approvals.map(utf8ToBytes));
}
