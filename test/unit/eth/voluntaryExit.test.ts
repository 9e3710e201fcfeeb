import { describe, expect, it } from 'vitest';
import { CURVE_ORDER, combinePartialSignatures, encodeSecretKey, secretToPublicKey, sign, splitSecret } from '../../../src/core/bls/index.js';
import { bytesToBigIntBE } from '../../../src/core/bytes.js';
import {
  assembleSignedVoluntaryExit,
  computeSigningRoot,
  createVoluntaryExit,
  getNetwork,
  hashTreeRootVoluntaryExit,
  signedVoluntaryExitFromJson,
  signedVoluntaryExitToJson,
  signVoluntaryExit,
  verifySignedVoluntaryExit,
  voluntaryExitSigningRoot,
} from '../../../src/core/eth/index.js';
import { hex, readJson, seededBytes, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const secret = (bytesToBigIntBE(seededBytes('exit/sk')(48)) % (CURVE_ORDER - 1n)) + 1n;
const sk = encodeSecretKey(secret);
const pk = secretToPublicKey(sk);
const hoodi = getNetwork('hoodi');
const domains = readJson<Record<string, Record<string, string>>>('eth', 'domains.json');
const exitDomains = Object.entries(domains).find(([k]) => k.startsWith('DOMAIN_VOLUNTARY_EXIT'))?.[1] as Record<string, string>;

describe('voluntary exit', () => {
  it('signs under the EIP-7044 domain (Capella fork version + genesis validators root)', () => {
    const exit = createVoluntaryExit(0n, 1804776n);
    for (const name of ['mainnet', 'sepolia', 'holesky', 'hoodi'] as const) {
      const expected = computeSigningRoot(hashTreeRootVoluntaryExit(exit), hex(exitDomains[name] as string));
      expect(toHex(voluntaryExitSigningRoot(exit, getNetwork(name)))).toBe(toHex(expected));
    }
  });

  it('sign, verify, and refuse under another network or another exit', () => {
    const exit = createVoluntaryExit(300000n, 42n);
    const signed = signVoluntaryExit(exit, sk, hoodi);
    expect(verifySignedVoluntaryExit(signed, pk, hoodi)).toBe(true);
    expect(verifySignedVoluntaryExit(signed, pk, getNetwork('mainnet'))).toBe(false);
    expect(verifySignedVoluntaryExit({ ...signed, message: createVoluntaryExit(300000n, 43n) }, pk, hoodi)).toBe(false);
    expect(verifySignedVoluntaryExit({ ...signed, signature: new Uint8Array(3) }, pk, hoodi)).toBe(false);
  });

  it('threshold: the combined signature equals the full-key signature byte for byte', () => {
    const exit = createVoluntaryExit(0n, 1804776n);
    const full = signVoluntaryExit(exit, sk, hoodi);
    const shares = splitSecret(secret, 2, 3, seededBytes('exit/split'));
    const root = voluntaryExitSigningRoot(exit, hoodi);
    const partials = [shares[2]!, shares[0]!].map((s) => ({ index: s.index, signature: sign(encodeSecretKey(s.secret), root) }));
    const assembled = assembleSignedVoluntaryExit(exit, combinePartialSignatures(partials, 2), pk, hoodi);
    expect(toHex(assembled.signature)).toBe(toHex(full.signature));
  });

  it('assemble refuses a signature that does not verify', () => {
    const exit = createVoluntaryExit(1n, 2n);
    const good = signVoluntaryExit(exit, sk, hoodi).signature;
    expect(() => assembleSignedVoluntaryExit(createVoluntaryExit(1n, 3n), good, pk, hoodi)).toThrow(code('ETH_BAD_SIGNATURE'));
    expect(() => assembleSignedVoluntaryExit(exit, good.subarray(1), pk, hoodi)).toThrow(code('ETH_BAD_LENGTH'));
  });

  it('uint64 fields are checked', () => {
    expect(() => createVoluntaryExit(-1n, 0n)).toThrow(code('ETH_BAD_UINT64'));
    expect(() => createVoluntaryExit(0n, 1n << 64n)).toThrow(code('ETH_BAD_UINT64'));
    expect(createVoluntaryExit((1n << 64n) - 1n, 0n).epoch).toBe((1n << 64n) - 1n);
  });

  it('JSON: the ethstaker / beacon API format round-trips', () => {
    const example = readJson<unknown>('eth', 'deposit-cli', 'ethstaker-docs-signed_exit-example.json');
    const parsed = signedVoluntaryExitFromJson(example);
    expect(parsed.message).toEqual({ epoch: 0n, validatorIndex: 1804776n });
    expect(signedVoluntaryExitToJson(parsed)).toEqual(example);
    const big = signVoluntaryExit(createVoluntaryExit(18446744073709551615n, 7n), sk, hoodi);
    const json = signedVoluntaryExitToJson(big);
    expect(json.message.epoch).toBe('18446744073709551615');
    expect(signedVoluntaryExitFromJson(JSON.parse(JSON.stringify(json)))).toEqual(big);
  });

  it.each([
    ['null', null],
    ['no message', { signature: `0x${'00'.repeat(96)}` }],
    ['short signature', { message: { epoch: '0', validator_index: '1' }, signature: '0x00' }],
    ['non-hex signature', { message: { epoch: '0', validator_index: '1' }, signature: 'zz'.repeat(96) }],
    ['negative epoch', { message: { epoch: '-1', validator_index: '1' }, signature: `0x${'00'.repeat(96)}` }],
    ['epoch over 2^64', { message: { epoch: '18446744073709551616', validator_index: '1' }, signature: `0x${'00'.repeat(96)}` }],
    ['fractional index', { message: { epoch: '0', validator_index: 1.5 }, signature: `0x${'00'.repeat(96)}` }],
  ])('fromJson rejects %s with ETH_BAD_EXIT', (_why, json) => {
    expect(() => signedVoluntaryExitFromJson(json)).toThrow(code('ETH_BAD_EXIT'));
  });
});
