import { describe, expect, it } from 'vitest';
import { CURVE_ORDER, combinePartialSignatures, encodeSecretKey, secretToPublicKey, sign, splitSecret } from '../../../src/core/bls/index.js';
import { bytesToBigIntBE } from '../../../src/core/bytes.js';
import {
  assembleDepositData,
  createDepositData,
  DEPOSIT_CLI_VERSION,
  depositFileName,
  depositSigningRoot,
  executionWithdrawalCredentials,
  formatDepositFile,
  getNetwork,
  GWEI_PER_ETH,
  verifyDepositFile,
  type DepositEntry,
} from '../../../src/core/eth/index.js';
import { hex, readJson, seededBytes, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const holesky = getNetwork('holesky');
type Row = Record<string, string | number>;
const vector = readJson<Row[]>('eth', 'deposit-cli', 'ethstaker-docs-holesky-deposit_data.json');

/** What Python's json.dumps writes for the vector (computed with CPython 3 from the parsed vector file). */
const PYTHON_JSON_DUMPS = '[{"pubkey": "962195958e742b8dc5b2a25adede82fc5cd661827cb1e1237025e3d7847801aa5584d5bfdc6893413264cccfbff54128", "withdrawal_credentials": "0007a213a9a50ddf7e00e53267af1c131ed82fec947f1c9656b54f9a20f7a87f", "amount": 32000000000, "signature": "a2d56afe4540d5b506aea614848a0838b66c8707a91aa73cdb0e7b59d819f16be64881b5b621184b1668f4f1d024094a1861c5af783ded675b5763047c069c5eb805649f7c04656c96b31b0bccc34ed93c8fcd8f2e4a9e5c03453f305089d765", "deposit_message_root": "f9bdb1e800b8f9f0db98c77271745e3c6140f18bf420543bda84fa92c393ddc7", "deposit_data_root": "7cda08cd57c303f8af720b10a0852408bc31e015cb552f0029fc1024b8a1d615", "fork_version": "01017000", "network_name": "holesky", "deposit_cli_version": "2.7.0"}, {"pubkey": "86ee0b826d7d5262324ace2fba4ed5f09a1cbef80552e3d945279f19bc4118a98e9a93257eb4c7731ccc10c19835d24f", "withdrawal_credentials": "00daf39b8996943de9e93d417a6c5a4b958e4ae7a4d6e27f72aa08d41faa012f", "amount": 32000000000, "signature": "83b227d72d9f1362d8676a61b91bb3882059e89c7d862d8030b1d37e890143869c105a78efce2a734f202da95076782219010e896ec9f8328a9e553134773626810d6c455bc1250a20e52a01684c051dd3e46151587267214cbb396673a13e89", "deposit_message_root": "99dbb2392fef277c15e710ca0ead058c024adce15f9e8f369bbaea939c0009ed", "deposit_data_root": "0fcb16fdb536b00a037a3ccde67187d21abfb726d677e40709ae6910d44377a5", "fork_version": "01017000", "network_name": "holesky", "deposit_cli_version": "2.7.0"}]';

function entryOf(row: Row): DepositEntry {
  return {
    pubkey: hex(row.pubkey as string),
    withdrawalCredentials: hex(row.withdrawal_credentials as string),
    amount: BigInt(row.amount as number),
    signature: hex(row.signature as string),
    depositMessageRoot: hex(row.deposit_message_root as string),
    depositDataRoot: hex(row.deposit_data_root as string),
  };
}

const secretFrom = (label: string) => (bytesToBigIntBE(seededBytes(label)(48)) % (CURVE_ORDER - 1n)) + 1n;
const creds = executionWithdrawalCredentials('0x5FbDB2315678afecb367f032d93F642f64180aa3');

describe('deposit data', () => {
  it('the holesky vector: assembling each entry from pubkey + signature reproduces both roots', () => {
    for (const row of vector) {
      const e = entryOf(row);
      const built = assembleDepositData(e.pubkey, e.signature, { withdrawalCredentials: e.withdrawalCredentials, amount: e.amount, network: holesky });
      expect(toHex(built.depositMessageRoot)).toBe(row.deposit_message_root);
      expect(toHex(built.depositDataRoot)).toBe(row.deposit_data_root);
    }
  });

  it('formatDepositFile writes exactly what deposit-cli (Python json.dump) writes for the vector', () => {
    const text = formatDepositFile(vector.map(entryOf), holesky);
    expect(text).toBe(PYTHON_JSON_DUMPS);
    expect(text.endsWith(']')).toBe(true); // json.dump writes no trailing newline
    expect(JSON.parse(text)).toEqual(vector);
    expect(formatDepositFile([], holesky)).toBe('[]');
    expect(DEPOSIT_CLI_VERSION).toBe(vector[0]?.deposit_cli_version);
  });

  it('depositFileName', () => {
    expect(depositFileName(1700000000)).toBe('deposit_data-1700000000.json');
    expect(depositFileName(1700000000.9)).toBe('deposit_data-1700000000.json');
    expect(() => depositFileName(-1)).toThrow(code('ETH_BAD_DEPOSIT_FILE'));
  });

  it('a deposit made with a secret key verifies and round-trips through the file format', () => {
    const sk = encodeSecretKey(secretFrom('deposit/sk'));
    const d = createDepositData(sk, { withdrawalCredentials: creds, amount: 32n * GWEI_PER_ETH, network: holesky });
    expect(toHex(d.pubkey)).toBe(toHex(secretToPublicKey(sk)));
    const verdict = verifyDepositFile(JSON.parse(formatDepositFile([d], holesky)), { network: 'holesky' });
    expect(verdict.valid).toBe(true);
  });

  it('threshold: t-of-n combined signature gives the byte-identical deposit', () => {
    const secret = secretFrom('deposit/threshold');
    const sk = encodeSecretKey(secret);
    const request = { withdrawalCredentials: executionWithdrawalCredentials('0x5FbDB2315678afecb367f032d93F642f64180aa3', 0x02), amount: 2048n * GWEI_PER_ETH, network: getNetwork('hoodi') };
    const full = createDepositData(sk, request);
    const shares = splitSecret(secret, 3, 5, seededBytes('deposit/split'));
    const root = depositSigningRoot({ pubkey: full.pubkey, withdrawalCredentials: request.withdrawalCredentials, amount: request.amount }, request.network);
    const partials = [shares[4]!, shares[1]!, shares[2]!].map((s) => ({ index: s.index, signature: sign(encodeSecretKey(s.secret), root) }));
    const combined = combinePartialSignatures(partials, 3);
    const assembled = assembleDepositData(secretToPublicKey(sk), combined, request);
    expect(toHex(assembled.signature)).toBe(toHex(full.signature));
    expect(formatDepositFile([assembled], request.network)).toBe(formatDepositFile([full], request.network));
  });

  it('assembleDepositData refuses a signature that does not verify, or one for another network', () => {
    const sk = encodeSecretKey(secretFrom('deposit/bad'));
    const request = { withdrawalCredentials: creds, amount: 32n * GWEI_PER_ETH, network: holesky };
    const good = createDepositData(sk, request);
    const flipped = Uint8Array.from(good.signature);
    flipped[95] = (flipped[95] as number) ^ 1;
    expect(() => assembleDepositData(good.pubkey, flipped, request)).toThrow(code('ETH_BAD_SIGNATURE'));
    expect(() => assembleDepositData(good.pubkey, good.signature, { ...request, network: getNetwork('mainnet') })).toThrow(code('ETH_BAD_SIGNATURE'));
    expect(() => assembleDepositData(good.pubkey, good.signature.subarray(1), request)).toThrow(code('ETH_BAD_LENGTH'));
  });

  it('refuses amounts and credentials outside the rules', () => {
    const sk = encodeSecretKey(secretFrom('deposit/rules'));
    expect(() => createDepositData(sk, { withdrawalCredentials: creds, amount: 33n * GWEI_PER_ETH, network: holesky })).toThrow(code('ETH_BAD_AMOUNT'));
    expect(() => createDepositData(sk, { withdrawalCredentials: new Uint8Array(32).fill(9), amount: 32n * GWEI_PER_ETH, network: holesky })).toThrow(code('ETH_BAD_CREDENTIALS'));
    expect(() => createDepositData(sk, { withdrawalCredentials: creds, amount: 1n << 64n, network: holesky })).toThrow(code('ETH_BAD_UINT64'));
  });
});
