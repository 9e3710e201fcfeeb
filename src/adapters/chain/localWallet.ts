/**
 * A wallet held as a private key (headless participants, simulations, tests): signs EIP-712 typed data through
 * viem exactly as a browser wallet's eth_signTypedData_v4 would.
 */
import { privateKeyToAccount } from 'viem/accounts';
import { hexToBytes, type Hex } from 'viem';

export interface LocalWallet {
  address: string;
  /** Sign typed data; resolves to the 65-byte r||s||v signature. */
  signTypedData: (typedData: { domain: object; types: object; primaryType: string; message: object }) => Promise<Uint8Array>;
}

const KEY_RE = /^0x[0-9a-fA-F]{64}$/;

/** A wallet for a 0x-prefixed 32-byte secp256k1 private key. Throws a plain Error on a malformed key. */
export function createLocalWallet(privateKey: string): LocalWallet {
  if (!KEY_RE.test(privateKey)) throw new Error('a wallet private key is 0x followed by 64 hex digits');
  const account = privateKeyToAccount(privateKey as Hex);
  return {
    address: account.address,
    async signTypedData(typedData) {
      const sig = await account.signTypedData(typedData as Parameters<typeof account.signTypedData>[0]);
      return hexToBytes(sig);
    },
  };
}
