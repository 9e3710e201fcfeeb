import { toHex } from 'viem';
import { createMemoryChain } from '../../src/adapters/memory/index.js';
import type { Address } from '../../src/ports/chain.js';
import { signedDeposit } from '../integration/chain/helpers.js';
import { chainCompliance } from './chain.js';

chainCompliance('in-memory chain', async () => {
  const chain = createMemoryChain();
  const account = (i: number): Address => `0x${(0x1000 + i).toString(16).padStart(40, '0')}`;
  return {
    chain,
    chainId: 31337,
    depositContract: chain.depositContract,
    clusterFactory: '0x00000000000000000000000000000000000fac70',
    operators: [1, 2, 3, 4].map((i) => chain.wallet(account(i))),
    staker: chain.wallet(account(9)),
    signedDeposit(seed, to, gwei = 32_000_000_000n) {
      const e = signedDeposit(seed, to, gwei);
      return { pubkey: toHex(e.pubkey), signature: toHex(e.signature), depositDataRoot: toHex(e.depositDataRoot), withdrawalCredentials: toHex(e.withdrawalCredentials) };
    },
    async depositDirectly(d, gwei = 32_000_000_000n) {
      chain.addDeposit({ pubkey: d.pubkey, withdrawalCredentials: d.withdrawalCredentials, amountGwei: gwei, signature: d.signature });
      return chain.blockNumber();
    },
    cleanup: async () => {},
  };
});
