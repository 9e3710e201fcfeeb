import { describe, expect, it } from 'vitest';
import {
  NETWORK_NAMES,
  computeDomain,
  computeForkDataRoot,
  computeSigningRoot,
  DOMAIN_DEPOSIT,
  DOMAIN_VOLUNTARY_EXIT,
  depositDomain,
  findNetworkByChainId,
  findNetworkByGenesisForkVersion,
  getNetwork,
  parseAddress,
  toChecksumAddress,
  voluntaryExitDomain,
} from '../../../src/core/eth/index.js';
import { hex, readJson, toHex } from '../../helpers.js';

const domains = readJson<Record<string, Record<string, string>>>('eth', 'domains.json');
const depositKey = Object.keys(domains).find((k) => k.startsWith('DOMAIN_DEPOSIT')) as string;
const exitKey = Object.keys(domains).find((k) => k.startsWith('DOMAIN_VOLUNTARY_EXIT')) as string;
const PUBLIC = ['mainnet', 'sepolia', 'holesky', 'hoodi'] as const;

describe('networks', () => {
  it.each(PUBLIC)('%s: deposit and exit domains match domains.json', (name) => {
    const n = getNetwork(name);
    expect(toHex(depositDomain(n))).toBe(domains[depositKey]?.[name]);
    expect(toHex(voluntaryExitDomain(n))).toBe(domains[exitKey]?.[name]);
  });

  it('has the documented constants', () => {
    expect(NETWORK_NAMES).toEqual(['mainnet', 'sepolia', 'holesky', 'hoodi', 'devnet']);
    const chainIds = Object.fromEntries(NETWORK_NAMES.map((n) => [n, getNetwork(n).chainId]));
    expect(chainIds).toEqual({ mainnet: 1, sepolia: 11155111, holesky: 17000, hoodi: 560048, devnet: 31337 });
    const devnet = getNetwork('devnet');
    expect(toHex(devnet.genesisForkVersion)).toBe('10000001');
    expect(toHex(devnet.capellaForkVersion)).toBe('10000003');
    expect(toHex(devnet.genesisValidatorsRoot)).toBe('00'.repeat(32));
    expect(devnet.depositContract).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3');
  });

  it.each(NETWORK_NAMES)('%s: deposit contract address carries a valid EIP-55 checksum', (name) => {
    const addr = getNetwork(name).depositContract;
    expect(toChecksumAddress(parseAddress(addr))).toBe(addr);
  });

  it('genesis fork versions are distinct and detectable', () => {
    for (const name of NETWORK_NAMES) {
      const n = getNetwork(name);
      expect(findNetworkByGenesisForkVersion(n.genesisForkVersion)?.name).toBe(name);
      expect(findNetworkByChainId(n.chainId)?.name).toBe(name);
    }
    expect(findNetworkByGenesisForkVersion(hex('deadbeef'))).toBeUndefined();
    expect(findNetworkByChainId(5)).toBeUndefined();
  });

  it('unknown names throw ETH_UNKNOWN_NETWORK listing the known ones', () => {
    expect(() => getNetwork('goerli')).toThrow(expect.objectContaining({ code: 'ETH_UNKNOWN_NETWORK', message: expect.stringContaining('mainnet, sepolia, holesky, hoodi, devnet') }));
    expect(() => getNetwork('toString')).toThrow(expect.objectContaining({ code: 'ETH_UNKNOWN_NETWORK' }));
  });

  it('returns fresh byte arrays (callers cannot corrupt the table)', () => {
    getNetwork('mainnet').genesisValidatorsRoot.fill(0xff);
    expect(toHex(getNetwork('mainnet').genesisValidatorsRoot)).toBe('4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95');
  });
});

describe('domains', () => {
  it('domain types are the spec constants', () => {
    expect(toHex(DOMAIN_DEPOSIT)).toBe('03000000');
    expect(toHex(DOMAIN_VOLUNTARY_EXIT)).toBe('04000000');
  });

  it('computeDomain = domain type ‖ fork data root[:28]', () => {
    const v = hex('01017000');
    const root = computeForkDataRoot(v, new Uint8Array(32));
    expect(toHex(computeDomain(DOMAIN_DEPOSIT, v, new Uint8Array(32)))).toBe(`03000000${toHex(root.subarray(0, 28))}`);
    expect(() => computeDomain(hex('0300'), v, new Uint8Array(32))).toThrow(expect.objectContaining({ code: 'ETH_BAD_LENGTH' }));
    expect(() => computeDomain(DOMAIN_DEPOSIT, hex('0101'), new Uint8Array(32))).toThrow(expect.objectContaining({ code: 'ETH_BAD_LENGTH' }));
  });

  it('computeSigningRoot is hash_tree_root(SigningData)', () => {
    const a = computeSigningRoot(new Uint8Array(32), new Uint8Array(32));
    // hash(zero32 ‖ zero32): the first zero-subtree hash
    expect(toHex(a)).toBe('f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b');
  });
});
