/**
 * Build deposits: from a secret key, or from a public key and a signature made elsewhere (the threshold path:
 * the group key and the combined signature), verified before it is accepted.
 * // consensus-specs phase0 beacon-chain.md#deposits (signature over DepositMessage under DOMAIN_DEPOSIT)
 */
import { secretToPublicKey, sign, verify } from '../bls/index.js';
import { SvError } from '../errors.js';
import { checkDepositAmount } from './amounts.js';
import { BLS_PUBKEY_LENGTH, BLS_SIGNATURE_LENGTH, BYTES32, hashTreeRootDepositData, hashTreeRootDepositMessage, type DepositData, type DepositMessage } from './containers.js';
import { computeSigningRoot, depositDomain } from './domain.js';
import type { Network } from './networks.js';
import { requireLength, requireUint64 } from './ssz.js';
import { parseWithdrawalCredentials } from './withdrawalCredentials.js';

/** A signed deposit with its two roots: one line of a deposit file (network fields are added when written). */
export interface DepositEntry extends DepositData {
  /** hash_tree_root(DepositMessage). */
  depositMessageRoot: Uint8Array;
  /** hash_tree_root(DepositData): the root the deposit contract checks. */
  depositDataRoot: Uint8Array;
}

/** What is deposited, before signing. */
export interface DepositRequest {
  withdrawalCredentials: Uint8Array;
  /** Gwei. */
  amount: bigint;
  network: Network;
}

function checkMessage(message: DepositMessage): DepositMessage {
  requireLength(message.pubkey, BLS_PUBKEY_LENGTH, 'pubkey');
  requireLength(message.withdrawalCredentials, BYTES32, 'withdrawal_credentials');
  requireUint64(message.amount, 'amount');
  const creds = parseWithdrawalCredentials(message.withdrawalCredentials);
  if (creds.type === 'unknown') throw new SvError('ETH_BAD_CREDENTIALS', 'unknown withdrawal credentials prefix');
  checkDepositAmount(message.amount, creds.type);
  return message;
}

/** The root a deposit signature signs: compute_signing_root(DepositMessage, deposit domain of `network`). */
export function depositSigningRoot(message: DepositMessage, network: Network): Uint8Array {
  return computeSigningRoot(hashTreeRootDepositMessage(message), depositDomain(network));
}

function entryOf(data: DepositData): DepositEntry {
  return {
    pubkey: data.pubkey,
    withdrawalCredentials: data.withdrawalCredentials,
    amount: data.amount,
    signature: data.signature,
    depositMessageRoot: hashTreeRootDepositMessage(data),
    depositDataRoot: hashTreeRootDepositData(data),
  };
}

/**
 * Sign a deposit with a 32-byte secret key. Checks the credentials and the amount (`ETH_BAD_CREDENTIALS`,
 * `ETH_BAD_AMOUNT`).
 */
export function createDepositData(secretKey: Uint8Array, request: DepositRequest): DepositEntry {
  const message = checkMessage({ pubkey: secretToPublicKey(secretKey), withdrawalCredentials: request.withdrawalCredentials, amount: request.amount });
  const signature = sign(secretKey, depositSigningRoot(message, request.network));
  return entryOf({ ...message, signature });
}

/**
 * Assemble a deposit from a public key and a signature produced elsewhere (e.g. a combined threshold
 * signature). The signature must verify under the network's deposit domain, else `ETH_BAD_SIGNATURE`.
 */
export function assembleDepositData(pubkey: Uint8Array, signature: Uint8Array, request: DepositRequest): DepositEntry {
  const message = checkMessage({ pubkey, withdrawalCredentials: request.withdrawalCredentials, amount: request.amount });
  requireLength(signature, BLS_SIGNATURE_LENGTH, 'signature');
  if (!verify(pubkey, depositSigningRoot(message, request.network), signature)) {
    throw new SvError('ETH_BAD_SIGNATURE', `the deposit signature does not verify for this public key under ${request.network.name}`);
  }
  return entryOf({ ...message, signature });
}
