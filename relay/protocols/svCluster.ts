/**
 * The slot of the duty runner's channel (`sv-cluster/1`, ClusterChannel: runner ↔ runner messages; issue 14). Its
 * sessions are `sv-cluster/<...>`. Its messages matter for a slot or an epoch, not for days: they are kept in memory
 * only and forwarded to peer relays in the background, so a publication never waits on the disk or on another relay.
 * Declared, not served yet: until its signed envelope is defined (core/wire), every message is refused, and no
 * default `--accept` names it.
 */
import type { ProtocolPolicy } from './policy.js';

const PREFIX = 'sv-cluster/';

/** The sv-cluster/1 policy (a slot: it refuses everything for now). */
export const SV_CLUSTER: ProtocolPolicy = {
  protocol: 'sv-cluster/1',
  sessionForm: `${PREFIX}<cluster>`,
  claims: (session) => session.startsWith(PREFIX),
  check: () => ({ ok: false, reason: 'sv-cluster/1 (the duty runner\'s channel) is not served by this relay yet' }),
  retention: { store: 'memory', peers: 'background', limits: { maxMessageBytes: 64 * 1024, maxSessionAgeMs: 30 * 60 * 1000 } },
};
