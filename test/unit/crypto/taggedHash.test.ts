import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { CURVE_ORDER } from '../../../src/core/bls/index.js';
import { SECP256K1_ORDER, lengthPrefixed, taggedHasher, u16be, u32be } from '../../../src/core/crypto/index.js';
import { DKG_HASHER, hashToBlsScalar, hashToSecpScalar, taggedHash } from '../../../src/core/dkg/crypto/index.js';
import { hex, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const enc = (s: string) => new TextEncoder().encode(s);

describe('taggedHash', () => {
  it('is SHA-256 over the length-prefixed tag and fields', () => {
    const expected = sha256(hex('00000010' + toHex(enc('sv-dkg/1/example')) + '00000002' + 'abcd' + '00000000'));
    expect(toHex(taggedHash('example', hex('abcd'), new Uint8Array(0)))).toBe(toHex(expected));
  });

  it('separates purposes and field splits', () => {
    const a = taggedHash('msg', hex('0102'), hex('03'));
    expect(toHex(taggedHash('msg', hex('0102'), hex('03')))).toBe(toHex(a));
    expect(toHex(taggedHash('sid', hex('0102'), hex('03')))).not.toBe(toHex(a));
    expect(toHex(taggedHash('msg', hex('01'), hex('0203')))).not.toBe(toHex(a));
    expect(toHex(taggedHash('msg', hex('010203')))).not.toBe(toHex(a));
    expect(toHex(taggedHash('msg', hex('0102'), hex('03'), new Uint8Array(0)))).not.toBe(toHex(a));
  });

  it('rejects an empty purpose and non-byte fields', () => {
    expect(() => taggedHash('')).toThrow(code('DKG_BAD_PARAM'));
    expect(() => taggedHash('x', 'ab' as unknown as Uint8Array)).toThrow(code('DKG_BAD_PARAM'));
  });
});

describe('integer encodings', () => {
  it('u16be and u32be are big-endian and range-checked', () => {
    expect(toHex(u16be(0x1234))).toBe('1234');
    expect(toHex(u16be(0))).toBe('0000');
    expect(toHex(u32be(0x01020304))).toBe('01020304');
    expect(() => u16be(65536)).toThrow(code('DKG_BAD_INDEX'));
    expect(() => u16be(-1)).toThrow(code('DKG_BAD_INDEX'));
    expect(() => u16be(1.5)).toThrow(code('DKG_BAD_INDEX'));
    expect(() => u32be(2 ** 32)).toThrow(code('DKG_BAD_PARAM'));
  });
});

describe('hash to scalar (RFC 9380 hash_to_field)', () => {
  it('equals expand_message_xmd(msg, "sv-dkg/1/"+purpose, 48) mod the order', () => {
    const fields = [hex('aa'), hex('bbcc')];
    const msg = lengthPrefixed(...fields);
    const os2ip = (b: Uint8Array) => BigInt('0x' + toHex(b));
    const u = expand_message_xmd(msg, enc('sv-dkg/1/test'), 48, sha256);
    expect(hashToBlsScalar('test', ...fields)).toBe(os2ip(u) % CURVE_ORDER);
    expect(hashToSecpScalar('test', ...fields)).toBe(os2ip(u) % SECP256K1_ORDER);
  });

  it('is deterministic, in range and domain separated', () => {
    for (let k = 0; k < 20; k++) {
      const f = u32be(k);
      const b = hashToBlsScalar('pok', f);
      const s = hashToSecpScalar('dleq', f);
      expect(b).toBe(hashToBlsScalar('pok', f));
      expect(s).toBe(hashToSecpScalar('dleq', f));
      expect(b >= 0n && b < CURVE_ORDER).toBe(true);
      expect(s >= 0n && s < SECP256K1_ORDER).toBe(true);
      expect(hashToBlsScalar('other', f)).not.toBe(b);
    }
    expect(hashToSecpScalar('x', hex('0102'), hex('03'))).not.toBe(hashToSecpScalar('x', hex('01'), hex('0203')));
  });
});

describe('taggedHasher (one per protocol)', () => {
  it('prefixes every tag with the protocol id: the DKG keeps sv-dkg/1/', () => {
    expect(DKG_HASHER.prefix).toBe('sv-dkg/1/');
    const other = taggedHasher('sv-cluster/1');
    expect(toHex(other.domainTag('msg'))).toBe(toHex(enc('sv-cluster/1/msg')));
    expect(toHex(taggedHasher('sv-dkg/1').taggedHash('msg', hex('01')))).toBe(toHex(taggedHash('msg', hex('01'))));
    const expected = sha256(hex('00000010' + toHex(enc('sv-cluster/1/msg')) + '00000001' + '01'));
    expect(toHex(other.taggedHash('msg', hex('01')))).toBe(toHex(expected));
  });

  it('separates protocols for hashes and scalars', () => {
    const a = taggedHasher('sv-a/1');
    const b = taggedHasher('sv-b/1');
    const v2 = taggedHasher('sv-a/2');
    expect(toHex(a.taggedHash('msg', hex('01')))).not.toBe(toHex(b.taggedHash('msg', hex('01'))));
    expect(toHex(a.taggedHash('msg', hex('01')))).not.toBe(toHex(v2.taggedHash('msg', hex('01'))));
    expect(a.hashToBlsScalar('pok', hex('01'))).not.toBe(b.hashToBlsScalar('pok', hex('01')));
    expect(a.hashToSecpScalar('dleq', hex('01'))).not.toBe(b.hashToSecpScalar('dleq', hex('01')));
  });

  it('refuses a protocol id that is not <name>/<version> (a slash more would make tags ambiguous)', () => {
    for (const id of ['', 'sv-dkg', 'sv-dkg/', 'sv-dkg/1/', 'sv/dkg/1', 'SV-DKG/1', 'sv dkg/1', 'sv-dkg/v1', 3 as unknown as string]) {
      expect(() => taggedHasher(id)).toThrow(code('DKG_BAD_PARAM'));
    }
    expect(() => taggedHasher('sv-cluster/1').taggedHash('')).toThrow(code('DKG_BAD_PARAM'));
  });
});
