/**
 * `any`: any text on any session name (tests of the Board port, other protocols). Kept on disk and exchanged with
 * peer relays like the DKG board, so the Board port's compliance suite sees the same guarantees.
 */
import { ACCEPTED, type ProtocolPolicy } from './policy.js';

/** The accept-everything policy; it claims every session, so it is always tried last. */
export const ANY: ProtocolPolicy = {
  protocol: 'any',
  sessionForm: 'any name',
  claims: () => true,
  check: () => ACCEPTED,
  retention: { store: 'disk', peers: 'await', limits: {} },
};
