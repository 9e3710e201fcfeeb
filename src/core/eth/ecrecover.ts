/**
 * ecrecover as Ethereum contracts apply it, shared by every EIP-712 signature the project checks (ceremony
 * approvals, the vault's deposit checks): r ‖ s ‖ v, 65 bytes; r and s in [1, n); s at most n/2 (EIP-2: a high s is
 * the malleable twin of a valid signature); v 27 or 28, and 0 or 1 where a caller allows it. Callers word the
 * refusal in their own error codes.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToBigIntBE, concatBytes } from '../bytes.js';
import { toChecksumAddress } from './address.js';

const ORDER = secp256k1.Point.Fn.ORDER;
const HALF_ORDER = ORDER >> 1n;

/** Why a 65-byte signature recovers no address: its v, r or s out of range, a high s, or no point recovers. */
export type EcrecoverRefusal = 'bad-v' | 'out-of-range' | 'high-s' | 'unrecoverable';

/**
 * The checksummed address whose key signed the 32-byte `digest` with the 65-byte `signature`, or why none does.
 * `acceptV01`: also take v = 0 / 1 (wallets that omit the 27 offset); the vault's ecrecover does not.
 */
export function ecrecoverAddress(digest: Uint8Array, signature: Uint8Array, acceptV01: boolean): { address: string } | { refusal: EcrecoverRefusal; v: number } {
  const v = signature[64] as number;
  const recovery = v === 27 || v === 28 ? v - 27 : acceptV01 && (v === 0 || v === 1) ? v : -1;
  if (recovery < 0) return { refusal: 'bad-v', v };
  const r = bytesToBigIntBE(signature.subarray(0, 32));
  const s = bytesToBigIntBE(signature.subarray(32, 64));
  if (r === 0n || r >= ORDER || s === 0n || s >= ORDER) return { refusal: 'out-of-range', v };
  if (s > HALF_ORDER) return { refusal: 'high-s', v };
  try {
    const pub = secp256k1.Point.fromBytes(secp256k1.recoverPublicKey(concatBytes(Uint8Array.of(recovery), signature.subarray(0, 64)), digest, { prehash: false })).toBytes(false);
    return { address: toChecksumAddress(keccak_256(pub.subarray(1)).subarray(12)) };
  } catch {
    return { refusal: 'unrecoverable', v };
  }
}
