/**
 * What the deposit contract holds for the ceremony's key, judged against the vault's credentials (the front-run
 * guard): verifyDeposits (the DepositEvent logs through the Chain port, judged by the beacon chain's rule), and,
 * when a check is about to sign a root, the proof that the scan saw every deposit that root covers (the last
 * deposit index seen is the contract's count − 1, or the count did not change over a quiet range; the root's block
 * unchanged). Any blocker forbids signing or depositing.
 */
import type { OnchainState } from '../../core/eth/depositEvents.js';
import { formatGwei } from '../../core/eth/amounts.js';
import { findNetworkByChainId } from '../../core/eth/networks.js';
import type { DepositRootReading } from '../../ports/chain.js';
import { sentence, unknownChainWords, verifyDeposits } from '../verifyDeposits.js';
import { depositCheckBlockers, scanCoverageProblem } from '../vaultDeposit.js';
import type { VaultContext } from './vaultContext.js';

/** The verdict on the key: its state, the problems and the blockers in words, and a summary sentence. */
export interface DepositScan {
  state: OnchainState | 'unavailable';
  problems: string[];
  /** What forbids signing a check or depositing (a front-run, an unreadable event, an unproven scan). */
  blockers: string[];
  summary: string;
}

const unavailable = (why: string): DepositScan => ({ state: 'unavailable', problems: [why], blockers: [], summary: why });

/**
 * Read the logs for `pubkey` and judge them. With `upTo` (the root a check is about to sign) the logs are read up
 * to exactly its block, and they must prove they saw every deposit the root covers. Never throws.
 */
export async function scanDeposit(ctx: VaultContext, pubkey: string, upTo?: DepositRootReading): Promise<DepositScan> {
  const network = findNetworkByChainId(ctx.deployment.chainId);
  if (!network) return unavailable(unknownChainWords(ctx.deployment.chainId));
  const contract = ctx.deployment.depositContract;
  const targets = [{ pubkey, expectedCredentials: ctx.definition.validators[0]!.withdrawalCredentials }];
  let result;
  try {
    result = await verifyDeposits({ chain: ctx.chain, network, depositContract: contract, targets, ...(upTo ? { toBlock: upTo.blockNumber } : {}) });
  } catch (e) {
    return unavailable(sentence(ctx.chain.errorInWords(e)));
  }
  const report = result.report;
  const coverage = upTo ? await coverageProblems(ctx, upTo, result.fromBlock, result.lastDepositIndex) : [];
  const verdict = report.verdicts[0];
  const problems = [...report.problems, ...(verdict?.problems ?? [])].map((p) => p.message);
  const summary =
    report.state === 'none'
      ? 'No deposit for this key on chain yet.'
      : report.state === 'ok'
        ? `Deposited: ${formatGwei(verdict?.totalAmount ?? 0n)} to the vault's credentials, signature valid, the first deposit for this key.`
        : 'The deposit contract holds a problem for this key.';
  return { state: report.state, problems: [...problems, ...coverage], blockers: [...depositCheckBlockers(report), ...coverage], summary };
}

/** Why the scan of the logs does not prove it covers `reading` (see scanCoverageProblem), or nothing. */
async function coverageProblems(ctx: VaultContext, reading: DepositRootReading, fromBlock: bigint, lastDepositIndex: bigint | undefined): Promise<string[]> {
  try {
    const countBeforeScan = lastDepositIndex === undefined && fromBlock > 0n ? await ctx.chain.depositCount(ctx.deployment.depositContract, fromBlock - 1n) : 0n;
    const problem = scanCoverageProblem({ depositCount: reading.depositCount, lastDepositIndex, countBeforeScan });
    if (problem) return [problem];
    if ((await ctx.chain.blockHash(reading.blockNumber)) !== reading.blockHash) {
      return [`Block ${reading.blockNumber} changed while the deposit logs were read (the chain reorganised). Nothing was signed: try again.`];
    }
    return [];
  } catch (e) {
    return [`The deposit contract could not be read again to confirm the logs are complete: ${ctx.wallet.errorInWords(e)}`];
  }
}
