/**
 * Execution-layer addresses: 20 bytes, written as 0x + 40 hex digits; mixed case must be a valid EIP-55 checksum.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '../bytes.js';
import { SvError } from '../errors.js';

/** Length of an execution address in bytes. */
export const ADDRESS_LENGTH = 20;

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** EIP-55 mixed-case checksum encoding of a 20-byte address. */
export function toChecksumAddress(address: Uint8Array): string {
  if (!(address instanceof Uint8Array) || address.length !== ADDRESS_LENGTH) {
    throw new SvError('ETH_BAD_ADDRESS', `an address is ${ADDRESS_LENGTH} bytes`);
  }
  const lower = bytesToHex(address);
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] as string;
    out += parseInt(hash[i] as string, 16) >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

/**
 * Parse a 0x-prefixed 40-hex-digit address. All-lower or all-upper hex is accepted as is; mixed case must match
 * the EIP-55 checksum. Throws `ETH_BAD_ADDRESS`.
 */
export function parseAddress(address: string): Uint8Array {
  if (typeof address !== 'string' || !ADDRESS_RE.test(address)) {
    throw new SvError('ETH_BAD_ADDRESS', 'an address is 0x followed by 40 hex digits');
  }
  const bytes = hexToBytes(address, 'ETH_BAD_ADDRESS');
  const digits = address.slice(2);
  const mixed = digits !== digits.toLowerCase() && digits !== digits.toUpperCase();
  if (mixed && toChecksumAddress(bytes) !== address) {
    throw new SvError('ETH_BAD_ADDRESS', 'address checksum (EIP-55) does not match: check for a typo');
  }
  return bytes;
}
