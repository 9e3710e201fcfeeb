// The signed exit file (src/core/formats/exitFile.ts): ethstaker-deposit-cli's published example decodes and
// re-encodes to the same JSON; a file signed here verifies after a round trip; malformed files name the field.
import { describe, expect, it } from 'vitest';
import { readJson } from '../../helpers.js';
import { isSvError, type ErrorCode } from '../../../src/core/errors.js';
import { decodeExitFile, decodeExitFileJson, encodeExitFile, exitFileName, MAX_EXIT_FILE_CHARS } from '../../../src/core/formats/index.js';
import { createVoluntaryExit, signVoluntaryExit, verifySignedVoluntaryExit } from '../../../src/core/eth/voluntaryExit.js';
import { getNetwork } from '../../../src/core/eth/networks.js';
import { secretToPublicKey } from '../../../src/core/bls/index.js';

const example = readJson<Record<string, unknown>>('eth', 'deposit-cli', 'ethstaker-docs-signed_exit-example.json');

function rejects(run: () => unknown, code: ErrorCode, message: RegExp) {
  try {
    run();
  } catch (e) {
    expect(isSvError(e, code), String(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('exit files', () => {
  it('decodes the ethstaker-deposit-cli example and writes it back as the same JSON', () => {
    const signed = decodeExitFileJson(example);
    expect(signed.message).toEqual({ epoch: 0n, validatorIndex: 1804776n });
    expect(signed.signature).toHaveLength(96);
    const text = encodeExitFile(signed);
    expect(JSON.parse(text)).toEqual(example);
    expect(text.endsWith('}\n')).toBe(true);
    expect(decodeExitFile(text)).toEqual(signed);
  });

  it('a file signed here verifies after the round trip', () => {
    const secret = new Uint8Array(32).fill(3);
    const network = getNetwork('holesky');
    const signed = signVoluntaryExit(createVoluntaryExit(12n, 345n), secret, network);
    const back = decodeExitFile(encodeExitFile(signed));
    expect(verifySignedVoluntaryExit(back, secretToPublicKey(secret), network)).toBe(true);
  });

  it('names files as ethstaker-deposit-cli does', () => {
    expect(exitFileName(1804776n, 1700000000)).toBe('signed_exit_transaction-1804776-1700000000.json');
  });

  it('refuses malformed files with a coded error naming the field', () => {
    const edit = (e: (o: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const o = JSON.parse(JSON.stringify(example));
      e(o);
      return JSON.stringify(o);
    };
    rejects(() => decodeExitFile('{'), 'WIRE_BAD_JSON', /not valid JSON/);
    rejects(() => decodeExitFile(' '.repeat(MAX_EXIT_FILE_CHARS + 1)), 'WIRE_TOO_LARGE', /at most/);
    rejects(() => decodeExitFile(edit((o) => (o.message.epoch = 0))), 'WIRE_BAD_FIELD', /exit\.message\.epoch/);
    rejects(() => decodeExitFile(edit((o) => (o.message.validator_index = '18446744073709551616'))), 'WIRE_BAD_FIELD', /validator_index: expected an unsigned 64-bit integer/);
    rejects(() => decodeExitFile(edit((o) => (o.signature = '0x00'))), 'WIRE_BAD_FIELD', /exit\.signature: expected 96 bytes/);
    rejects(() => decodeExitFile(edit((o) => (o.extra = 1))), 'WIRE_BAD_FIELD', /exit\.extra: unexpected field/);
    rejects(() => decodeExitFile(edit((o) => delete o.message.epoch)), 'WIRE_BAD_FIELD', /exit\.message\.epoch: missing/);
  });
});
