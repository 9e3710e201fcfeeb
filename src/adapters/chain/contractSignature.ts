/**
 * ERC-1271 over JSON-RPC (viem): asks an operator's contract wallet whether it accepts a signature over a digest,
 * `isValidSignature(bytes32 digest, bytes signature)` returning the magic value 0x1626ba7e. Only an address with
 * code is asked (an account without code can only sign with its key, which the core checks itself). Verdicts are
 * cached per (operator, digest, signature); failures to ask are not, so a later call tries again. Failures are
 * ChainErrors in words; the RPC URL's path and query (often an API key) never appear in them.
 *
 * The verdict is the contract's at the latest block: a wallet whose owners change later may judge differently.
 */
import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, AbiDecodingDataSizeTooSmallError, bytesToHex, type Address, type Hex, type PublicClient } from 'viem';
import { ChainError, type ContractSignatureChecker, type ContractSignatureResult } from '../../ports/chain.js';
import { contractSignatureKey } from '../../core/dkg/approvals.js';
import { createRpcClient, rpcOrigin } from './depositEvents.js';

/** ERC-1271's magic value: bytes4(keccak256("isValidSignature(bytes32,bytes)")). */
export const ERC1271_MAGIC_VALUE = '0x1626ba7e';

const ERC1271_ABI = [
  {
    type: 'function',
    name: 'isValidSignature',
    stateMutability: 'view',
    inputs: [
      { name: 'hash', type: 'bytes32' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: 'magicValue', type: 'bytes4' }],
  },
] as const;

export interface ContractSignatureCheckerOptions {
  rpcUrl: string;
  /** The ceremony's chain: an RPC serving another chain is refused. */
  chainId: number;
  /** A client to use instead of one made for `rpcUrl` (tests). */
  client?: PublicClient;
}

/** A checker that also tells, before any approval arrives, whether its RPC answers for the right chain. */
export interface RpcContractSignatureChecker extends ContractSignatureChecker {
  /** Resolves once the RPC answered with the expected chain id; rejects with a ChainError otherwise. */
  ready(): Promise<void>;
}

/** One line of a viem (or other) error, no stack. */
function gist(e: unknown): string {
  if (e instanceof BaseError) return e.shortMessage;
  return e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
}

/** True when the request never got an answer: connection refused, DNS, timeout. */
function unreachable(e: unknown): boolean {
  if (!(e instanceof BaseError)) return e instanceof TypeError;
  return e.walk((x) => x instanceof BaseError && (x.name === 'TimeoutError' || (x.name === 'HttpRequestError' && (x as BaseError & { status?: number }).status === undefined))) !== null;
}

/** True when the contract answered, just not with a bytes4: it reverted, returned nothing or too little. */
function contractRefused(e: unknown): boolean {
  return (
    e instanceof BaseError &&
    e.walk((x) => x instanceof ContractFunctionRevertedError || x instanceof ContractFunctionZeroDataError || x instanceof AbiDecodingDataSizeTooSmallError) !== null
  );
}

/** An ERC-1271 checker reading `options.rpcUrl`. */
export function createContractSignatureChecker(options: ContractSignatureCheckerOptions): RpcContractSignatureChecker {
  const client = options.client ?? createRpcClient(options.rpcUrl);
  const rpc = `the RPC at ${rpcOrigin(options.rpcUrl)}`;
  const cache = new Map<string, Promise<ContractSignatureResult>>();
  let chainChecked: Promise<void> | undefined;

  const fail = (e: unknown, what: string): never => {
    if (e instanceof ChainError) throw e;
    throw new ChainError(unreachable(e) ? 'CHAIN_UNREACHABLE' : 'CHAIN_REFUSED', `could not ${what} from ${rpc}: ${gist(e)}`);
  };

  const ready = () =>
    (chainChecked ??= (async () => {
      let chainId: number;
      try {
        chainId = await client.getChainId();
      } catch (e) {
        return fail(e, 'read the chain id');
      }
      if (chainId !== options.chainId) throw new ChainError('CHAIN_WRONG_CHAIN', `${rpc} serves chain id ${chainId}, but the ceremony is on chain ${options.chainId}`);
    })().catch((e: unknown) => {
      chainChecked = undefined;
      throw e;
    }));

  async function ask(operator: Address, digest: Hex, signature: Hex): Promise<ContractSignatureResult> {
    await ready();
    let code: Hex | undefined;
    try {
      code = await client.getCode({ address: operator });
    } catch (e) {
      return fail(e, `read the code at ${operator}`);
    }
    if (code === undefined || code === '0x') {
      return { valid: false, why: `the signature is not by its key, and ${operator} has no contract code on chain ${options.chainId}, so nothing else can sign for it` };
    }
    let answer: Hex;
    try {
      answer = await client.readContract({ address: operator, abi: ERC1271_ABI, functionName: 'isValidSignature', args: [digest, signature] });
    } catch (e) {
      if (contractRefused(e)) return { valid: false, why: `its contract wallet refused the signature (isValidSignature reverted or gave no answer: ${gist(e)})` };
      return fail(e, `call isValidSignature on ${operator}`);
    }
    if (answer.toLowerCase() === ERC1271_MAGIC_VALUE) return { valid: true };
    return { valid: false, why: `its contract wallet refused the signature (isValidSignature returned ${answer}, not the ERC-1271 magic value ${ERC1271_MAGIC_VALUE})` };
  }

  return {
    chainId: options.chainId,
    ready,
    check(q) {
      const key = contractSignatureKey(q);
      let verdict = cache.get(key);
      if (!verdict) {
        verdict = ask(q.operator as Address, bytesToHex(q.digest), bytesToHex(q.signature));
        cache.set(key, verdict);
        verdict.catch(() => cache.delete(key));
      }
      return verdict;
    },
  };
}
