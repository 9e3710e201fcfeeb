import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import {
  defineEnvelopeProfile,
  envelopeDigest,
  openEnvelope,
  peekEnvelopeKind,
  sealEnvelope,
  verifyEnvelope,
  type EnvelopeProfile,
  type SignedEnvelope,
} from '../../../src/core/wire/envelope.js';
import { canonicalJson } from '../../../src/core/wire/canonicalJson.js';
import { toHex0x } from '../../../src/core/wire/fields.js';
import { lengthPrefixed, u16be } from '../../../src/core/crypto/index.js';
import { DKG_ENVELOPE, ROUND, openEnvelope as openDkg, peekDkgRound, sealEnvelope as sealDkg, verifyEnvelope as verifyDkg } from '../../../src/core/dkg/envelope.js';
import { deriveCeremonyKeys } from '../../../src/core/dkg/crypto/index.js';
import { hex, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const enc = (s: string) => new TextEncoder().encode(s);
const keys = deriveCeremonyKeys(hex('31'.repeat(32)), hex('32'.repeat(32)));
const topic = hex('aa'.repeat(32));
const otherTopic = hex('bb'.repeat(32));

const profile = (protocol: string, kinds: number[] = [0, 1, 2, 3]): EnvelopeProfile => defineEnvelopeProfile({ protocol, kinds, topicLength: 32, maxLength: 4096 });
const A = profile('sv-a/1');
const B = profile('sv-b/1');

/** Re-encode an envelope's fields in another profile's layout, keeping the signature (what a replayer would do). */
function reencode(target: EnvelopeProfile, e: SignedEnvelope, over: Partial<SignedEnvelope> = {}): string {
  const f = { ...e, ...over };
  const { markerKey, markerValue, topicKey, kindKey } = target.layout;
  return canonicalJson({ [markerKey]: markerValue, [topicKey]: toHex0x(f.topic), [kindKey]: f.kind, sender: f.sender, body: f.body, sig: toHex0x(f.sig) });
}

describe('generic signed envelope', () => {
  const text = sealEnvelope(A, keys.identitySecret, { topic, kind: 2, sender: 3, body: { hello: 'world' } });

  it('is canonical JSON in the standard layout and round-trips', () => {
    expect(text.startsWith('{"body":{"hello":"world"},"kind":2,"protocol":"sv-a/1","sender":3,"sig":"0x')).toBe(true);
    expect(text.endsWith(`","topic":"${toHex0x(topic)}"}`)).toBe(true);
    const e = openEnvelope(A, text, 4);
    expect(e).toMatchObject({ protocol: 'sv-a/1', kind: 2, sender: 3, body: { hello: 'world' }, text });
    expect(toHex(e.topic)).toBe(toHex(topic));
    expect(verifyEnvelope(A, e, keys.identityKey)).toBe(true);
  });

  it('signs H_protocol("msg", topic, u8 kind, u16 sender, H(body)) with BIP-340', () => {
    const bh = sha256(enc(canonicalJson({ hello: 'world' })));
    const digest = sha256(lengthPrefixed(enc('sv-a/1/msg'), topic, Uint8Array.of(2), u16be(3), bh));
    expect(toHex(envelopeDigest(A, { topic, kind: 2, sender: 3, body: { hello: 'world' } }))).toBe(toHex(digest));
    expect(schnorr.verify(openEnvelope(A, text, 4).sig, digest, keys.identityKey)).toBe(true);
  });

  it('a message of protocol A is refused by B, and re-encoded as B it does not verify', () => {
    expect(() => openEnvelope(B, text, 4)).toThrow(code('WIRE_BAD_FIELD'));
    const e = openEnvelope(A, text, 4);
    const asB = openEnvelope(B, reencode(B, e), 4);
    expect(verifyEnvelope(B, asB, keys.identityKey)).toBe(false);
    expect(verifyEnvelope(B, e, keys.identityKey)).toBe(false); // decoded as A: B refuses to judge it
  });

  it('a topic, kind or sender swap fails verification', () => {
    const e = openEnvelope(A, text, 4);
    expect(verifyEnvelope(A, openEnvelope(A, reencode(A, e, { topic: otherTopic }), 4), keys.identityKey)).toBe(false);
    expect(verifyEnvelope(A, openEnvelope(A, reencode(A, e, { kind: 1 }), 4), keys.identityKey)).toBe(false);
    expect(verifyEnvelope(A, openEnvelope(A, reencode(A, e, { sender: 2 }), 4), keys.identityKey)).toBe(false);
    expect(verifyEnvelope(A, openEnvelope(A, reencode(A, e, { body: { hello: 'there' } }), 4), keys.identityKey)).toBe(false);
    expect(verifyEnvelope(A, { ...e, topic: otherTopic }, keys.identityKey)).toBe(false);
  });

  it('kinds outside the profile are refused by the reader (a signer may still make one, as an adversary would)', () => {
    const sparse = profile('sv-sparse/1', [1, 5]);
    const ok = sealEnvelope(sparse, keys.identitySecret, { topic, kind: 5, sender: 1, body: null });
    expect(openEnvelope(sparse, ok, 2).kind).toBe(5);
    const e = openEnvelope(sparse, ok, 2);
    for (const kind of [0, 2, 3, 4, 6, 255]) {
      expect(() => openEnvelope(sparse, reencode(sparse, e, { kind }), 2)).toThrow(code('WIRE_BAD_FIELD'));
      expect(() => openEnvelope(sparse, sealEnvelope(sparse, keys.identitySecret, { topic, kind, sender: 1, body: null }), 2)).toThrow(code('WIRE_BAD_FIELD'));
      expect(peekEnvelopeKind(sparse, reencode(sparse, e, { kind }))).toBeUndefined();
    }
    expect(peekEnvelopeKind(sparse, ok)).toBe(5);
    expect(() => sealEnvelope(sparse, keys.identitySecret, { topic, kind: 256, sender: 1, body: null })).toThrow(code('WIRE_BAD_FIELD'));
  });

  it('decode = validate: size, canonical form, exact keys, ranges', () => {
    const e = openEnvelope(A, text, 4);
    expect(() => openEnvelope(A, text, 2)).toThrow(code('WIRE_BAD_FIELD')); // sender 3 of 2
    expect(() => openEnvelope(A, reencode(A, e, { sender: 0 }), 4)).toThrow(code('WIRE_BAD_FIELD'));
    expect(() => openEnvelope(A, reencode(A, e, { topic: hex('aa'.repeat(31)) }), 4)).toThrow(code('WIRE_BAD_FIELD'));
    expect(() => openEnvelope(A, reencode(A, e, { sig: hex('cc'.repeat(63)) }), 4)).toThrow(code('WIRE_BAD_FIELD'));
    expect(() => openEnvelope(A, JSON.stringify({ ...JSON.parse(text), extra: 1 }), 4)).toThrow(code('WIRE_NOT_CANONICAL'));
    expect(() => openEnvelope(A, canonicalJson({ ...JSON.parse(text), extra: 1 }), 4)).toThrow(code('WIRE_BAD_FIELD'));
    expect(() => openEnvelope(A, ` ${text}`, 4)).toThrow(code('WIRE_NOT_CANONICAL'));
    const big = sealEnvelope(A, keys.identitySecret, { topic, kind: 0, sender: 1, body: 'x'.repeat(4096) });
    expect(() => openEnvelope(A, big, 4)).toThrow(code('WIRE_TOO_LARGE'));
  });

  it('profiles are checked when defined', () => {
    const spec = { protocol: 'sv-a/1', kinds: [0], topicLength: 32, maxLength: 4096 };
    expect(() => defineEnvelopeProfile({ ...spec, protocol: 'sv-a' })).toThrow(code('DKG_BAD_PARAM'));
    expect(() => defineEnvelopeProfile({ ...spec, kinds: [] })).toThrow(code('WIRE_BAD_VALUE'));
    expect(() => defineEnvelopeProfile({ ...spec, kinds: [256] })).toThrow(code('WIRE_BAD_VALUE'));
    expect(() => defineEnvelopeProfile({ ...spec, kinds: [1, 1] })).toThrow(code('WIRE_BAD_VALUE'));
    expect(() => defineEnvelopeProfile({ ...spec, topicLength: 0 })).toThrow(code('WIRE_BAD_VALUE'));
    expect(() => defineEnvelopeProfile({ ...spec, layout: { markerKey: 'sender', markerValue: 1, markerRefusal: '', topicKey: 't', kindKey: 'k' } })).toThrow(code('WIRE_BAD_VALUE'));
  });
});

describe('the sv-dkg/1 profile', () => {
  const sid = hex('11'.repeat(32));
  const text = sealDkg(keys.identitySecret, sid, ROUND.ACK, 2, { seen: [] });

  it('keeps the published layout {v:1, sid, round, sender, body, sig}', () => {
    expect(text.startsWith('{"body":{"seen":[]},"round":2,"sender":2,"sid":"0x1111')).toBe(true);
    expect(text.endsWith('"v":1}')).toBe(true);
    expect(DKG_ENVELOPE.protocol).toBe('sv-dkg/1');
    expect(DKG_ENVELOPE.kinds).toEqual([0, 1, 2, 3]);
  });

  it('a DKG message is not a message of another protocol with the same topic and kind, nor the other way', () => {
    const dkg = openEnvelope(DKG_ENVELOPE, text, 4);
    const cluster = profile('sv-cluster/1');
    const replayed = openEnvelope(cluster, reencode(cluster, dkg), 4);
    expect(verifyEnvelope(cluster, replayed, keys.identityKey)).toBe(false);
    const duty = sealEnvelope(cluster, keys.identitySecret, { topic: sid, kind: ROUND.ACK, sender: 2, body: { seen: [] } });
    expect(() => openDkg(duty, 4)).toThrow(code('WIRE_BAD_FIELD'));
    const asDkg = openDkg(reencode(DKG_ENVELOPE, openEnvelope(cluster, duty, 4)), 4);
    expect(verifyDkg(asDkg, keys.identityKey)).toBe(false);
    expect(verifyDkg(openDkg(text, 4), keys.identityKey)).toBe(true);
  });

  it('a message of one session does not verify under another session id', () => {
    const e = openEnvelope(DKG_ENVELOPE, text, 4);
    expect(verifyDkg(openDkg(reencode(DKG_ENVELOPE, e, { topic: otherTopic }), 4), keys.identityKey)).toBe(false);
  });

  it('rounds outside 0..3 are refused; peekDkgRound names the round of any ceremony size, or undefined', () => {
    const e = openEnvelope(DKG_ENVELOPE, text, 4);
    expect(() => openDkg(reencode(DKG_ENVELOPE, e, { kind: 4 }), 4)).toThrow(code('WIRE_BAD_FIELD'));
    expect(peekDkgRound(text)).toBe(ROUND.ACK);
    expect(peekDkgRound(reencode(DKG_ENVELOPE, e, { kind: 4 }))).toBeUndefined();
    expect(peekDkgRound('{"body":{},"round":0}')).toBeUndefined();
    expect(peekDkgRound('not json')).toBeUndefined();
    expect(peekDkgRound(sealDkg(keys.identitySecret, sid, ROUND.APPROVE, 300, {}))).toBe(ROUND.APPROVE);
  });
});
