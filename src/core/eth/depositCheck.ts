/**
 * The deposit check (CONTRACTS.md, ClusterVault.deposit): before the vault's 32 ETH deposit, every operator signs
 * EIP-712 typed data `DepositCheck{bytes pubkey; bytes32 depositDataRoot; bytes32 depositRoot}` in the domain
 * `{name: "ClusterVault", version: "1", chainId, verifyingContract: vault}`. `depositRoot` is the deposit contract's
 * `get_deposit_root()` when the operator checked that no deposit for the key exists; the vault deposits only while
 * the root is still that one (it includes the deposit count, so any deposit anywhere changes it).
 *
 * Pure: the digest is computed here by hand (EIP-712 encodeType / hashStruct) and must equal the vault's
 * `depositCheckDigest` view (tested on a chain). ECDSA recovery is for operators with a key (EOAs); a contract
 * wallet's check is judged by its ERC-1271 `isValidSignature`, which needs an RPC (an adapter's job).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bigIntToBytesBE, bytesToHex, concatBytes, hexToFixedBytes, utf8ToBytes } from '../bytes.js';
import { SvError } from '../errors.js';
import { parseAddress, toChecksumAddress } from './address.js';
import { ecrecoverAddress, type EcrecoverRefusal } from './ecrecover.js';

/** EIP-712 domain name and version of the vault (contracts/ClusterVault.sol). */
export const DEPOSIT_CHECK_DOMAIN_NAME = 'ClusterVault';
export const DEPOSIT_CHECK_DOMAIN_VERSION = '1';
/** Length of an ECDSA check r || s || v. */
export const DEPOSIT_CHECK_SIGNATURE_LENGTH = 65;

/**
 * EIP-712 types of the check, without EIP712Domain: viem and wagmi derive it from the domain (name, version, chainId,
 * verifyingContract) and add it for the wallet's eth_signTypedData_v4.
 */
export const DEPOSIT_CHECK_TYPES = {
  DepositCheck: [
    { name: 'pubkey', type: 'bytes' },
    { name: 'depositDataRoot', type: 'bytes32' },
    { name: 'depositRoot', type: 'bytes32' },
  ],
} as const;

/** A 0x-prefixed hex string. */
export type Hex0x = `0x${string}`;

/** What an operator checks and signs. Hex with 0x; any case. */
export interface DepositCheckInput {
  chainId: number;
  /** The vault (the EIP-712 verifying contract). */
  vault: string;
  /** The validator's 48-byte BLS public key. */
  pubkey: string;
  /** The 32-byte deposit data root of the vault's deposit. */
  depositDataRoot: string;
  /** The deposit contract's `get_deposit_root()` at the check, 32 bytes. */
  depositRoot: string;
}

/** The typed data for viem's `signTypedData` / wagmi, or a wallet's `eth_signTypedData_v4`. */
export interface DepositCheckTypedData {
  domain: { name: string; version: string; chainId: number; verifyingContract: Hex0x };
  types: typeof DEPOSIT_CHECK_TYPES;
  primaryType: 'DepositCheck';
  message: { pubkey: Hex0x; depositDataRoot: Hex0x; depositRoot: Hex0x };
}

interface ParsedInput {
  chainId: number;
  vault: Uint8Array;
  pubkey: Uint8Array;
  depositDataRoot: Uint8Array;
  depositRoot: Uint8Array;
}

function parseInput(input: DepositCheckInput): ParsedInput {
  const { chainId } = input;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new SvError('ETH_BAD_SIGNATURE', `the chain id must be a positive integer, got ${String(chainId)}`);
  return {
    chainId,
    vault: parseAddress(input.vault),
    pubkey: hexToFixedBytes(input.pubkey, 48, 'the validator public key'),
    depositDataRoot: hexToFixedBytes(input.depositDataRoot, 32, 'the deposit data root'),
    depositRoot: hexToFixedBytes(input.depositRoot, 32, 'the deposit root'),
  };
}

const hex0x = (b: Uint8Array): Hex0x => `0x${bytesToHex(b)}`;

/** The typed data an operator's wallet signs (lower-case hex, the vault checksummed). Validates the input. */
export function depositCheckTypedData(input: DepositCheckInput): DepositCheckTypedData {
  const p = parseInput(input);
  return {
    domain: { name: DEPOSIT_CHECK_DOMAIN_NAME, version: DEPOSIT_CHECK_DOMAIN_VERSION, chainId: p.chainId, verifyingContract: toChecksumAddress(p.vault) as Hex0x },
    types: DEPOSIT_CHECK_TYPES,
    primaryType: 'DepositCheck',
    message: { pubkey: hex0x(p.pubkey), depositDataRoot: hex0x(p.depositDataRoot), depositRoot: hex0x(p.depositRoot) },
  };
}

const keccakUtf8 = (s: string): Uint8Array => keccak_256(utf8ToBytes(s));
const word = (n: number | bigint): Uint8Array => bigIntToBytesBE(BigInt(n), 32);

const DOMAIN_TYPEHASH = keccakUtf8('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)');
const DEPOSIT_CHECK_TYPEHASH = keccakUtf8('DepositCheck(bytes pubkey,bytes32 depositDataRoot,bytes32 depositRoot)');

/** The vault's EIP-712 domain separator (its `DOMAIN_SEPARATOR()`), 0x hex. */
export function depositCheckDomainSeparator(chainId: number, vault: string): Hex0x {
  return hex0x(domainSeparator(chainId, parseAddress(vault)));
}

function domainSeparator(chainId: number, vault: Uint8Array): Uint8Array {
  const address = concatBytes(new Uint8Array(12), vault);
  return keccak_256(concatBytes(DOMAIN_TYPEHASH, keccakUtf8(DEPOSIT_CHECK_DOMAIN_NAME), keccakUtf8(DEPOSIT_CHECK_DOMAIN_VERSION), word(chainId), address));
}

/**
 * The digest an operator signs: keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(check)), the `bytes` pubkey
 * entering hashStruct as keccak256(pubkey). Equals the vault's `depositCheckDigest(pubkey, depositDataRoot, depositRoot)`.
 */
export function depositCheckDigest(input: DepositCheckInput): Hex0x {
  const p = parseInput(input);
  const structHash = keccak_256(concatBytes(DEPOSIT_CHECK_TYPEHASH, keccak_256(p.pubkey), p.depositDataRoot, p.depositRoot));
  return hex0x(keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), domainSeparator(p.chainId, p.vault), structHash)));
}

/** How the vault's rules word each refusal of ecrecover. */
const REFUSED: Record<EcrecoverRefusal, (v: number) => string> = {
  'bad-v': (v) => `the signature's v must be 27 or 28 (the vault accepts no other), got ${v}`,
  'out-of-range': () => 'the signature is out of range',
  'high-s': () => 'the signature has a high s value, which the vault refuses (EIP-2)',
  unrecoverable: () => 'no public key recovers from this signature',
};

/**
 * The checksummed address whose key made the ECDSA check `signature` (r ‖ s ‖ v, 65 bytes, 0x hex) over `digest`,
 * under exactly the rules the vault applies (ecrecover.ts, v 27 or 28 only). Throws `ETH_BAD_LENGTH` /
 * `ETH_BAD_HEX` on malformed input and `ETH_BAD_SIGNATURE` when the vault would refuse it.
 */
export function recoverDepositCheckSigner(digest: string, signature: string): string {
  const d = hexToFixedBytes(digest, 32, 'the digest');
  const sig = hexToFixedBytes(signature, DEPOSIT_CHECK_SIGNATURE_LENGTH, 'a deposit check signature');
  const r = ecrecoverAddress(d, sig, false);
  if ('refusal' in r) throw new SvError('ETH_BAD_SIGNATURE', REFUSED[r.refusal](r.v));
  return r.address;
}
