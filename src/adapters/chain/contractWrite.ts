/**
 * A contract write through wagmi: simulate (a revert throws here, before the wallet is asked) → write (the wallet
 * signs and sends) → wait for the receipt. Split from browserWallet.ts so the start page loads none of it.
 */
import { simulateContract, waitForTransactionReceipt, writeContract, type Config } from '@wagmi/core';
import type { Address, Hex } from 'viem';
import { ChainError } from '../../ports/chain.js';
import type { ContractWrite, WriteStatus } from './walletTypes.js';

/** How long to wait for a sent transaction to be included. */
export const RECEIPT_TIMEOUT_MS = 10 * 60_000;

/** Send `write` from `account`, reporting each step. Resolves once the receipt shows success. */
export async function sendContractWrite(
  config: Config,
  account: Address,
  write: ContractWrite,
  onStatus?: (status: WriteStatus) => void,
): Promise<{ hash: Hex; blockNumber: bigint; gasUsed: bigint }> {
  onStatus?.({ step: 'simulating' });
  const { chainId, ...call } = write;
  const { request } = await simulateContract(config, { ...call, chainId, account } as never);
  onStatus?.({ step: 'signing' });
  const hash = await writeContract(config, request as never);
  onStatus?.({ step: 'pending', hash });
  // Bounded, so a dropped transaction ends in an error instead of a wait forever (a replaced one is followed).
  const receipt = await waitForTransactionReceipt(config, { hash, chainId, timeout: RECEIPT_TIMEOUT_MS }).catch((e: unknown) => {
    if ((e as { name?: string }).name === 'WaitForTransactionReceiptTimeoutError') {
      throw new ChainError('CHAIN_NOT_INCLUDED', `the transaction ${hash} was not included within ${RECEIPT_TIMEOUT_MS / 60_000} minutes`);
    }
    throw e;
  });
  if (receipt.status !== 'success') throw new ChainError('CHAIN_REVERTED', `the transaction ${hash} was included but reverted`);
  const done = { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
  onStatus?.({ step: 'confirmed', ...done });
  return done;
}
