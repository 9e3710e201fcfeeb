/**
 * The networks we know: chain id, the fork versions that sign deposits (genesis) and exits (Capella, EIP-7044),
 * the genesis validators root, and the deposit contract. Public values are from each network's published
 * config (eth-clients/{mainnet,sepolia,holesky,hoodi} metadata) and are checked against computed domains in
 * test/unit/eth/networks.test.ts.
 */
import { equalBytes, hexToFixedBytes } from '../bytes.js';
import { SvError } from '../errors.js';

/** A network's constants. Byte fields are fresh copies owned by the caller of `getNetwork`. */
export interface Network {
  name: NetworkName;
  chainId: number;
  /** GENESIS_FORK_VERSION: signs deposits. */
  genesisForkVersion: Uint8Array;
  /** CAPELLA_FORK_VERSION: signs voluntary exits forever after Deneb (EIP-7044). */
  capellaForkVersion: Uint8Array;
  /** genesis_validators_root of the beacon chain. */
  genesisValidatorsRoot: Uint8Array;
  /** The deposit contract, EIP-55 checksummed. */
  depositContract: string;
}

/** Names of the known networks. */
export type NetworkName = 'mainnet' | 'sepolia' | 'holesky' | 'hoodi' | 'devnet';

interface NetworkSpec {
  chainId: number;
  genesisForkVersion: string;
  capellaForkVersion: string;
  genesisValidatorsRoot: string;
  depositContract: string;
}

const SPECS: Record<NetworkName, NetworkSpec> = {
  mainnet: {
    chainId: 1,
    genesisForkVersion: '00000000',
    capellaForkVersion: '03000000',
    genesisValidatorsRoot: '4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95',
    depositContract: '0x00000000219ab540356cBB839Cbe05303d7705Fa',
  },
  sepolia: {
    chainId: 11155111,
    genesisForkVersion: '90000069',
    capellaForkVersion: '90000072',
    genesisValidatorsRoot: 'd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078',
    depositContract: '0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D',
  },
  holesky: {
    chainId: 17000,
    genesisForkVersion: '01017000',
    capellaForkVersion: '04017000',
    genesisValidatorsRoot: '9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1',
    depositContract: '0x4242424242424242424242424242424242424242',
  },
  hoodi: {
    chainId: 560048,
    genesisForkVersion: '10000910',
    capellaForkVersion: '40000910',
    genesisValidatorsRoot: '212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f',
    depositContract: '0x00000000219ab540356cBB839Cbe05303d7705Fa',
  },
  // The local anvil chain of `npm start`. There is no beacon chain behind it, so its consensus values are our
  // own fixed choices: genesis fork version 0x10000001, Capella 0x10000003, genesis validators root = 32 zero
  // bytes. The deposit contract is the first contract deployed by anvil's account 0 (nonce 0), so the local
  // stack must deploy it first.
  devnet: {
    chainId: 31337,
    genesisForkVersion: '10000001',
    capellaForkVersion: '10000003',
    genesisValidatorsRoot: '0000000000000000000000000000000000000000000000000000000000000000',
    depositContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  },
};

/** The known network names, in display order. */
export const NETWORK_NAMES: readonly NetworkName[] = ['mainnet', 'sepolia', 'holesky', 'hoodi', 'devnet'];

function build(name: NetworkName): Network {
  const s = SPECS[name];
  return {
    name,
    chainId: s.chainId,
    genesisForkVersion: hexToFixedBytes(s.genesisForkVersion, 4, 'genesis fork version'),
    capellaForkVersion: hexToFixedBytes(s.capellaForkVersion, 4, 'capella fork version'),
    genesisValidatorsRoot: hexToFixedBytes(s.genesisValidatorsRoot, 32, 'genesis validators root'),
    depositContract: s.depositContract,
  };
}

/** True when `name` is a known network name. */
export function isNetworkName(name: unknown): name is NetworkName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SPECS, name);
}

/** The network called `name`; throws `ETH_UNKNOWN_NETWORK` naming the known ones. */
export function getNetwork(name: string): Network {
  if (!isNetworkName(name)) {
    throw new SvError('ETH_UNKNOWN_NETWORK', `unknown network '${String(name)}' (known: ${NETWORK_NAMES.join(', ')})`, {
      known: [...NETWORK_NAMES],
    });
  }
  return build(name);
}

/** The network whose genesis fork version is `forkVersion` (deposit detection), or undefined. */
export function findNetworkByGenesisForkVersion(forkVersion: Uint8Array): Network | undefined {
  for (const name of NETWORK_NAMES) {
    const n = build(name);
    if (equalBytes(n.genesisForkVersion, forkVersion)) return n;
  }
  return undefined;
}

/** The network with this chain id, or undefined. */
export function findNetworkByChainId(chainId: number): Network | undefined {
  const name = NETWORK_NAMES.find((n) => SPECS[n].chainId === chainId);
  return name === undefined ? undefined : build(name);
}
