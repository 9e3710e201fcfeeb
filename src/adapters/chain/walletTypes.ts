/**
 * What the browser wallet and its contract writes share: the write, its status and the adapter's own error. Its
 * own module so that browserWallet.ts and contractWrite.ts (loaded on first use) import it, not each other.
 */
import type { Abi, Address } from 'viem';

export type { WriteStatus } from '../../ports/chain.js';

/** A contract call to send from the connected account. */
export interface ContractWrite {
  chainId: number;
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
}


export type BrowserWalletErrorCode = 'NO_CHAINS' | 'WALLETCONNECT_UNAVAILABLE' | 'WALLET_NOT_FOUND' | 'NOT_CONNECTED' | 'BAD_SIGNATURE' | 'WRONG_CHAIN' | 'REVERTED' | 'NOT_INCLUDED';

/** An error raised by this adapter itself (wagmi and viem errors pass through unchanged). */
export class BrowserWalletError extends Error {
  override name = 'BrowserWalletError';
  constructor(
    readonly code: BrowserWalletErrorCode,
    message: string,
  ) {
    super(message);
  }
}
