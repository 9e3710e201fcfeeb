/**
 * The consensus containers we use, with their SSZ serialization and hash_tree_root. Field names are the spec's,
 * in camelCase; every uint64 is a bigint.
 */
import { concatBytes } from '../bytes.js';
import { bytesRoot, containerRoot, requireLength, serializeUint64, uint64Root } from './ssz.js';

/** Byte lengths of the SSZ types used below. */
export const BYTES4 = 4;
export const BYTES32 = 32;
export const BLS_PUBKEY_LENGTH = 48;
export const BLS_SIGNATURE_LENGTH = 96;

/** ForkData. // consensus-specs phase0 beacon-chain.md#forkdata */
export interface ForkData {
  currentVersion: Uint8Array; // Version (Bytes4)
  genesisValidatorsRoot: Uint8Array; // Root (Bytes32)
}

/** SigningData. // consensus-specs phase0 beacon-chain.md#signingdata */
export interface SigningData {
  objectRoot: Uint8Array; // Root
  domain: Uint8Array; // Domain (Bytes32)
}

/** DepositMessage. // consensus-specs phase0 beacon-chain.md#depositmessage */
export interface DepositMessage {
  pubkey: Uint8Array; // BLSPubkey (Bytes48)
  withdrawalCredentials: Uint8Array; // Bytes32
  amount: bigint; // Gwei (uint64)
}

/** DepositData. // consensus-specs phase0 beacon-chain.md#depositdata */
export interface DepositData extends DepositMessage {
  signature: Uint8Array; // BLSSignature (Bytes96)
}

/** VoluntaryExit. // consensus-specs phase0 beacon-chain.md#voluntaryexit */
export interface VoluntaryExit {
  epoch: bigint; // Epoch (uint64)
  validatorIndex: bigint; // ValidatorIndex (uint64)
}

/** SignedVoluntaryExit. // consensus-specs phase0 beacon-chain.md#signedvoluntaryexit */
export interface SignedVoluntaryExit {
  message: VoluntaryExit;
  signature: Uint8Array; // BLSSignature
}

/** hash_tree_root(ForkData). */
export function hashTreeRootForkData(v: ForkData): Uint8Array {
  return containerRoot([bytesRoot(v.currentVersion, BYTES4, 'current_version'), bytesRoot(v.genesisValidatorsRoot, BYTES32, 'genesis_validators_root')]);
}

/** serialize(ForkData): 36 bytes. */
export function serializeForkData(v: ForkData): Uint8Array {
  return concatBytes(requireLength(v.currentVersion, BYTES4, 'current_version'), requireLength(v.genesisValidatorsRoot, BYTES32, 'genesis_validators_root'));
}

/** hash_tree_root(SigningData). */
export function hashTreeRootSigningData(v: SigningData): Uint8Array {
  return containerRoot([bytesRoot(v.objectRoot, BYTES32, 'object_root'), bytesRoot(v.domain, BYTES32, 'domain')]);
}

/** serialize(SigningData): 64 bytes. */
export function serializeSigningData(v: SigningData): Uint8Array {
  return concatBytes(requireLength(v.objectRoot, BYTES32, 'object_root'), requireLength(v.domain, BYTES32, 'domain'));
}

function depositMessageFieldRoots(v: DepositMessage): Uint8Array[] {
  return [
    bytesRoot(v.pubkey, BLS_PUBKEY_LENGTH, 'pubkey'),
    bytesRoot(v.withdrawalCredentials, BYTES32, 'withdrawal_credentials'),
    uint64Root(v.amount, 'amount'),
  ];
}

/** hash_tree_root(DepositMessage): the deposit_message_root of deposit files. */
export function hashTreeRootDepositMessage(v: DepositMessage): Uint8Array {
  return containerRoot(depositMessageFieldRoots(v));
}

/** serialize(DepositMessage): 88 bytes. */
export function serializeDepositMessage(v: DepositMessage): Uint8Array {
  return concatBytes(
    requireLength(v.pubkey, BLS_PUBKEY_LENGTH, 'pubkey'),
    requireLength(v.withdrawalCredentials, BYTES32, 'withdrawal_credentials'),
    serializeUint64(v.amount, 'amount'),
  );
}

/** hash_tree_root(DepositData): the deposit_data_root the deposit contract checks. */
export function hashTreeRootDepositData(v: DepositData): Uint8Array {
  return containerRoot([...depositMessageFieldRoots(v), bytesRoot(v.signature, BLS_SIGNATURE_LENGTH, 'signature')]);
}

/** serialize(DepositData): 184 bytes. */
export function serializeDepositData(v: DepositData): Uint8Array {
  return concatBytes(serializeDepositMessage(v), requireLength(v.signature, BLS_SIGNATURE_LENGTH, 'signature'));
}

/** hash_tree_root(VoluntaryExit). */
export function hashTreeRootVoluntaryExit(v: VoluntaryExit): Uint8Array {
  return containerRoot([uint64Root(v.epoch, 'epoch'), uint64Root(v.validatorIndex, 'validator_index')]);
}

/** serialize(VoluntaryExit): 16 bytes. */
export function serializeVoluntaryExit(v: VoluntaryExit): Uint8Array {
  return concatBytes(serializeUint64(v.epoch, 'epoch'), serializeUint64(v.validatorIndex, 'validator_index'));
}

/** hash_tree_root(SignedVoluntaryExit). */
export function hashTreeRootSignedVoluntaryExit(v: SignedVoluntaryExit): Uint8Array {
  return containerRoot([hashTreeRootVoluntaryExit(v.message), bytesRoot(v.signature, BLS_SIGNATURE_LENGTH, 'signature')]);
}

/** serialize(SignedVoluntaryExit): 112 bytes. */
export function serializeSignedVoluntaryExit(v: SignedVoluntaryExit): Uint8Array {
  return concatBytes(serializeVoluntaryExit(v.message), requireLength(v.signature, BLS_SIGNATURE_LENGTH, 'signature'));
}
