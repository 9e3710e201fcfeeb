// The Chain port's compliance suite on a real anvil: the viem reads and the private-key vault wallet.
import { toHex, type Hex } from 'viem';
import { createLocalVaultWallet, createViemChain } from '../../src/adapters/chain/index.js';
import { depositOnChain, signedDeposit, startTestChain } from '../integration/chain/helpers.js';
import { chainCompliance } from './chain.js';

chainCompliance('viem on anvil', async () => {
  const t = await startTestChain();
  const wallet = (i: number) => createLocalVaultWallet({ privateKey: t.chain.accounts[i]!.privateKey as Hex, rpcUrl: t.chain.rpcUrl, chainId: t.chain.chainId, pollingInterval: 20 });
  return {
    chain: createViemChain({ rpcUrl: t.chain.rpcUrl }),
    chainId: t.chain.chainId,
    depositContract: t.chain.depositContract,
    clusterFactory: t.chain.clusterFactory,
    operators: [1, 2, 3, 4].map(wallet),
    staker: wallet(6),
    signedDeposit(seed, to, gwei = 32_000_000_000n) {
      const e = signedDeposit(seed, to, gwei);
      return { pubkey: toHex(e.pubkey), signature: toHex(e.signature), depositDataRoot: toHex(e.depositDataRoot), withdrawalCredentials: toHex(e.withdrawalCredentials) };
    },
    async depositDirectly(d, gwei = 32_000_000_000n) {
      const entry = signedDepositEntry(d, gwei);
      return (await depositOnChain(t, t.chain.accounts[7]!, entry)).block;
    },
    cleanup: () => t.chain.stop(),
  };
});

/** The deposit as the helpers' depositOnChain takes it. */
function signedDepositEntry(d: { pubkey: Hex; signature: Hex; depositDataRoot: Hex; withdrawalCredentials: Hex }, gwei: bigint) {
  const bytes = (h: Hex) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
  return { pubkey: bytes(d.pubkey), withdrawalCredentials: bytes(d.withdrawalCredentials), amount: gwei, signature: bytes(d.signature), depositDataRoot: bytes(d.depositDataRoot) } as Parameters<typeof depositOnChain>[2];
}
