// How the screens write amounts and times, in one place.
import { formatEtherAmount } from '../../src/app/vaultTerms.js';

/** Wei as ETH, exactly (e.g. "2 ETH", "0.375 ETH"). */
export const eth = (wei: bigint): string => `${formatEtherAmount(wei)} ETH`;

/** Unix seconds as the reader's local date and time. */
export const when = (seconds: number): string => new Date(seconds * 1000).toLocaleString();
