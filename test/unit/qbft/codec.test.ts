import { describe, expect, it } from 'vitest';
import { decodeQbftMessage, encodeQbftMessage, messageDigest, type SignedQbftMessage } from '../../../src/core/qbft/index.js';
import { INSTANCE, signAs, value } from './harness.js';

const code = (c: string) => expect.objectContaining({ code: c });

const prepare = (sender: number, round = 1): SignedQbftMessage =>
  signAs(sender, { type: 'PREPARE', instance: INSTANCE, round, sender, value: { hash: value('x').hash, data: new Uint8Array(0) }, justification: [] }, messageDigest);

const roundChange: SignedQbftMessage = signAs(
  3,
  { type: 'ROUND-CHANGE', instance: { ...INSTANCE, slot: (1n << 64n) - 1n, duty: 'exit' }, round: 2, sender: 3, value: value('x'), preparedRound: 1, justification: [prepare(1), prepare(2), prepare(4)] },
  messageDigest,
);

describe('QBFT codec', () => {
  it('round-trips every shape, byte for byte', () => {
    for (const m of [prepare(1), roundChange, signAs(1, { type: 'ROUND-CHANGE', instance: INSTANCE, round: 9, sender: 1, justification: [] }, messageDigest)]) {
      const bytes = encodeQbftMessage(m);
      const back = decodeQbftMessage(bytes);
      expect(back).toEqual(m);
      expect(encodeQbftMessage(back)).toEqual(bytes);
    }
  });

  it('starts with version 1 and refuses another version', () => {
    const bytes = encodeQbftMessage(prepare(1));
    expect(bytes[0]).toBe(1);
    const other = bytes.slice();
    other[0] = 2;
    expect(() => decodeQbftMessage(other)).toThrow(code('QBFT_BAD_MESSAGE'));
  });

  it('refuses truncation at every length and trailing bytes', () => {
    const bytes = encodeQbftMessage(roundChange);
    for (let len = 0; len < bytes.length; len++) expect(() => decodeQbftMessage(bytes.slice(0, len))).toThrow(code('QBFT_BAD_MESSAGE'));
    expect(() => decodeQbftMessage(Uint8Array.of(...bytes, 0))).toThrow(code('QBFT_BAD_MESSAGE'));
  });

  it('refuses unknown types, duties and flags', () => {
    const bytes = encodeQbftMessage(prepare(1));
    const at = { type: 1, duty: 1 + 1 + 32 + 8, flags: 1 + 1 + 32 + 8 + 1 + 4 + 2 };
    for (const [offset, v] of [[at.type, 5], [at.duty, 6], [at.flags, 4]] as const) {
      const b = bytes.slice();
      b[offset] = v;
      expect(() => decodeQbftMessage(b)).toThrow(code('QBFT_BAD_MESSAGE'));
    }
  });

  it('bounds value data and the number of justifications', () => {
    const big = signAs(1, { type: 'PRE-PREPARE', instance: INSTANCE, round: 1, sender: 1, value: { hash: value('x').hash, data: new Uint8Array(101) }, justification: [] }, messageDigest);
    expect(() => encodeQbftMessage(big, { maxValueBytes: 100 })).toThrow(code('QBFT_BAD_MESSAGE'));
    const bytes = encodeQbftMessage(big);
    expect(() => decodeQbftMessage(bytes, { maxValueBytes: 100 })).toThrow(code('QBFT_BAD_MESSAGE'));
    expect(decodeQbftMessage(bytes, { maxValueBytes: 101 })).toEqual(big);
    const many = { ...roundChange, message: { ...roundChange.message, justification: Array.from({ length: 9 }, (_, i) => prepare(1 + (i % 4))) } };
    const manyBytes = encodeQbftMessage(many);
    expect(() => decodeQbftMessage(manyBytes, { members: 4 })).toThrow(code('QBFT_BAD_MESSAGE'));
    expect(decodeQbftMessage(manyBytes, { members: 5 }).message.justification).toHaveLength(9);
    expect(() => encodeQbftMessage(many, { members: 4 })).toThrow(code('QBFT_BAD_MESSAGE'));
  });

  it('refuses to encode nested justifications and out-of-range fields', () => {
    const nested = { ...roundChange, message: { ...roundChange.message, justification: [roundChange] } };
    expect(() => encodeQbftMessage(nested)).toThrow(code('QBFT_BAD_MESSAGE'));
    const m = prepare(1);
    expect(() => encodeQbftMessage({ ...m, message: { ...m.message, round: -1 } })).toThrow(code('QBFT_BAD_MESSAGE'));
    expect(() => encodeQbftMessage({ ...m, message: { ...m.message, instance: { ...INSTANCE, slot: 1n << 64n } } })).toThrow(code('QBFT_BAD_MESSAGE'));
    expect(() => encodeQbftMessage({ ...m, signature: new Uint8Array(257) })).toThrow(code('QBFT_BAD_MESSAGE'));
  });

  it('refuses a non-byte input', () => {
    expect(() => decodeQbftMessage('x' as unknown as Uint8Array)).toThrow(code('QBFT_BAD_MESSAGE'));
  });
});
