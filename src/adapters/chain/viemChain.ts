/**
 * The Chain port's reads over JSON-RPC (viem): one public client per RPC, the deposit logs (depositEvents.ts), the
 * deposit contract and the vault (clusterVault.ts), code and ERC-1271 verdicts (contractSignature.ts).
 */
import type { PublicClient } from 'viem';
import type { Address, ChainReader, ContractSignatureChecker } from '../../ports/chain.js';
import { blockHashAt, factoryPredictVault, predictVaultAddress, readDepositCount, readDepositRoot, readVault } from './clusterVault.js';
import { createContractSignatureChecker } from './contractSignature.js';
import { createRpcClient, depositEventsErrorInWords, fetchDepositEvents } from './depositEvents.js';

export interface ViemChainOptions {
  /** The RPC's URL (its path and query never appear in a message). */
  rpcUrl: string;
  /** A client to use instead of one made for `rpcUrl` (tests). */
  client?: PublicClient;
  /** Requests made together travel as one JSON-RPC batch (default true: a vault read is one round trip per step). */
  batch?: boolean;
}

/** A ChainReader over `options.rpcUrl`. */
export function createViemChain(options: ViemChainOptions): ChainReader {
  const client = options.client ?? createRpcClient(options.rpcUrl, { batch: options.batch ?? true });
  // The deposit logs are read without batching: a refused range must fail alone, so that the scan can halve it.
  let logs: PublicClient | undefined = options.client;
  const logClient = () => (logs ??= createRpcClient(options.rpcUrl));
  const hasCode = new Map<string, Promise<boolean>>();
  const checkers = new Map<number, ContractSignatureChecker>();
  return {
    chainId: () => client.getChainId(),
    depositEvents: (q) => fetchDepositEvents(logClient(), { ...q, rpcUrl: options.rpcUrl }),
    depositRoot: (depositContract) => readDepositRoot(client, depositContract),
    depositCount: (depositContract, blockNumber) => readDepositCount(client, depositContract, blockNumber),
    blockHash: (blockNumber) => blockHashAt(client, blockNumber),
    hasCode(address: Address) {
      // Asked once per address (a flood of checks asks nothing again); a failure is not kept, so a later call retries.
      const key = address.toLowerCase();
      let known = hasCode.get(key);
      if (!known) {
        known = client.getCode({ address }).then((c) => !!c && c !== '0x');
        hasCode.set(key, known);
        known.catch(() => hasCode.delete(key));
      }
      return known;
    },
    readVault: (address, account) => readVault(client, address, account),
    factoryPredictVault: (factory, config) => factoryPredictVault(client, factory, config),
    predictVaultAddress,
    contractSignatures(chainId) {
      let checker = checkers.get(chainId);
      if (!checker) {
        checker = createContractSignatureChecker({ rpcUrl: options.rpcUrl, chainId, client });
        checkers.set(chainId, checker);
      }
      return checker;
    },
    errorInWords: depositEventsErrorInWords,
  };
}
