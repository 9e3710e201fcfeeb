/**
 * A generic signed envelope `{protocol, topic, kind, sender, body, sig}` in canonical JSON, shared by every protocol
 * (the DKG today, the runners' cluster messages next). What is signed:
 *
 *   sig = BIP-340_IK( H_protocol("msg", topic, u8(kind), u16be(sender), SHA-256(canonicalJson(body))) )
 *
 * where H_protocol is the protocol's tagged hash (domain tag `<protocol>/msg`, src/core/crypto/taggedHash.ts). So the
 * protocol and the topic (the DKG's session id, a cluster's lock hash) are inside what is signed: a message of one
 * protocol never verifies as another's, nor under another topic, nor as another kind or sender.
 *
 * An {@link EnvelopeProfile} says what one protocol accepts: its kinds, the topic's length, the largest text, and
 * its layout on the wire. The standard layout writes the fields under their own names (`protocol` carries the id);
 * sv-dkg/1 keeps the layout it was published with (`{v:1, sid, round, sender, body, sig}`, see PROTOCOL.md §3).
 * Decode = validate: canonical form, exact keys, the protocol's marker, field ranges, size limit.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { u16be } from '../crypto/encoding.js';
import { signDigestWith, verifyDigestSig } from '../crypto/envelopeSig.js';
import { taggedHasher, type TaggedHasher } from '../crypto/taggedHash.js';
import { canonicalJson, parseCanonicalJson, type CanonicalValue } from './canonicalJson.js';
import { bad, readHex, readInt, readObject, toHex0x } from './fields.js';

/** Largest sender index (u16be in the digest). */
export const MAX_SENDER = 0xffff;

/** Where a profile's fields sit on the wire: the marker field that names the protocol, and the topic and kind keys. */
export interface EnvelopeLayout {
  /** Key of the field whose value identifies the protocol (`protocol` in the standard layout). */
  readonly markerKey: string;
  /** Its required value (the protocol id in the standard layout). */
  readonly markerValue: string | number;
  /** Why a text with another marker value is refused. */
  readonly markerRefusal: string;
  /** Key of the topic field. */
  readonly topicKey: string;
  /** Key of the kind field. */
  readonly kindKey: string;
}

/** What one protocol accepts in an envelope. */
export interface EnvelopeProfileSpec {
  /** The protocol id (`<name>/<version>`); also the prefix of the signed digest's domain tag. */
  readonly protocol: string;
  /** The kinds of message the protocol has (integers 0..255, e.g. the DKG's rounds). */
  readonly kinds: readonly number[];
  /** Length in bytes of the topic. */
  readonly topicLength: number;
  /** Largest envelope accepted, in characters of canonical JSON. */
  readonly maxLength: number;
  /** The wire layout; the standard layout when omitted. */
  readonly layout?: EnvelopeLayout;
}

/** A validated profile: the spec, its layout and its tagged hashes. */
export interface EnvelopeProfile extends EnvelopeProfileSpec {
  readonly layout: EnvelopeLayout;
  readonly hasher: TaggedHasher;
}

/** The fields of an envelope before signing. */
export interface EnvelopeFields {
  topic: Uint8Array;
  kind: number;
  sender: number;
  body: CanonicalValue;
}

/** A decoded envelope; `text` is its canonical form (its identity), `body` still undecoded. */
export interface SignedEnvelope extends EnvelopeFields {
  protocol: string;
  sig: Uint8Array;
  text: string;
}

/** The standard layout of a protocol: `{protocol, topic, kind, sender, body, sig}` under their own names. */
export function standardLayout(protocol: string): EnvelopeLayout {
  return { markerKey: 'protocol', markerValue: protocol, markerRefusal: `not a ${protocol} envelope`, topicKey: 'topic', kindKey: 'kind' };
}

function badProfile(why: string): never {
  throw new SvError('WIRE_BAD_VALUE', `bad envelope profile: ${why}`);
}

/** Check and freeze a profile. Throws `WIRE_BAD_VALUE` (or `DKG_BAD_PARAM` for a malformed protocol id). */
export function defineEnvelopeProfile(spec: EnvelopeProfileSpec): EnvelopeProfile {
  const hasher = taggedHasher(spec.protocol);
  const kinds = [...spec.kinds];
  if (kinds.length === 0 || kinds.some((k) => !Number.isInteger(k) || k < 0 || k > 0xff)) badProfile('kinds must be integers in 0..255');
  if (new Set(kinds).size !== kinds.length) badProfile('kinds must be distinct');
  if (!Number.isInteger(spec.topicLength) || spec.topicLength < 1 || spec.topicLength > 64) badProfile('topic length must be 1..64 bytes');
  if (!Number.isInteger(spec.maxLength) || spec.maxLength < 64) badProfile('size limit must be an integer of at least 64');
  const layout = Object.freeze({ ...(spec.layout ?? standardLayout(spec.protocol)) });
  const keys = new Set([layout.markerKey, layout.topicKey, layout.kindKey, 'sender', 'body', 'sig']);
  if (keys.size !== 6) badProfile('layout keys must be distinct');
  return Object.freeze({ protocol: spec.protocol, kinds: Object.freeze(kinds.sort((a, b) => a - b)), topicLength: spec.topicLength, maxLength: spec.maxLength, layout, hasher });
}

/** H(body): SHA-256 of the body's canonical JSON. */
export function bodyHash(body: CanonicalValue): Uint8Array {
  return sha256(utf8ToBytes(canonicalJson(body)));
}

/** SHA-256 of an envelope's canonical text: how messages refer to one another (the DKG's `seen`, transcripts). */
export function messageHash(text: string): Uint8Array {
  return sha256(utf8ToBytes(text));
}

/** True when `kind` is one of the profile's kinds. */
export function isProfileKind(profile: EnvelopeProfile, kind: number): boolean {
  return profile.kinds.includes(kind);
}

/**
 * The signed digest from a body hash alone (lets a protocol echo another's message with a checkable signature):
 * H_protocol("msg", topic, u8(kind), u16be(sender), bodyHash). Only encodability is checked here (`WIRE_BAD_FIELD`
 * for a kind outside 0..255, `DKG_BAD_INDEX` for a sender outside 0..65535): whether the fields are in the profile
 * is the reader's check ({@link openEnvelope}), so a test can still sign what an adversary would send.
 */
export function envelopeDigestOfBodyHash(profile: EnvelopeProfile, topic: Uint8Array, kind: number, sender: number, hash: Uint8Array): Uint8Array {
  if (!Number.isInteger(kind) || kind < 0 || kind > 0xff) bad('envelope.kind', `not a one-byte kind: ${String(kind)}`);
  return profile.hasher.taggedHash('msg', topic, Uint8Array.of(kind), u16be(sender), hash);
}

/** The digest the sender's identity key signs. */
export function envelopeDigest(profile: EnvelopeProfile, f: EnvelopeFields): Uint8Array {
  return envelopeDigestOfBodyHash(profile, f.topic, f.kind, f.sender, bodyHash(f.body));
}

/**
 * Sign and encode an envelope in the profile's layout; returns its canonical text. The profile's ranges and size
 * limit are the reader's checks: a text outside them is signed but refused by {@link openEnvelope}.
 */
export function sealEnvelope(profile: EnvelopeProfile, identitySecret: Uint8Array, f: EnvelopeFields): string {
  const sig = signDigestWith(profile.hasher, identitySecret, envelopeDigest(profile, f));
  const { markerKey, markerValue, topicKey, kindKey } = profile.layout;
  return canonicalJson({ [markerKey]: markerValue, [topicKey]: toHex0x(f.topic), [kindKey]: f.kind, sender: f.sender, body: f.body, sig: toHex0x(sig) });
}

/**
 * Decode an envelope of `profile` from a group of `n` senders (decode = validate: size, canonical form, exact keys,
 * the protocol's marker, a kind of the profile, sender in 1..n, topic and signature lengths). Does not check the
 * signature (that needs the sender's identity key). Throws coded `WIRE_*` errors.
 */
export function openEnvelope(profile: EnvelopeProfile, text: string, n: number): SignedEnvelope {
  const { markerKey, markerValue, markerRefusal, topicKey, kindKey } = profile.layout;
  const value = parseCanonicalJson(text, profile.maxLength);
  const o = readObject(value, 'envelope', [markerKey, topicKey, kindKey, 'sender', 'body', 'sig']);
  if (o[markerKey] !== markerValue) bad(`envelope.${markerKey}`, markerRefusal);
  const kinds = profile.kinds;
  const kind = readInt(o[kindKey], `envelope.${kindKey}`, kinds[0]!, kinds[kinds.length - 1]!);
  if (!isProfileKind(profile, kind)) bad(`envelope.${kindKey}`, `not a kind of ${profile.protocol}`);
  const sender = readInt(o.sender, 'envelope.sender', 1, Math.min(n, MAX_SENDER));
  const topic = readHex(o[topicKey], `envelope.${topicKey}`, profile.topicLength);
  return { protocol: profile.protocol, topic, kind, sender, body: o.body as CanonicalValue, sig: readHex(o.sig, 'envelope.sig', 64), text };
}

/** Check an envelope's signature under the sender's identity key, as a message of `profile`. Never throws. */
export function verifyEnvelope(profile: EnvelopeProfile, env: SignedEnvelope, identityKey: Uint8Array): boolean {
  if (env.protocol !== profile.protocol) return false;
  let digest: Uint8Array;
  try {
    digest = envelopeDigest(profile, env);
  } catch {
    return false;
  }
  return verifyDigestSig(identityKey, digest, env.sig);
}

/**
 * The kind of an envelope of `profile` without knowing the group's size, or undefined when the text is not one
 * (anything `openEnvelope` would refuse for any group). For routing and cheap checks; never throws.
 */
export function peekEnvelopeKind(profile: EnvelopeProfile, text: string): number | undefined {
  try {
    return openEnvelope(profile, text, MAX_SENDER).kind;
  } catch {
    return undefined;
  }
}
