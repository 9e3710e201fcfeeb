/**
 * Signed envelopes (PROTOCOL.md §3): `{v:1, sid, round, sender, body, sig}` in canonical JSON, with
 * `sig = Schnorr_IK(H("msg", sid, round, sender, H(body)))`. Round 0 (approvals) predates the session id, so its
 * `sid` field carries the configHash.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '../bytes.js';
import { canonicalJson, parseCanonicalJson, type CanonicalValue } from '../wire/canonicalJson.js';
import { readHex, readInt, readObject, toHex0x, bad } from '../wire/fields.js';
import { signDigest, taggedHash, u16be, verifyDigestSig } from './crypto/index.js';

/** Round numbers: M0 approval, M1 deal, M2 ack, M3 confirm. */
export const ROUND = { APPROVE: 0, DEAL: 1, ACK: 2, CONFIRM: 3 } as const;
export type Round = (typeof ROUND)[keyof typeof ROUND];

/** Largest envelope we accept (characters of canonical JSON). */
export const MAX_ENVELOPE_LENGTH = 1024 * 1024;

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

/** H(body): SHA-256 of the body's canonical JSON. */
export function bodyHash(body: CanonicalValue): Uint8Array {
  return sha256(utf8ToBytes(canonicalJson(body)));
}

/** The signed digest from a body hash alone: lets an echo (M2 `seen`) carry a checkable signature. */
export function digestOfBodyHash(sid: Uint8Array, round: Round, sender: number, hash: Uint8Array): Uint8Array {
  return taggedHash('msg', sid, Uint8Array.of(round), u16be(sender), hash);
}

/** Sign and encode an envelope; returns its canonical text. */
export function sealEnvelope(identitySecret: Uint8Array, sid: Uint8Array, round: Round, sender: number, body: CanonicalValue): string {
  const sig = signDigest(identitySecret, envelopeDigest(sid, round, sender, body));
  return canonicalJson({ v: 1, sid: toHex0x(sid), round, sender, body, sig: toHex0x(sig) });
}

/**
 * Decode an envelope for a ceremony of `n` participants (decode = validate: canonical form, field types,
 * ranges). Does not check the signature (that needs the sender's identity key). Throws coded WIRE_* errors.
 */
export function openEnvelope(text: string, n: number): Envelope {
  const value = parseCanonicalJson(text, MAX_ENVELOPE_LENGTH);
  const o = readObject(value, 'envelope', ['v', 'sid', 'round', 'sender', 'body', 'sig']);
  if (o.v !== 1) bad('envelope.v', 'unsupported envelope version');
  const round = readInt(o.round, 'envelope.round', 0, 3) as Round;
  const sender = readInt(o.sender, 'envelope.sender', 1, n);
  return { sid: readHex(o.sid, 'envelope.sid', 32), round, sender, body: o.body as CanonicalValue, sig: readHex(o.sig, 'envelope.sig', 64), text };
}

/** Check an envelope's signature under the sender's identity key. */
export function verifyEnvelope(env: Envelope, identityKey: Uint8Array): boolean {
  return verifyDigestSig(identityKey, envelopeDigest(env.sid, env.round, env.sender, env.body), env.sig);
}

/** SHA-256 of an envelope's canonical text: how `seen` vectors and the transcript refer to a message. */
export function messageHash(text: string): Uint8Array {
  return sha256(utf8ToBytes(text));
}
