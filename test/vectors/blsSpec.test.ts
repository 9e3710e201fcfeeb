// consensus-spec-tests general/phase0/bls: every case we carry, run through our wrapper.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSignatures, aggregateVerify, fastAggregateVerify, sign, verify } from '../../src/core/bls/index.js';
import { hex, readYaml, specCases, toHex } from '../helpers.js';

const cases = (handler: string) => specCases('general', 'phase0', 'bls', handler, 'bls');
const data = <T>(dir: string) => readYaml<T>(join(dir, 'data.yaml'));

describe('consensus-spec BLS: sign', () => {
  const all = cases('sign');
  it('has cases', () => expect(all.length).toBeGreaterThanOrEqual(10));
  it.each(all)('$name', ({ dir }) => {
    const d = data<{ input: { privkey: string; message: string }; output: string | null }>(dir);
    if (d.output === null) expect(() => sign(hex(d.input.privkey), hex(d.input.message))).toThrow();
    else expect('0x' + toHex(sign(hex(d.input.privkey), hex(d.input.message)))).toBe(d.output);
  });
});

describe('consensus-spec BLS: verify', () => {
  it.each(cases('verify'))('$name', ({ dir }) => {
    const d = data<{ input: { pubkey: string; message: string; signature: string }; output: boolean }>(dir);
    expect(verify(hex(d.input.pubkey), hex(d.input.message), hex(d.input.signature))).toBe(d.output);
  });
});

describe('consensus-spec BLS: aggregate', () => {
  it.each(cases('aggregate'))('$name', ({ dir }) => {
    const d = data<{ input: string[]; output: string | null }>(dir);
    if (d.output === null) expect(() => aggregateSignatures(d.input.map(hex))).toThrow();
    else expect('0x' + toHex(aggregateSignatures(d.input.map(hex)))).toBe(d.output);
  });
  it('rejects an empty list (spec: output null)', () => {
    expect(() => aggregateSignatures([])).toThrow(expect.objectContaining({ code: 'BLS_EMPTY_INPUT' }));
  });
});

describe('consensus-spec BLS: fast_aggregate_verify', () => {
  it.each(cases('fast_aggregate_verify'))('$name', ({ dir }) => {
    const d = data<{ input: { pubkeys: string[]; message: string; signature: string }; output: boolean }>(dir);
    expect(fastAggregateVerify(d.input.pubkeys.map(hex), hex(d.input.message), hex(d.input.signature))).toBe(d.output);
  });
});

describe('consensus-spec BLS: aggregate_verify', () => {
  it.each(cases('aggregate_verify'))('$name', ({ dir }) => {
    const d = data<{ input: { pubkeys: string[]; messages: string[]; signature: string }; output: boolean }>(dir);
    expect(aggregateVerify(d.input.pubkeys.map(hex), d.input.messages.map(hex), hex(d.input.signature))).toBe(d.output);
  });
});
