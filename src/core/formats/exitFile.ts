/**
 * The signed voluntary exit file, as ethstaker-deposit-cli (`signed_exit_transaction-<validator_index>-<ts>.json`)
 * and ethdo write it and the beacon API takes it (`POST /eth/v1/beacon/pool/voluntary_exits`):
 * `{"message": {"epoch": "<uint64>", "validator_index": "<uint64>"}, "signature": "0x<96 bytes>"}`.
 *
 * Codec only (decode = validate the shape): the container, its signing root and the signature check are in
 * src/core/eth/voluntaryExit.ts. // consensus-specs phase0 beacon-chain.md#signedvoluntaryexit
 */
import { hexToBytes } from '../bytes.js';
import { BLS_SIGNATURE_LENGTH, type SignedVoluntaryExit } from '../eth/containers.js';
import { signedVoluntaryExitToJson, type SignedVoluntaryExitJson } from '../eth/voluntaryExit.js';
import { bad, readObject, readString } from '../wire/fields.js';
import { DECIMAL_RE, hex, parseJsonText } from './fields.js';

/** Largest exit file text we read (a real one is ~300 characters). */
export const MAX_EXIT_FILE_CHARS = 4096;

/** The file name ethstaker-deposit-cli gives a signed exit: signed_exit_transaction-<validator_index>-<ts>.json. */
export function exitFileName(validatorIndex: bigint, timestampSeconds: number): string {
  return `signed_exit_transaction-${validatorIndex}-${timestampSeconds}.json`;
}

/** The file's JSON value (uint64 as decimal strings, signature 0x lower-case hex). */
export function exitFileJson(signed: SignedVoluntaryExit): SignedVoluntaryExitJson {
  return signedVoluntaryExitToJson(signed);
}

/** The file's text (2-space JSON, trailing newline). */
export function encodeExitFile(signed: SignedVoluntaryExit): string {
  return `${JSON.stringify(exitFileJson(signed), null, 2)}\n`;
}

function uint64(value: unknown, path: string): bigint {
  const v = BigInt(readString(value, path, 20, DECIMAL_RE));
  if (v >= 1n << 64n) bad(path, 'expected an unsigned 64-bit integer');
  return v;
}

/**
 * Decode an exit file already parsed from JSON: exactly `message` {`epoch`, `validator_index`} (decimal uint64
 * strings) and `signature` (0x, 96 bytes). Throws `WIRE_BAD_FIELD` naming the field. Whether the signature
 * verifies is `verifySignedVoluntaryExit`'s question.
 */
export function decodeExitFileJson(value: unknown): SignedVoluntaryExit {
  const o = readObject(value, 'exit', ['message', 'signature']);
  const m = readObject(o.message, 'exit.message', ['epoch', 'validator_index']);
  const signature = hexToBytes(hex(o.signature, 'exit.signature', BLS_SIGNATURE_LENGTH));
  return { message: { epoch: uint64(m.epoch, 'exit.message.epoch'), validatorIndex: uint64(m.validator_index, 'exit.message.validator_index') }, signature };
}

/** Decode an exit file's text (`WIRE_TOO_LARGE`, `WIRE_BAD_JSON`, `WIRE_BAD_FIELD`). */
export function decodeExitFile(text: string): SignedVoluntaryExit {
  return decodeExitFileJson(parseJsonText(text, 'an exit file', MAX_EXIT_FILE_CHARS));
}
