/**
 * What the browser wallet and its contract writes share: the write and its status (errors are the port's ChainError). Its
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


