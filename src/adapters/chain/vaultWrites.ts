/**
 * The Chain port's vault writes through the browser wallet: each VaultWrite becomes its contract call (the
 * factory's createCluster or one of the vault's functions, with its ABI and value) and goes through the wallet's
 * simulate → write → receipt.
 */
import type { Abi } from 'viem';
import type { VaultWallet, VaultWrite } from '../../ports/chain.js';
import type { BrowserWallet } from './browserWallet.js';
import { clusterFactoryAbi } from './clusterFactory.generated.js';
import { clusterVaultAbi } from './clusterVault.generated.js';
import type { ContractWrite } from './walletTypes.js';

/** The contract call of a vault write (without its chain). */
export function vaultWriteCall(write: VaultWrite): Omit<ContractWrite, 'chainId'> {
  const vault = (functionName: string, args: readonly unknown[] = [], value?: bigint): Omit<ContractWrite, 'chainId'> => ({
    address: (write as { vault: `0x${string}` }).vault,
    abi: clusterVaultAbi as Abi,
    functionName,
    args,
    ...(value !== undefined ? { value } : {}),
  });
  switch (write.action) {
    case 'createVault':
      return { address: write.factory, abi: clusterFactoryAbi as Abi, functionName: 'createCluster', args: [write.config] };
    case 'postBond':
      return vault('postBond', [], write.bond);
    case 'stake':
      return vault('stake', [], write.amount);
    case 'deposit':
      return vault('deposit', [write.pubkey, write.signature, write.depositDataRoot, write.depositRoot, write.checks]);
    case 'requestExit':
      return vault('requestExit', [write.maxFee], write.maxFee);
    case 'voteExit':
    case 'settle':
    case 'claim':
    case 'cancel':
    case 'sweep':
      return vault(write.action);
  }
}

/** The browser wallet as the vault use-cases' VaultWallet. */
export function createWalletVaultWriter(wallet: BrowserWallet): VaultWallet {
  return {
    account: () => wallet.account(),
    switchChain: (chainId) => wallet.switchChain(chainId),
    signTypedData: (typedData) => wallet.signTypedData(typedData),
    sendVaultWrite: (write, chainId, onStatus) => wallet.sendContract({ ...vaultWriteCall(write), chainId }, onStatus),
    errorInWords: (e) => wallet.errorInWords(e),
  };
}
