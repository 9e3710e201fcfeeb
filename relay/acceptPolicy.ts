/**
 * What a relay lets onto its board: one policy per protocol (relay/protocols/), each claiming its own sessions by
 * name, judging their messages and saying how they are kept (disk or memory, waiting on peer relays or not, its
 * own limits). A relay serves the protocols `--accept` names:
 *
 * - `sv-dkg` (the default): the ceremony's protocols, `sv-dkg/1` (the DKG board and the definition for short join
 *   links) and `sv-deposit-check/1` (the vault's deposit checks);
 * - `any`: any text on any session name (tests of the Board port, other protocols);
 * - or a comma-separated list of protocol names (`sv-dkg/1,sv-deposit-check/1`).
 *
 * Adding a protocol is a file in relay/protocols/ and a line in PROTOCOLS; no other protocol's policy changes.
 */
import { SvError } from '../src/core/errors.js';
import { DEFAULT_STORE_LIMITS, type SessionLimits } from './boardStore.js';
import { ANY } from './protocols/any.js';
import type { ProtocolPolicy, Retention, Verdict } from './protocols/policy.js';
import { SV_CLUSTER } from './protocols/svCluster.js';
import { SV_DEPOSIT_CHECK } from './protocols/svDepositCheck.js';
import { SV_DKG } from './protocols/svDkg.js';

export type { Accepted, ProtocolPolicy, Retention, Verdict } from './protocols/policy.js';

/** Every protocol a relay knows, by name. */
export const PROTOCOLS: Readonly<Record<string, ProtocolPolicy>> = {
  [SV_DKG.protocol]: SV_DKG,
  [SV_DEPOSIT_CHECK.protocol]: SV_DEPOSIT_CHECK,
  [SV_CLUSTER.protocol]: SV_CLUSTER,
  [ANY.protocol]: ANY,
};

/** Names `--accept` takes for a set of protocols. */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  'sv-dkg': [SV_DKG.protocol, SV_DEPOSIT_CHECK.protocol],
};

/** The `--accept` value of a relay that is given none. */
export const DEFAULT_ACCEPT = 'sv-dkg';

/** The protocols one relay serves, as resolved from its `--accept` value. */
export interface AcceptPolicy {
  /** The `--accept` value it came from (for logs). */
  readonly name: string;
  /** In the order they are asked whether they claim a session; `any` (claiming every session) comes last. */
  readonly protocols: readonly ProtocolPolicy[];
}

/** Thrown by acceptPolicy for an `--accept` value naming no known protocol. */
export class UnknownProtocolError extends SvError<'RELAY_UNKNOWN_PROTOCOL'> {
  constructor(readonly protocol: string) {
    super('RELAY_UNKNOWN_PROTOCOL', `unknown protocol "${protocol}": --accept takes ${acceptNames().join(', ')}, or a comma-separated list of protocols`, { protocol });
    this.name = 'UnknownProtocolError';
  }
}

/** Every name `--accept` takes, groups first. */
export function acceptNames(): string[] {
  return [...Object.keys(GROUPS), ...Object.keys(PROTOCOLS)];
}

/** Resolve an `--accept` value (a group, a protocol, or a comma-separated list of them). */
export function acceptPolicy(spec: string = DEFAULT_ACCEPT): AcceptPolicy {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean).flatMap((name) => GROUPS[name] ?? [name]);
  if (names.length === 0) throw new UnknownProtocolError(spec);
  const protocols = [...new Set(names)].map((name) => {
    const policy = PROTOCOLS[name];
    if (!policy) throw new UnknownProtocolError(name);
    return policy;
  });
  protocols.sort((a, b) => Number(a === ANY) - Number(b === ANY));
  return { name: spec, protocols };
}

/** The policy of the served protocol that claims `session`, if any. */
export function protocolOf(accept: AcceptPolicy, session: string): ProtocolPolicy | undefined {
  return accept.protocols.find((p) => p.claims(session));
}

/** Check a publication against the protocol that claims its session; returns a reason in words when it is refused. */
export function checkPublication(accept: AcceptPolicy, session: string, data: string): Verdict {
  const policy = protocolOf(accept, session);
  if (!policy) return { ok: false, reason: `session must be ${accept.protocols.map((p) => p.sessionForm).join(', or ')}` };
  return policy.check(session, data);
}

/** `--limit <protocol>.<name>=<n>` values, by protocol. */
export type ProtocolLimits = Readonly<Record<string, Partial<SessionLimits>>>;

/** How one session is kept: its protocol's store and peer mode, and its limits. */
export interface SessionRetention {
  store: Retention['store'];
  peers: Retention['peers'];
  limits: SessionLimits;
}

/**
 * How a session is kept. Limits, last wins: the relay's defaults, the protocol's own, the relay-wide `--limit`
 * overrides, the protocol's `--limit <protocol>.<name>` overrides. A session no served protocol claims (one loaded
 * from disk after `--accept` changed) is kept on disk with the relay-wide limits.
 */
export function sessionRetention(accept: AcceptPolicy, session: string, relayWide: Partial<SessionLimits>, perProtocol: ProtocolLimits = {}): SessionRetention {
  const policy = protocolOf(accept, session);
  const own = policy?.retention;
  const limits: SessionLimits = { ...sessionDefaults(), ...own?.limits, ...relayWide, ...(policy ? perProtocol[policy.protocol] : undefined) };
  return { store: own?.store ?? 'disk', peers: own?.peers ?? 'await', limits };
}

function sessionDefaults(): SessionLimits {
  const { maxMessageBytes, maxSessionMessages, maxSessionBytes, maxSessionAgeMs } = DEFAULT_STORE_LIMITS;
  return { maxMessageBytes, maxSessionMessages, maxSessionBytes, maxSessionAgeMs };
}
