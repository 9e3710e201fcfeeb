/**
 * The one step of an operator before the deposit (CONTRACTS.md, the deposit check): read the deposit contract's
 * root, check its logs for the key up to exactly the root's block (refuse on any front-run, unreadable record or
 * unproven scan: scanDeposit), sign the EIP-712 DepositCheck over the root (a signature, no transaction), and
 * publish it to the ceremony's deposit-check session. Nothing is signed unless every check passed.
 */
import { bytesToHex } from '../../core/bytes.js';
import { depositCheckTypedData } from '../../core/eth/depositCheck.js';
import { encodeDepositCheck } from '../../core/eth/depositCheckMessage.js';
import type { DepositRootReading } from '../../ports/chain.js';
import type { VaultDeposit } from '../vaultDeposit.js';
import { scanDeposit, type DepositScan } from './scanDeposit.js';
import type { VaultContext, VaultOutcome, VaultProgress } from './vaultContext.js';

/** A deposit root for people: its first bytes. */
export const shortRoot = (root: string): string => `${root.slice(0, 6)}…`;

/** What the step reports besides its progress: the root it read and the scan's verdict, as soon as they are known. */
export interface CheckDepositEvents {
  onProgress?: (p: VaultProgress) => void;
  onRoot?: (reading: DepositRootReading) => void;
  /** `checking` when the scan starts, then its verdict. */
  onScan?: (scan: DepositScan | 'checking') => void;
  /** Publish the encoded check (the ceremony's deposit-check board); rejects when it cannot. */
  publish: (text: string) => Promise<void>;
}

/** Check the deposit contract, sign the check over its root and publish it. Never throws. */
export async function checkDeposit(ctx: VaultContext, deposit: VaultDeposit, events: CheckDepositEvents): Promise<VaultOutcome & { text?: string }> {
  const note = (n: string) => events.onProgress?.({ note: n });
  const account = ctx.wallet.account();
  if (!account) return { error: ctx.wallet.errorInWords(new Error('no wallet is connected')) };
  try {
    note('reading the deposit contract’s deposit root…');
    const reading = await ctx.chain.depositRoot(ctx.deployment.depositContract);
    events.onRoot?.(reading);
    note(`reading the deposit contract’s deposits for this key (up to block ${reading.blockNumber}, where the root was read)…`);
    events.onScan?.('checking');
    const scan = await scanDeposit(ctx, deposit.pubkey, reading);
    events.onScan?.(scan);
    if (scan.state === 'unavailable' || scan.blockers.length) return { error: `Not signed: ${(scan.blockers.length ? scan.blockers : scan.problems).join(' ')}` };
    const chainId = ctx.definition.network.chainId;
    if (account.chainId !== chainId) await ctx.wallet.switchChain(chainId);
    note('sign the deposit check in your wallet (a signature: no transaction, no gas)…');
    const typedData = depositCheckTypedData({ chainId, vault: ctx.address, pubkey: deposit.pubkey, depositDataRoot: deposit.depositDataRoot, depositRoot: reading.depositRoot });
    const signature = await ctx.wallet.signTypedData(typedData);
    const text = encodeDepositCheck({
      configHash: `0x${ctx.configHashHex}`,
      chainId,
      vault: ctx.address,
      operator: account.address,
      pubkey: deposit.pubkey,
      depositDataRoot: deposit.depositDataRoot,
      depositRoot: reading.depositRoot,
      block: Number(reading.blockNumber),
      signature: `0x${bytesToHex(signature)}`,
    });
    note('publishing your check to the ceremony’s relays…');
    await events.publish(text);
    return { done: true, text, words: `signed over deposit root ${shortRoot(reading.depositRoot)} (block ${reading.blockNumber}) and sent to the other operators.` };
  } catch (e) {
    return { error: ctx.wallet.errorInWords(e) };
  }
}
