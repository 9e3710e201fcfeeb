import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CURVE_ORDER, encodeSecretKey, secretToPublicKey, sign } from '../../../src/core/bls/index.js';
import { bytesToBigIntBE } from '../../../src/core/bytes.js';
import {
  depositSigningRoot,
  executionWithdrawalCredentials,
  getNetwork,
  GWEI_PER_ETH,
  hashTreeRootDepositData,
  hashTreeRootDepositMessage,
  verifyDepositFile,
  type DepositFileVerdict,
  type Network,
} from '../../../src/core/eth/index.js';
import { readJson, seededBytes, toHex } from '../../helpers.js';

type Row = Record<string, unknown>;
const vector = () => readJson<Row[]>('eth', 'deposit-cli', 'ethstaker-docs-holesky-deposit_data.json');
const ADDR = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const ETH = GWEI_PER_ETH;
const sk = encodeSecretKey((bytesToBigIntBE(seededBytes('verify/sk')(48)) % (CURVE_ORDER - 1n)) + 1n);

/** A correctly signed row that skips our own amount/credential rules (to test the verifier's). */
function rawDeposit(credentials: Uint8Array, amount: bigint, network: Network, key = sk): Row {
  const message = { pubkey: secretToPublicKey(key), withdrawalCredentials: credentials, amount };
  const signature = sign(key, depositSigningRoot(message, network));
  return {
    pubkey: toHex(message.pubkey),
    withdrawal_credentials: toHex(credentials),
    amount: Number(amount),
    signature: toHex(signature),
    deposit_message_root: toHex(hashTreeRootDepositMessage(message)),
    deposit_data_root: toHex(hashTreeRootDepositData({ ...message, signature })),
    fork_version: toHex(network.genesisForkVersion),
    network_name: network.name,
    deposit_cli_version: '2.7.0',
  };
}

const codes = (v: DepositFileVerdict, i = 0) => v.entries[i]?.reasons.map((r) => r.code) ?? [];
const fileCodes = (v: DepositFileVerdict) => v.fileProblems.map((r) => r.code);
const flipHex = (s: string, at: number) => s.slice(0, at) + (s[at] === '0' ? '1' : '0') + s.slice(at + 1);

/** Mutate entry 0 of the holesky vector and verify under holesky. */
function mutated(mutate: (e: Row) => void, network: string | undefined = 'holesky'): DepositFileVerdict {
  const file = vector();
  mutate(file[0] as Row);
  const v = verifyDepositFile(file, network === undefined ? {} : { network });
  expect(v.valid).toBe(false);
  expect(v.entries[0]?.verdict).toBe('invalid');
  expect(v.entries[1]?.verdict).toBe('valid');
  return v;
}

describe('verifyDepositFile: valid files', () => {
  it('the holesky vector is valid under holesky and under detection', () => {
    const named = verifyDepositFile(vector(), { network: 'holesky' });
    expect(named).toMatchObject({ network: 'holesky', networkSource: 'named', valid: true, fileProblems: [] });
    expect(named.entries.map((e) => e.verdict)).toEqual(['valid', 'valid']);
    expect(named.entries[0]?.pubkey).toBe(vector()[0]?.pubkey);
    const detected = verifyDepositFile(vector());
    expect(detected).toMatchObject({ network: 'holesky', networkSource: 'detected', valid: true });
  });

  it('accepts hex with 0x, amount as a numeric string, and the older eth2_network_name', () => {
    const file = vector().map((e) => {
      const out: Row = { ...e, amount: String(e.amount), eth2_network_name: e.network_name };
      delete out.network_name;
      for (const k of ['pubkey', 'signature', 'withdrawal_credentials', 'deposit_data_root', 'fork_version']) out[k] = `0x${String(e[k])}`;
      return out;
    });
    expect(verifyDepositFile(file, { network: 'holesky' }).valid).toBe(true);
  });

  it('0x02 credentials with 2048 ETH are valid; 0x01 with 33 ETH is not', () => {
    const hoodi = getNetwork('hoodi');
    const ok = verifyDepositFile([rawDeposit(executionWithdrawalCredentials(ADDR, 0x02), 2048n * ETH, hoodi)], { network: 'hoodi' });
    expect(ok.valid).toBe(true);
    const bad = verifyDepositFile([rawDeposit(executionWithdrawalCredentials(ADDR), 33n * ETH, hoodi)], { network: 'hoodi' });
    expect(codes(bad)).toEqual(['DEPOSIT_BAD_AMOUNT']);
    const tooMuch = verifyDepositFile([rawDeposit(executionWithdrawalCredentials(ADDR, 0x02), 2049n * ETH, hoodi)]);
    expect(codes(tooMuch)).toEqual(['DEPOSIT_BAD_AMOUNT']);
    const tooLittle = verifyDepositFile([rawDeposit(executionWithdrawalCredentials(ADDR), ETH / 2n, hoodi)]);
    expect(codes(tooLittle)).toEqual(['DEPOSIT_BAD_AMOUNT']);
  });
});

describe('verifyDepositFile: every rejection reason', () => {
  it('DEPOSIT_WRONG_NETWORK when the user names another network', () => {
    const v = verifyDepositFile(vector(), { network: 'mainnet' });
    expect(v.valid).toBe(false);
    expect(v.network).toBe('mainnet');
    for (const i of [0, 1]) expect(codes(v, i)).toEqual(['DEPOSIT_WRONG_NETWORK']);
    expect(v.entries[0]?.reasons[0]?.message).toMatch(/holesky's, mainnet uses 00000000/);
  });

  it('DEPOSIT_BAD_SIGNATURE: a flipped signature byte (also breaks deposit_data_root)', () => {
    const v = mutated((e) => (e.signature = flipHex(e.signature as string, 100)));
    expect(codes(v)).toEqual(expect.arrayContaining(['DEPOSIT_BAD_SIGNATURE', 'DEPOSIT_DATA_ROOT_MISMATCH']));
  });

  it('DEPOSIT_BAD_SIGNATURE alone: a valid signature over another message with consistent roots', () => {
    const holesky = getNetwork('holesky');
    const row = rawDeposit(executionWithdrawalCredentials(ADDR), 32n * ETH, holesky);
    const other = rawDeposit(executionWithdrawalCredentials(ADDR), 31n * ETH, holesky);
    row.signature = other.signature;
    const s = Uint8Array.from(Buffer.from(row.signature as string, 'hex'));
    const message = { pubkey: Buffer.from(row.pubkey as string, 'hex'), withdrawalCredentials: executionWithdrawalCredentials(ADDR), amount: 32n * ETH };
    row.deposit_data_root = toHex(hashTreeRootDepositData({ ...message, signature: s }));
    expect(codes(verifyDepositFile([row]))).toEqual(['DEPOSIT_BAD_SIGNATURE']);
  });

  it('changed amount: both roots and the signature fail', () => {
    const v = mutated((e) => (e.amount = 31000000000));
    expect(codes(v)).toEqual(['DEPOSIT_MESSAGE_ROOT_MISMATCH', 'DEPOSIT_DATA_ROOT_MISMATCH', 'DEPOSIT_BAD_SIGNATURE']);
  });

  it('DEPOSIT_BAD_AMOUNT: 33 ETH on 0x00, a fraction, a negative, a non-numeric string, above 2^64', () => {
    expect(codes(mutated((e) => (e.amount = 33000000000)))).toContain('DEPOSIT_BAD_AMOUNT');
    for (const amount of [32000000000.5, -1, '32 ETH', '18446744073709551616', '']) {
      expect(codes(mutated((e) => (e.amount = amount)))).toContain('DEPOSIT_BAD_AMOUNT');
    }
  });

  it('changed credentials: roots and signature fail', () => {
    const v = mutated((e) => (e.withdrawal_credentials = flipHex(e.withdrawal_credentials as string, 10)));
    expect(codes(v)).toEqual(['DEPOSIT_MESSAGE_ROOT_MISMATCH', 'DEPOSIT_DATA_ROOT_MISMATCH', 'DEPOSIT_BAD_SIGNATURE']);
  });

  it('DEPOSIT_BAD_CREDENTIALS: unknown prefix, and 0x01 with non-zero padding', () => {
    const hoodi = getNetwork('hoodi');
    const unknown = new Uint8Array(32).fill(0x07);
    expect(codes(verifyDepositFile([rawDeposit(unknown, 32n * ETH, hoodi)]))).toEqual(['DEPOSIT_BAD_CREDENTIALS']);
    const padded = executionWithdrawalCredentials(ADDR);
    padded[3] = 1;
    expect(codes(verifyDepositFile([rawDeposit(padded, 32n * ETH, hoodi)]))).toEqual(['DEPOSIT_BAD_CREDENTIALS']);
  });

  it('DEPOSIT_MESSAGE_ROOT_MISMATCH and DEPOSIT_DATA_ROOT_MISMATCH alone', () => {
    expect(codes(mutated((e) => (e.deposit_message_root = flipHex(e.deposit_message_root as string, 0))))).toEqual(['DEPOSIT_MESSAGE_ROOT_MISMATCH']);
    expect(codes(mutated((e) => (e.deposit_data_root = flipHex(e.deposit_data_root as string, 63))))).toEqual(['DEPOSIT_DATA_ROOT_MISMATCH']);
  });

  it('DEPOSIT_BAD_LENGTH for each hex field', () => {
    for (const k of ['pubkey', 'withdrawal_credentials', 'signature', 'deposit_message_root', 'deposit_data_root', 'fork_version']) {
      expect(codes(mutated((e) => (e[k] = (e[k] as string).slice(2))))).toContain('DEPOSIT_BAD_LENGTH');
      expect(codes(mutated((e) => (e[k] = `${e[k] as string}00`)))).toContain('DEPOSIT_BAD_LENGTH');
    }
  });

  it('DEPOSIT_BAD_HEX: non-hex characters and odd length', () => {
    expect(codes(mutated((e) => (e.pubkey = `zz${(e.pubkey as string).slice(2)}`)))).toContain('DEPOSIT_BAD_HEX');
    expect(codes(mutated((e) => (e.signature = (e.signature as string).slice(1))))).toContain('DEPOSIT_BAD_HEX');
    expect(codes(mutated((e) => (e.fork_version = '0x0x01017000')))).toContain('DEPOSIT_BAD_HEX');
  });

  it('DEPOSIT_MISSING_FIELD for each required field; DEPOSIT_BAD_SHAPE for wrong types', () => {
    for (const k of ['pubkey', 'withdrawal_credentials', 'amount', 'signature', 'deposit_message_root', 'deposit_data_root', 'fork_version']) {
      const v = mutated((e) => delete e[k]);
      expect(v.entries[0]?.reasons).toContainEqual({ code: 'DEPOSIT_MISSING_FIELD', message: `missing field ${k}` });
    }
    expect(codes(mutated((e) => (e.pubkey = 42)))).toContain('DEPOSIT_BAD_SHAPE');
    expect(codes(mutated((e) => (e.amount = true)))).toContain('DEPOSIT_BAD_SHAPE');
    expect(codes(mutated((e) => (e.network_name = 5)))).toContain('DEPOSIT_BAD_SHAPE');
    expect(codes(mutated((e) => (e.deposit_cli_version = 2.7)))).toContain('DEPOSIT_BAD_SHAPE');
  });

  it('DEPOSIT_BAD_PUBKEY: the identity and a non-point', () => {
    expect(codes(mutated((e) => (e.pubkey = `c0${'00'.repeat(47)}`)))).toContain('DEPOSIT_BAD_PUBKEY');
    expect(codes(mutated((e) => (e.pubkey = `a0${'ff'.repeat(47)}`)))).toContain('DEPOSIT_BAD_PUBKEY');
  });

  it('DEPOSIT_BAD_SHAPE: not an array, entries not objects', () => {
    for (const file of [{}, 'x', 42, null, undefined, { 0: vector()[0] }]) {
      const v = verifyDepositFile(file);
      expect(v).toMatchObject({ valid: false, entries: [] });
      expect(fileCodes(v)).toEqual(['DEPOSIT_BAD_SHAPE']);
    }
    const v = verifyDepositFile([vector()[0], 'x', null, [1]]);
    expect(v.entries.map((e) => e.verdict)).toEqual(['valid', 'invalid', 'invalid', 'invalid']);
    expect(codes(v, 1)).toEqual(['DEPOSIT_BAD_SHAPE']);
  });

  it('DEPOSIT_EMPTY_FILE', () => {
    const v = verifyDepositFile([]);
    expect(fileCodes(v)).toEqual(['DEPOSIT_EMPTY_FILE']);
    expect(v.valid).toBe(false);
  });

  it('DEPOSIT_DUPLICATE_PUBKEY on the repeated entry only (case and 0x insensitive)', () => {
    const [a, b] = vector() as [Row, Row];
    const v = verifyDepositFile([a, b, { ...a, pubkey: `0x${(a.pubkey as string).toUpperCase()}` }], { network: 'holesky' });
    expect(v.entries.map((e) => e.verdict)).toEqual(['valid', 'valid', 'invalid']);
    expect(codes(v, 2)).toEqual(['DEPOSIT_DUPLICATE_PUBKEY']);
    expect(v.entries[2]?.reasons[0]?.message).toBe('same pubkey as entry 0');
  });

  it('DEPOSIT_MIXED_NETWORKS: entries for two networks', () => {
    const file = [vector()[0], rawDeposit(executionWithdrawalCredentials(ADDR), 32n * ETH, getNetwork('hoodi'))];
    const v = verifyDepositFile(file);
    expect(fileCodes(v)).toEqual(['DEPOSIT_MIXED_NETWORKS']);
    expect(v).toMatchObject({ network: null, valid: false });
    expect(v.entries.map((e) => e.verdict)).toEqual(['valid', 'valid']);
    const named = verifyDepositFile(file, { network: 'hoodi' });
    expect(codes(named, 0)).toEqual(['DEPOSIT_WRONG_NETWORK']);
    expect(fileCodes(named)).toEqual(['DEPOSIT_MIXED_NETWORKS']);
  });

  it('DEPOSIT_NETWORK_NAME_MISMATCH: network_name disagrees with fork_version', () => {
    const v = mutated((e) => (e.network_name = 'mainnet'));
    expect(codes(v)).toEqual(['DEPOSIT_NETWORK_NAME_MISMATCH']);
    expect(fileCodes(v)).toEqual(['DEPOSIT_MIXED_NETWORKS']);
    const all = verifyDepositFile(vector().map((e) => ({ ...e, network_name: 'sepolia' })), { network: 'holesky' });
    expect(codes(all)).toEqual(['DEPOSIT_NETWORK_NAME_MISMATCH']);
  });

  it('DEPOSIT_UNKNOWN_NETWORK: fork_version of no known network (signature still checked under it)', () => {
    const custom = { ...getNetwork('devnet'), genesisForkVersion: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) };
    const row = rawDeposit(executionWithdrawalCredentials(ADDR), 32n * ETH, custom);
    delete row.network_name;
    const v = verifyDepositFile([row]);
    expect(fileCodes(v)).toEqual(['DEPOSIT_UNKNOWN_NETWORK']);
    expect(v.entries[0]?.verdict).toBe('valid');
    const forged = verifyDepositFile([{ ...row, fork_version: 'deadbeee' }]);
    expect(codes(forged)).toEqual(['DEPOSIT_BAD_SIGNATURE']);
    expect(codes(verifyDepositFile([{ ...row, network_name: 'hoodi' }]))).toEqual(['DEPOSIT_NETWORK_NAME_MISMATCH']);
  });

  it('DEPOSIT_UNKNOWN_NETWORK: an unknown network name in the options', () => {
    const v = verifyDepositFile(vector(), { network: 'goerli' });
    expect(fileCodes(v)).toEqual(['DEPOSIT_UNKNOWN_NETWORK']);
    expect(v.valid).toBe(false);
    expect(v.entries.map((e) => e.verdict)).toEqual(['valid', 'valid']);
  });
});

describe('verifyDepositFile never throws', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const v = verifyDepositFile(value);
        return typeof v.valid === 'boolean' && (v.valid === false || Array.isArray(value));
      }),
      { numRuns: 300 },
    );
  });

  it('on the vector with one field replaced by anything', () => {
    const keys = Object.keys(vector()[0] as Row);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything(), (key, value) => {
        const file = vector();
        (file[0] as Row)[key] = value;
        const v = verifyDepositFile(file, { network: 'holesky' });
        return v.entries.length === 2 && v.entries[1]?.verdict === 'valid';
      }),
      { numRuns: 40 },
    );
  });

  it('on hostile objects (throwing getters)', () => {
    const evil = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); } });
    const v = verifyDepositFile([evil]);
    expect(v.valid).toBe(false);
    expect(verifyDepositFile(evil).valid).toBe(false);
  });
});
