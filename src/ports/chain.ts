/**
 * The Chain port: what the use-cases read from and write to an Ethereum execution chain. Implemented by the viem
 * adapters (src/adapters/chain) and the in-memory chain (src/adapters/memory/memoryChain.ts).
 */

/** What a contract wallet said of a signature (ERC-1271): accepted, or refused with the reason in words. */
export type ContractSignatureResult = { valid: true } | { valid: false; why: string };

/** ERC-1271 `isValidSignature` asked of an operator's contract wallet. Throws when the chain cannot be asked. */
export interface ContractSignatureChecker {
  /** The chain the checker reads (for messages). */
  readonly chainId: number;
  check(query: { operator: string; digest: Uint8Array; signature: Uint8Array }): Promise<ContractSignatureResult>;
}
