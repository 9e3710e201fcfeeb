/**
 * Signed envelopes of sv-dkg/1 (PROTOCOL.md §3): the sv-dkg/1 profile of the generic envelope (src/core/wire/
 * envelope.ts), with topic = sid and kind = round. On the wire it keeps the layout it was published with,
 * `{v:1, sid, round, sender, body, sig}` in canonical JSON, and `sig = Schnorr_IK(H("msg", sid, round, sender,
 * H(body)))` with H the `sv-dkg/1/` tagged hash: the protocol and the session are inside what is signed. Round 0
 * (approvals) predates the session id, so its `sid` field carries the configHash.
 */
import type { CanonicalValue } from '../wire/canonicalJson.js';
import {
  bodyHash,
  defineEnvelopeProfile,
  envelopeDigestOfBodyHash,
  messageHash,
  openEnvelope as openProfileEnvelope,
  peekEnvelopeKind,
  sealEnvelope as sealProfileEnvelope,
  verifyEnvelope as verifyProfileEnvelope,
  type EnvelopeProfile,
} from '../wire/envelope.js';
import { DKG_PROTOCOL } from './crypto/hash.js';

export { bodyHash, messageHash };

/** Round numbers: M0 approval, M1 deal, M2 ack, M3 confirm. */
export const ROUND = { APPROVE: 0, DEAL: 1, ACK: 2, CONFIRM: 3 } as const;
/** A round of sv-dkg/1: the kind of its envelope. */
export type Round = (typeof ROUND)[keyof typeof ROUND];

/** Largest envelope we accept (characters of canonical JSON). */
export const MAX_ENVELOPE_LENGTH = 1024 * 1024;

/** The sv-dkg/1 envelope profile: kinds = rounds 0..3, 32-byte topic (sid), the published `{v:1, sid, round}` layout. */
export const DKG_ENVELOPE: EnvelopeProfile = defineEnvelopeProfile({
  protocol: DKG_PROTOCOL,
  kinds: Object.values(ROUND),
  topicLength: 32,
  maxLength: MAX_ENVELOPE_LENGTH,
  layout: { markerKey: 'v', markerValue: 1, markerRefusal: 'unsupported envelope version', topicKey: 'sid', kindKey: 'round' },
});

/** A decoded envelope; `text` is its canonical form (its identity), `body` still undecoded. */
export interface Envelope {
  sid: Uint8Array;
  round: Round;
  sender: number;
  body: CanonicalValue;
  sig: Uint8Array;
  text: string;
}

/** H("msg", sid, round, sender, H(body)): what the identity key signs. */
export function envelopeDigest(sid: Uint8Array, round: Round, sender: number, body: CanonicalValue): Uint8Array {
  return digestOfBodyHash(sid, round, sender, bodyHash(body));
}

/** The signed digest from a body hash alone: lets an echo (M2 `seen`) carry a checkable signature. */
export function digestOfBodyHash(sid: Uint8Array, round: Round, sender: number, hash: Uint8Array): Uint8Array {
  return envelopeDigestOfBodyHash(DKG_ENVELOPE, sid, round, sender, hash);
}

/** Sign and encode an envelope; returns its canonical text. */
export function sealEnvelope(identitySecret: Uint8Array, sid: Uint8Array, round: Round, sender: number, body: CanonicalValue): string {
  return sealProfileEnvelope(DKG_ENVELOPE, identitySecret, { topic: sid, kind: round, sender, body });
}

/**
 * Decode an envelope for a ceremony of `n` participants (decode = validate: canonical form, field types,
 * ranges). Does not check the signature (that needs the sender's identity key). Throws coded WIRE_* errors.
 */
export function openEnvelope(text: string, n: number): Envelope {
  const e = openProfileEnvelope(DKG_ENVELOPE, text, n);
  return { sid: e.topic, round: e.kind as Round, sender: e.sender, body: e.body, sig: e.sig, text };
}

/** Check an envelope's signature under the sender's identity key. */
export function verifyEnvelope(env: Envelope, identityKey: Uint8Array): boolean {
  const { sid, round, sender, body, sig, text } = env;
  return verifyProfileEnvelope(DKG_ENVELOPE, { protocol: DKG_PROTOCOL, topic: sid, kind: round, sender, body, sig, text }, identityKey);
}

/**
 * The round of a text that is an sv-dkg/1 envelope of some ceremony, or undefined when it is not one (for cheap
 * routing, e.g. "is this an approval?"; the full check is {@link openEnvelope} with the ceremony's n). Never throws.
 */
export function peekDkgRound(text: string): Round | undefined {
  return peekEnvelopeKind(DKG_ENVELOPE, text) as Round | undefined;
}
