// How the screens write amounts and times, in one place.
import { formatEther } from 'viem';

/** Wei as ETH, exactly (e.g. "2 ETH", "0.375 ETH"). */
export const eth = (wei: bigint): string => `${formatEther(wei)} ETH`;

/** Unix seconds as the reader's local date and time. */
export const when = (seconds: number): string => new Date(seconds * 1000).toLocaleString();
