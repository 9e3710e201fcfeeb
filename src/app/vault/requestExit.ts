/**
 * Request the validator's exit (EIP-7002) through the vault. The fee policy: the predeploy's fee as last read is
 * doubled for the cap (the fee may rise between the read and the inclusion) and sent as the value; the vault
 * returns what the request did not cost. An unread fee counts as 1 wei.
 */
import { sendVaultWrite, type VaultContext, type VaultOutcome, type VaultProgress } from './vaultContext.js';

/** The fee cap (and value) for an exit request when the fee last read is `fee` wei (undefined: not read). */
export function exitFeeCap(fee: bigint | undefined): bigint {
  const max = (fee ?? 1n) * 2n;
  return max > 0n ? max : 1n;
}

/** Send requestExit(cap) with the cap as value. Never throws. */
export function requestExit(ctx: VaultContext, fee: bigint | undefined, onProgress?: (p: VaultProgress) => void): Promise<VaultOutcome> {
  const maxFee = exitFeeCap(fee);
  return sendVaultWrite(ctx, { action: 'requestExit', vault: ctx.address, maxFee }, onProgress);
}
