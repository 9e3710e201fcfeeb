/**
 * Voluntary exits: build, sign (with a key, or assemble from a signature made elsewhere), verify, and the JSON of
 * the beacon API / ethstaker-deposit-cli (`{message:{epoch,validator_index}, signature:"0x…"}`, integers as
 * decimal strings). Exits are signed under the EIP-7044 domain: Capella fork version + genesis validators root.
 * // consensus-specs phase0 beacon-chain.md#voluntary-exits, deneb beacon-chain.md#modified-process_voluntary_exit
 */
import { bytesToHex, hexToFixedBytes } from '../bytes.js';
import { sign, verify } from '../bls/index.js';
import { SvError } from '../errors.js';
import { BLS_SIGNATURE_LENGTH, hashTreeRootVoluntaryExit, type SignedVoluntaryExit, type VoluntaryExit } from './containers.js';
import { computeSigningRoot, voluntaryExitDomain } from './domain.js';
import type { Network } from './networks.js';
import { requireLength, requireUint64 } from './ssz.js';

/** The beacon API JSON of a SignedVoluntaryExit. */
export interface SignedVoluntaryExitJson {
  message: { epoch: string; validator_index: string };
  signature: string;
}

/** A VoluntaryExit, with both fields checked to be uint64 (`ETH_BAD_UINT64`). */
export function createVoluntaryExit(epoch: bigint, validatorIndex: bigint): VoluntaryExit {
  return { epoch: requireUint64(epoch, 'epoch'), validatorIndex: requireUint64(validatorIndex, 'validator_index') };
}

/** compute_signing_root(VoluntaryExit, EIP-7044 exit domain of `network`). */
export function voluntaryExitSigningRoot(exit: VoluntaryExit, network: Network): Uint8Array {
  return computeSigningRoot(hashTreeRootVoluntaryExit(exit), voluntaryExitDomain(network));
}

/** Sign an exit with a 32-byte secret key. */
export function signVoluntaryExit(exit: VoluntaryExit, secretKey: Uint8Array, network: Network): SignedVoluntaryExit {
  return { message: exit, signature: sign(secretKey, voluntaryExitSigningRoot(exit, network)) };
}

/** True when the signed exit verifies for `pubkey` on `network` (false for any bad encoding). */
export function verifySignedVoluntaryExit(signed: SignedVoluntaryExit, pubkey: Uint8Array, network: Network): boolean {
  try {
    return verify(pubkey, voluntaryExitSigningRoot(signed.message, network), signed.signature);
  } catch {
    return false;
  }
}

/**
 * Assemble a signed exit from a signature made elsewhere (e.g. combined threshold signature); it must verify
 * for `pubkey` on `network`, else `ETH_BAD_SIGNATURE`.
 */
export function assembleSignedVoluntaryExit(exit: VoluntaryExit, signature: Uint8Array, pubkey: Uint8Array, network: Network): SignedVoluntaryExit {
  requireLength(signature, BLS_SIGNATURE_LENGTH, 'signature');
  const signed = { message: createVoluntaryExit(exit.epoch, exit.validatorIndex), signature };
  if (!verifySignedVoluntaryExit(signed, pubkey, network)) {
    throw new SvError('ETH_BAD_SIGNATURE', `the exit signature does not verify for this public key on ${network.name}`);
  }
  return signed;
}

/** The beacon API JSON object (uint64 as decimal strings, signature 0x-prefixed). */
export function signedVoluntaryExitToJson(signed: SignedVoluntaryExit): SignedVoluntaryExitJson {
  return {
    message: { epoch: signed.message.epoch.toString(), validator_index: signed.message.validatorIndex.toString() },
    signature: `0x${bytesToHex(requireLength(signed.signature, BLS_SIGNATURE_LENGTH, 'signature'))}`,
  };
}

function readUint64(value: unknown, what: string): bigint {
  const ok = (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
  const v = ok ? BigInt(value as string | number) : -1n;
  if (v < 0n || v >= 1n << 64n) throw new SvError('ETH_BAD_EXIT', `${what} must be an unsigned 64-bit integer (decimal string)`);
  return v;
}

/** Parse the beacon API JSON of a signed exit (accepts integers as strings or numbers). Throws `ETH_BAD_EXIT`. */
export function signedVoluntaryExitFromJson(json: unknown): SignedVoluntaryExit {
  const obj = json as { message?: { epoch?: unknown; validator_index?: unknown }; signature?: unknown } | null;
  if (typeof obj !== 'object' || obj === null || typeof obj.message !== 'object' || obj.message === null) {
    throw new SvError('ETH_BAD_EXIT', 'a signed exit is {message: {epoch, validator_index}, signature}');
  }
  if (typeof obj.signature !== 'string') throw new SvError('ETH_BAD_EXIT', 'signature must be a hex string');
  let signature: Uint8Array;
  try {
    signature = hexToFixedBytes(obj.signature, BLS_SIGNATURE_LENGTH, 'signature');
  } catch (e) {
    throw new SvError('ETH_BAD_EXIT', `signature: ${(e as Error).message}`);
  }
  return { message: { epoch: readUint64(obj.message.epoch, 'epoch'), validatorIndex: readUint64(obj.message.validator_index, 'validator_index') }, signature };
}
