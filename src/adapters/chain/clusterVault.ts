/**
 * Reading a ceremony's vault (CONTRACTS.md): its CREATE2 address computed here and by the factory (they must
 * agree), and its whole state in one round of parallel reads. Writes go through the wallet (browserWallet.ts).
 */
import {
  concat,
  encodeAbiParameters,
  getAddress,
  getContractAddress,
  keccak256,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { clusterFactoryAbi } from './clusterFactory.generated.js';
import { clusterVaultAbi, clusterVaultBytecode } from './clusterVault.generated.js';
import { depositContractAbi } from './depositContract.generated.js';
import { littleEndianCount } from '../../core/eth/depositEvents.js';
import { WITHDRAWAL_REQUEST_ADDRESS } from './systemContracts.data.js';
import { VAULT_PHASES, type VaultConfig, type VaultPhase } from '../../core/vault/vaultTerms.js';
import { ChainError, type DepositRootReading, type VaultView } from '../../ports/chain.js';

export type { DepositRootReading, VaultView } from '../../ports/chain.js';

const configParam = (() => {
  const fn = clusterFactoryAbi.find((x) => x.type === 'function' && x.name === 'configHash');
  if (!fn || fn.type !== 'function') throw new Error('the factory ABI has no configHash');
  return fn.inputs[0]!;
})();

/** keccak256(abi.encode(config)): the CREATE2 salt. */
function vaultConfigHash(config: VaultConfig): Hex {
  return keccak256(encodeAbiParameters([configParam], [config]));
}

/** Where `createCluster(config)` deploys, computed locally from the vault's creation code. */
export function predictVaultAddress(config: VaultConfig, factory: Address, depositContract: Address): Address {
  const args = encodeAbiParameters([configParam, { type: 'address' }, { type: 'address' }], [config, depositContract, WITHDRAWAL_REQUEST_ADDRESS]);
  return getContractAddress({ opcode: 'CREATE2', from: factory, salt: vaultConfigHash(config), bytecode: concat([clusterVaultBytecode, args]) });
}

/** The view of a vault that is not deployed yet. */
function notDeployed(address: Address, chainTime: number): VaultView {
  return {
    address,
    deployed: false,
    phase: 'Funding',
    balance: 0n,
    operators: [],
    bondCount: 0,
    stakers: [],
    totalStaked: 0n,
    totalFunded: 0n,
    minStake: 0n,
    termEndsAt: 0,
    lastExitRequestAt: 0,
    exitVotes: 0,
    exitRequestCount: 0,
    validatorPubkey: '0x',
    exitFee: 0n,
    outstanding: 0n,
    claimable: 0n,
    withdrawalCredentials: '0x',
    factory: '0x0000000000000000000000000000000000000000',
    chainTime,
  };
}

/** Read the vault at `address` (undefined fields when it is not deployed yet: `deployed` false). */
export async function readVault(client: PublicClient, address: Address, account?: Address): Promise<VaultView> {
  // Three round trips: the code and the block, then the vault's fields, then the per-operator and per-staker reads.
  const [code, block] = await Promise.all([client.getCode({ address }), client.getBlock()]);
  const blockNumber = block.number;
  if (!code || code === '0x') return notDeployed(address, Number(block.timestamp));
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address, abi: clusterVaultAbi, functionName, args, blockNumber } as never) as Promise<T>;
  const [phase, balance, operators, stakers, bondCount, totalStaked, totalFunded, minStake, termEndsAt, lastExit, exitVotes, exitRequests, pubkey, credentials, factory, outstanding, claimable, exitFee] =
    await Promise.all([
      read<number>('phase'),
      client.getBalance({ address, blockNumber }),
      read<Address[]>('operators'),
      read<Address[]>('stakers'),
      read<bigint>('bondCount'),
      read<bigint>('totalStaked'),
      read<bigint>('totalFunded'),
      read<bigint>('minStake'),
      read<bigint>('termEndsAt'),
      read<bigint>('lastExitRequestAt'),
      read<bigint>('exitVotes'),
      read<bigint>('exitRequestCount'),
      read<Hex>('validatorPubkey'),
      read<Hex>('withdrawalCredentials'),
      read<Address>('factory'),
      read<bigint>('outstanding'),
      account ? read<bigint>('claimable', [account]) : Promise.resolve(0n),
      readExitFee(client, blockNumber),
    ]);
  const [perOperator, stakes] = await Promise.all([
    Promise.all(
      operators.map(async (op) => {
        const [bonded, voted] = await Promise.all([read<boolean>('bondPosted', [op]), read<boolean>('votedExit', [op])]);
        return { address: getAddress(op), bonded, votedExit: voted };
      }),
    ),
    Promise.all(stakers.map(async (s) => ({ address: getAddress(s), stake: await read<bigint>('stakeOf', [s]) }))),
  ]);
  return {
    address,
    deployed: true,
    phase: phaseOf(phase),
    balance,
    operators: perOperator,
    bondCount: Number(bondCount),
    stakers: stakes,
    totalStaked,
    totalFunded,
    minStake,
    termEndsAt: Number(termEndsAt),
    lastExitRequestAt: Number(lastExit),
    exitVotes: Number(exitVotes),
    exitRequestCount: Number(exitRequests),
    validatorPubkey: pubkey,
    exitFee,
    outstanding,
    claimable,
    withdrawalCredentials: credentials,
    factory: getAddress(factory),
    chainTime: Number(block.timestamp),
  };
}

/** The phase by name; a number this app does not know is refused rather than shown as one it does. */
function phaseOf(n: number): VaultPhase {
  const phase = VAULT_PHASES[n];
  if (phase === undefined) throw new ChainError('CHAIN_BAD_ANSWER', `the vault reports phase ${n}, which this app does not know`);
  return phase;
}

/** The EIP-7002 fee: the predeploy answers an empty call with it (32 bytes). 0 when it cannot be read. */
async function readExitFee(client: PublicClient, blockNumber: bigint): Promise<bigint> {
  try {
    const { data } = await client.call({ to: WITHDRAWAL_REQUEST_ADDRESS, blockNumber });
    return data && data.length === 66 ? BigInt(data) : 0n;
  } catch {
    return 0n;
  }
}

/** Ask the factory where `config` deploys (it validates the config first: a bad one reverts with a custom error). */
export async function factoryPredictVault(client: PublicClient, factory: Address, config: VaultConfig): Promise<Address> {
  return (await client.readContract({ address: factory, abi: clusterFactoryAbi, functionName: 'predictVault', args: [config] } as never)) as Address;
}

/**
 * `get_deposit_root()` of the deposit contract at the latest block, with that block. The root covers every deposit
 * up to the block (it includes the deposit count): a check over it says "no deposit for the key up to here", and the
 * vault deposits only while the root is unchanged. Throws when there is no deposit contract at the address.
 */
export async function readDepositRoot(client: PublicClient, depositContract: Address): Promise<DepositRootReading> {
  const block = await client.getBlock();
  const code = await client.getCode({ address: depositContract, blockNumber: block.number });
  if (!code || code === '0x') throw new ChainError('CHAIN_NO_CONTRACT', `there is no deposit contract at ${depositContract} on this chain`);
  const depositRoot = (await client.readContract({ address: depositContract, abi: depositContractAbi, functionName: 'get_deposit_root', blockNumber: block.number })) as Hex;
  const depositCount = await readDepositCount(client, depositContract, block.number);
  return { depositRoot, blockNumber: block.number, blockHash: block.hash, depositCount };
}

/** `get_deposit_count()` of the deposit contract at `blockNumber` (0 before the contract exists). */
export async function readDepositCount(client: PublicClient, depositContract: Address, blockNumber: bigint): Promise<bigint> {
  const code = await client.getCode({ address: depositContract, blockNumber });
  if (!code || code === '0x') return 0n;
  const raw = (await client.readContract({ address: depositContract, abi: depositContractAbi, functionName: 'get_deposit_count', blockNumber })) as Hex;
  const count = littleEndianCount(raw);
  if (count === undefined) throw new ChainError('CHAIN_BAD_ANSWER', `the deposit contract at ${depositContract} answered get_deposit_count with ${raw}, not 8 bytes`);
  return count;
}

/** The hash of block `blockNumber` now (a reorg since a reading shows as another hash). */
export async function blockHashAt(client: PublicClient, blockNumber: bigint): Promise<Hex> {
  return (await client.getBlock({ blockNumber })).hash;
}
