/**
 * A contract write through wagmi: simulate (a revert throws here, before the wallet is asked) → write (the wallet
 * signs and sends) → wait for the receipt. Split from browserWallet.ts so the start page loads none of it.
 */
import { simulateContract, waitForTransactionReceipt, writeContract, type Config } from '@wagmi/core';
import type { Address, Hex } from 'viem';
import { BrowserWalletError, type ContractWrite, type WriteStatus } from './browserWallet.js';

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
  const receipt = await waitForTransactionReceipt(config, { hash, chainId });
  if (receipt.status !== 'success') throw new BrowserWalletError('REVERTED', `the transaction ${hash} was included but reverted`);
  const done = { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
  onStatus?.({ step: 'confirmed', ...done });
  return done;
}
