/**
 * Approval M0 (PROTOCOL.md §2): the operator's wallet signs EIP-712 typed data
 * `CeremonyApproval{bytes32 configHash; uint16 index; bytes identityKey; bytes encryptionKey}` under the domain
 * `{name: "Shared Validator", version: "1", chainId}`, binding its ceremony keys to its address. The digest is
 * computed here by hand (EIP-712 hashStruct / domainSeparator) and checked against viem in the tests.
 * ERC-1271 contract wallets are verified through an RPC by an adapter, not here.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bigIntToBytesBE, bytesToHex, concatBytes, utf8ToBytes } from '../../bytes.js';
import { SvError } from '../../errors.js';
import { ecrecoverAddress, type EcrecoverRefusal } from '../../eth/ecrecover.js';
import { checkParticipantIndex, requireLength } from '../../crypto/secp.js';

/** EIP-712 domain name and version of the approval. */
export const APPROVAL_DOMAIN_NAME = 'Shared Validator';
export const APPROVAL_DOMAIN_VERSION = '1';
/** Length of an approval signature r || s || v. */
export const APPROVAL_SIGNATURE_LENGTH = 65;

/** EIP-712 types of the approval, EIP712Domain included (as eth_signTypedData_v4 expects). */
export const APPROVAL_TYPES = {
  EIP712Domain: [
    { name: 'name', type: 'string' },
    { name: 'version', type: 'string' },
    { name: 'chainId', type: 'uint256' },
  ],
  CeremonyApproval: [
    { name: 'configHash', type: 'bytes32' },
    { name: 'index', type: 'uint16' },
    { name: 'identityKey', type: 'bytes' },
    { name: 'encryptionKey', type: 'bytes' },
  ],
} as const;

/** What an operator approves. */
export interface ApprovalInput {
  chainId: number;
  /** SHA-256 of the definition, 32 bytes. */
  configHash: Uint8Array;
  /** Operator index, 1..n. */
  index: number;
  /** BIP-340 x-only identity key, 32 bytes. */
  identityKey: Uint8Array;
  /** Compressed secp256k1 encryption key, 33 bytes. */
  encryptionKey: Uint8Array;
}

/** A 0x-prefixed lower-case hex string. */
export type Hex0x = `0x${string}`;

/** The JSON object a wallet's `eth_signTypedData_v4` takes. */
export interface ApprovalTypedData {
  domain: { name: string; version: string; chainId: number };
  types: typeof APPROVAL_TYPES;
  primaryType: 'CeremonyApproval';
  message: { configHash: Hex0x; index: number; identityKey: Hex0x; encryptionKey: Hex0x };
}

function checkApproval(input: ApprovalInput): void {
  const { chainId, configHash, index, identityKey, encryptionKey } = input;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new SvError('DKG_BAD_PARAM', `chainId must be a positive integer, got ${String(chainId)}`);
  requireLength(configHash, 32, 'configHash');
  checkParticipantIndex(index, 'operator index');
  requireLength(identityKey, 32, 'identity key');
  requireLength(encryptionKey, 33, 'encryption key');
}

const hex0x = (b: Uint8Array): Hex0x => `0x${bytesToHex(b)}`;

/** The typed data to hand to the wallet (hex with 0x; index and chainId as numbers). Validates the input. */
export function approvalTypedData(input: ApprovalInput): ApprovalTypedData {
  checkApproval(input);
  return {
    domain: { name: APPROVAL_DOMAIN_NAME, version: APPROVAL_DOMAIN_VERSION, chainId: input.chainId },
    types: APPROVAL_TYPES,
    primaryType: 'CeremonyApproval',
    message: {
      configHash: hex0x(input.configHash),
      index: input.index,
      identityKey: hex0x(input.identityKey),
      encryptionKey: hex0x(input.encryptionKey),
    },
  };
}

const keccakUtf8 = (s: string): Uint8Array => keccak_256(utf8ToBytes(s));
const uint256 = (n: number | bigint): Uint8Array => bigIntToBytesBE(BigInt(n), 32);

// EIP-712 encodeType
const DOMAIN_TYPEHASH = keccakUtf8('EIP712Domain(string name,string version,uint256 chainId)');
const APPROVAL_TYPEHASH = keccakUtf8('CeremonyApproval(bytes32 configHash,uint16 index,bytes identityKey,bytes encryptionKey)');

/** EIP-712 domainSeparator = hashStruct(EIP712Domain{name, version, chainId}). */
export function approvalDomainSeparator(chainId: number): Uint8Array {
  return keccak_256(concatBytes(DOMAIN_TYPEHASH, keccakUtf8(APPROVAL_DOMAIN_NAME), keccakUtf8(APPROVAL_DOMAIN_VERSION), uint256(chainId)));
}

/**
 * The digest the wallet signs: keccak256(0x19 0x01 || domainSeparator || hashStruct(message)), where dynamic
 * `bytes` fields enter hashStruct as keccak256(value) and uint16 / bytes32 as 32-byte words (EIP-712 encodeData).
 */
export function approvalDigest(input: ApprovalInput): Uint8Array {
  checkApproval(input);
  const structHash = keccak_256(
    concatBytes(APPROVAL_TYPEHASH, input.configHash, uint256(input.index), keccak_256(input.identityKey), keccak_256(input.encryptionKey)),
  );
  return keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), approvalDomainSeparator(input.chainId), structHash));
}

/** How the approval words each refusal of ecrecover. */
const REFUSED: Record<EcrecoverRefusal, (v: number) => string> = {
  'bad-v': (v) => `signature v must be 27, 28, 0 or 1, got ${v}`,
  'out-of-range': () => 'signature r or s out of range',
  'high-s': () => 'signature has a high s value (EIP-2)',
  unrecoverable: () => 'no public key recovers from this signature',
};

/**
 * ecrecover: the checksummed (EIP-55) address that produced `signature` (r || s || v, 65 bytes) over `digest`
 * (src/core/eth/ecrecover.ts). Accepts v = 27/28 or 0/1. Throws `DKG_BAD_LENGTH` on bad lengths and
 * `DKG_BAD_SIGNATURE` for a bad v, r or s outside [1, n), a high s (EIP-2: s > n/2 is malleable) or an
 * unrecoverable signature.
 */
export function recoverApprovalSigner(digest: Uint8Array, signature: Uint8Array): string {
  requireLength(digest, 32, 'digest');
  requireLength(signature, APPROVAL_SIGNATURE_LENGTH, 'signature');
  const r = ecrecoverAddress(digest, signature, true);
  if ('refusal' in r) throw new SvError('DKG_BAD_SIGNATURE', REFUSED[r.refusal](r.v));
  return r.address;
}

/**
 * Sign an approval digest with a raw private key (tests, headless participants): RFC 6979 deterministic ECDSA,
 * low s, returned as r || s || v with v = 27/28 (what wallets return). Throws `DKG_BAD_LENGTH`, `DKG_BAD_SCALAR`.
 */
export function signApprovalDigest(privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
  requireLength(privateKey, 32, 'private key');
  requireLength(digest, 32, 'digest');
  let sig: Uint8Array;
  try {
    sig = secp256k1.sign(digest, privateKey, { prehash: false, lowS: true, format: 'recovered' });
  } catch {
    throw new SvError('DKG_BAD_SCALAR', 'private key is not a valid secp256k1 secret key');
  }
  return concatBytes(sig.subarray(1, 65), Uint8Array.of(27 + (sig[0] as number)));
}
