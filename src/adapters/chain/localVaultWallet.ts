/**
 * The Chain port's VaultWallet held as a private key (headless operators, tests, the future runner): vault writes
 * through viem (simulate → write → receipt, the same steps as the browser wallet's) and EIP-712 signatures.
 */
import { createPublicClient, createWalletClient, defineChain, hexToBytes, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ChainError, type VaultWallet } from '../../ports/chain.js';
import { walletErrorInWords } from './browserWallet.js';
import { vaultWriteCall } from './vaultWrites.js';

export interface LocalVaultWalletOptions {
  /** 0x + 64 hex. */
  privateKey: Hex;
  rpcUrl: string;
  chainId: number;
  /** How often to poll for the receipt (default 100 ms). */
  pollingInterval?: number;
}

/** A VaultWallet for `options.privateKey` on the chain at `options.rpcUrl`. */
export function createLocalVaultWallet(options: LocalVaultWalletOptions): VaultWallet {
  const account = privateKeyToAccount(options.privateKey);
  const chain = defineChain({ id: options.chainId, name: `chain ${options.chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [options.rpcUrl] } } });
  const transport = http(options.rpcUrl);
  const pollingInterval = options.pollingInterval ?? 100;
  const reader = createPublicClient({ chain, transport, pollingInterval });
  const writer = createWalletClient({ account, chain, transport });
  return {
    account: () => ({ address: account.address, chainId: options.chainId }),
    async switchChain(chainId) {
      if (chainId !== options.chainId) throw new ChainError('CHAIN_WRONG_CHAIN', `this wallet is on chain ${options.chainId}, not ${chainId}`);
    },
    async signTypedData(typedData) {
      return hexToBytes(await account.signTypedData(typedData as Parameters<typeof account.signTypedData>[0]));
    },
    async sendVaultWrite(write, chainId, onStatus) {
      if (chainId !== options.chainId) throw new ChainError('CHAIN_WRONG_CHAIN', `this wallet is on chain ${options.chainId}, the contract on chain ${chainId}`);
      onStatus?.({ step: 'simulating' });
      const { request } = await reader.simulateContract({ ...vaultWriteCall(write), account } as never);
      onStatus?.({ step: 'signing' });
      const hash = await writer.writeContract(request as never);
      onStatus?.({ step: 'pending', hash });
      const receipt = await reader.waitForTransactionReceipt({ hash, pollingInterval });
      if (receipt.status !== 'success') throw new ChainError('CHAIN_REVERTED', `the transaction ${hash} was included but reverted`);
      const done = { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
      onStatus?.({ step: 'confirmed', ...done });
      return done;
    },
    errorInWords: walletErrorInWords,
  };
}
