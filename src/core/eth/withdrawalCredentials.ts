/**
 * Withdrawal credentials: 32 bytes whose first byte says who may withdraw.
 * 0x00: hash of a BLS withdrawal key; 0x01: an execution address; 0x02: an execution address with compounding
 * (EIP-7251). For 0x01/0x02 the layout is prefix ‖ 11 zero bytes ‖ 20-byte address.
 * // consensus-specs phase0 validator.md#withdrawal-credentials, electra beacon-chain.md#withdrawal-prefixes
 */
import { concatBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { ADDRESS_LENGTH, parseAddress, toChecksumAddress } from './address.js';

/** BLS_WITHDRAWAL_PREFIX. */
export const BLS_WITHDRAWAL_PREFIX = 0x00;
/** ETH1_ADDRESS_WITHDRAWAL_PREFIX. */
export const ETH1_ADDRESS_WITHDRAWAL_PREFIX = 0x01;
/** COMPOUNDING_WITHDRAWAL_PREFIX (EIP-7251). */
export const COMPOUNDING_WITHDRAWAL_PREFIX = 0x02;

/** The credential kinds: by prefix byte. */
export type WithdrawalCredentialsType = '0x00' | '0x01' | '0x02' | 'unknown';

/** A classified credential. `address` is set (checksummed) for 0x01 and 0x02. */
export interface ParsedWithdrawalCredentials {
  type: WithdrawalCredentialsType;
  address?: string;
}

/** Credentials 0x01 (default) or 0x02 ‖ 11 zero bytes ‖ address. Throws `ETH_BAD_ADDRESS` on a bad address. */
export function executionWithdrawalCredentials(address: string | Uint8Array, prefix: 0x01 | 0x02 = ETH1_ADDRESS_WITHDRAWAL_PREFIX): Uint8Array {
  if (prefix !== ETH1_ADDRESS_WITHDRAWAL_PREFIX && prefix !== COMPOUNDING_WITHDRAWAL_PREFIX) {
    throw new SvError('ETH_BAD_CREDENTIALS', 'execution withdrawal credentials use prefix 0x01 or 0x02');
  }
  const addr = typeof address === 'string' ? parseAddress(address) : address;
  if (!(addr instanceof Uint8Array) || addr.length !== ADDRESS_LENGTH) throw new SvError('ETH_BAD_ADDRESS', 'an address is 20 bytes');
  return concatBytes(Uint8Array.of(prefix), new Uint8Array(11), addr);
}

/**
 * Classify 32-byte credentials. Throws `ETH_BAD_CREDENTIALS` on a wrong length, or when a 0x01/0x02 credential
 * has a non-zero byte in its 11 padding bytes. An unknown prefix is reported as type 'unknown' (not thrown).
 */
export function parseWithdrawalCredentials(credentials: Uint8Array): ParsedWithdrawalCredentials {
  if (!(credentials instanceof Uint8Array) || credentials.length !== 32) {
    throw new SvError('ETH_BAD_CREDENTIALS', 'withdrawal credentials must be 32 bytes');
  }
  const prefix = credentials[0];
  if (prefix === BLS_WITHDRAWAL_PREFIX) return { type: '0x00' };
  if (prefix !== ETH1_ADDRESS_WITHDRAWAL_PREFIX && prefix !== COMPOUNDING_WITHDRAWAL_PREFIX) return { type: 'unknown' };
  if (credentials.subarray(1, 12).some((b) => b !== 0)) {
    throw new SvError('ETH_BAD_CREDENTIALS', `withdrawal credentials with prefix 0x0${prefix} must have 11 zero bytes after the prefix`);
  }
  return { type: prefix === ETH1_ADDRESS_WITHDRAWAL_PREFIX ? '0x01' : '0x02', address: toChecksumAddress(credentials.slice(12)) };
}
