/**
 * What an operator checks in its browser before it signs the vault's deposit check (CONTRACTS.md, the deposit
 * check): the deposit data verifies (signature under the group key, roots, fork version of the ceremony's network),
 * it is the one validator of this ceremony, its credentials are the vault's, and it deposits 32 ETH. The on-chain
 * part is checked separately against the deposit contract's logs (`depositCheckBlockers`): no earlier validly signed
 * deposit for the pubkey with other credentials (a front-run), no credentials that disagree, no unreadable event.
 *
 * Then the checks themselves, as they come in from the board (`judgeDepositCheck`, `keepDepositCheck`) and whether
 * all n are over the deposit root the deposit contract has now (`tallyDepositChecks`): the vault deposits only then.
 */
import { bytesToHex } from '../core/bytes.js';
import { MAX_EFFECTIVE_BALANCE } from '../core/eth/amounts.js';
import { parseDepositFileEntry, type ParsedDepositEntry } from '../core/eth/depositFileEntry.js';
import { verifyDepositFile } from '../core/eth/verifyDepositFile.js';
import { toHex0x } from '../core/wire/fields.js';
import type { CeremonyDefinition } from '../core/dkg/definition.js';
import { depositCheckDigest, recoverDepositCheckSigner } from '../core/eth/depositCheck.js';
import type { OnchainDepositsReport, OnchainProblemCode } from '../core/eth/depositEvents.js';
import type { DepositCheckMessage } from '../core/eth/depositCheckMessage.js';

/** The deposit's own arguments of the vault's deposit (and what every check signs, with the root), 0x hex. */
export interface VaultDeposit {
  pubkey: `0x${string}`;
  signature: `0x${string}`;
  depositDataRoot: `0x${string}`;
}

/** The deposit the vault should make, from the ceremony's deposit file, or the reasons it must not. */
export function vaultDepositOf(
  fileText: string,
  definition: CeremonyDefinition,
  groupKey: string | undefined,
): { deposit: VaultDeposit; problems: [] } | { deposit?: undefined; problems: string[] } {
  if (groupKey === undefined) return { problems: ["the ceremony's group key is not known yet"] };
  let file: unknown;
  try {
    file = JSON.parse(fileText);
  } catch {
    return { problems: ['the deposit file is not JSON'] };
  }
  const verdict = verifyDepositFile(file, { network: definition.network.name });
  const problems = [...verdict.fileProblems.map((r) => r.message), ...verdict.entries.flatMap((e) => e.reasons.map((r) => `entry ${e.index}: ${r.message}`))];
  if (!verdict.valid) return { problems: problems.length ? problems : ['the deposit file does not verify'] };
  const entries = file as unknown[];
  if (entries.length !== 1) return { problems: [`a vault deposits one validator; the file has ${entries.length}`] };
  // The verdict is valid, so every field was read (hex with or without 0x, any case; amount as number or string).
  const { pubkey, withdrawalCredentials, amount, signature, depositDataRoot } = parseDepositFileEntry(entries[0]).parsed as Required<Omit<ParsedDepositEntry, 'networkName'>>;
  const expected = definition.validators[0]!;
  const credentials = toHex0x(withdrawalCredentials);
  if (credentials !== expected.withdrawalCredentials) problems.push(`its withdrawal credentials ${credentials} are not the vault's ${expected.withdrawalCredentials}`);
  if (amount !== MAX_EFFECTIVE_BALANCE) problems.push(`it deposits ${amount} gwei, not 32 ETH`);
  if (bytesToHex(pubkey) !== groupKey.replace(/^0x/, '').toLowerCase()) problems.push(`its public key is not this ceremony's group key ${groupKey}`);
  if (problems.length) return { problems };
  return { deposit: { pubkey: toHex0x(pubkey) as `0x${string}`, signature: toHex0x(signature) as `0x${string}`, depositDataRoot: toHex0x(depositDataRoot) as `0x${string}` }, problems: [] };
}

/**
 * What in the deposit contract's record for the key forbids signing a deposit check (CONTRACTS.md: the first deposit's
 * credentials win). A deposit that set other credentials, or credentials that disagree, blocks; an earlier deposit
 * with an invalid signature does not (the beacon chain ignores it, and anyone could make one to stall the vault).
 */
export function depositCheckBlockers(report: OnchainDepositsReport): string[] {
  const blocking = new Set<OnchainProblemCode>(['ONCHAIN_FRONT_RUN', 'ONCHAIN_WRONG_CREDENTIALS', 'ONCHAIN_CREDENTIALS_DISAGREE', 'ONCHAIN_MALFORMED_EVENT', 'ONCHAIN_BAD_PUBKEY']);
  return [...report.problems, ...report.verdicts.flatMap((v) => v.problems)].filter((p) => blocking.has(p.code)).map((p) => p.message);
}

/**
 * Did the scan of the deposit logs see every deposit the signed root covers? The root is read at a block N together
 * with `get_deposit_count()` there; the logs are read up to N. Unless the highest deposit index among them is
 * count − 1 (or, with no deposit in the range, the count before the range equals the count at N), the RPC answered
 * the logs from another view of the chain (a lagging node behind a load balancer, a reorganisation), and a front-run
 * inside the signed root could be missing from them: then nothing is signed. Returns the reason in words, or
 * undefined when the scan is complete.
 */
export function scanCoverageProblem(r: { depositCount: bigint; lastDepositIndex: bigint | undefined; countBeforeScan: bigint }): string | undefined {
  const complete = r.lastDepositIndex !== undefined ? r.lastDepositIndex + 1n === r.depositCount : r.countBeforeScan === r.depositCount;
  if (complete) return undefined;
  const seen = r.lastDepositIndex !== undefined ? `the last one in the logs is number ${r.lastDepositIndex + 1n}` : 'the logs show none of them';
  return `The RPC's deposit logs do not reach the deposit root it reported (the root covers ${r.depositCount} deposits; ${seen}), so a deposit for this key could be missing from them. Nothing was signed: try again in a moment, or use another RPC.`;
}

/** What a receiver expects of every check for this vault's deposit. Addresses and hex in any case. */
export interface DepositCheckContext {
  configHash: string;
  chainId: number;
  vault: string;
  deposit: VaultDeposit;
  /** The ceremony's operators in ceremony order (operator k is `operators[k - 1]`). */
  operators: readonly string[];
}

/** A check that passed the receiver's boundary, with the operator's number and how it was judged. */
export interface HeldDepositCheck extends DepositCheckMessage {
  /** The operator's number in ceremony order, 1-based. */
  index: number;
  /**
   * `signer`: the signature recovers to the operator (an EOA). `wallet`: it does not, and the operator's contract
   * wallet accepted it through ERC-1271 when asked. `contract`: the operator's address could not be asked, so the
   * check is kept for the vault, which asks the wallet (ERC-1271) when the deposit is sent.
   */
  by: 'signer' | 'wallet' | 'contract';
}

/**
 * What an operator's address says of a signature over a digest: `no-code` (an account, which signs only with its
 * key), or its contract wallet's ERC-1271 verdict. Throws when the chain cannot be asked.
 */
export type AskWallet = (query: { operator: string; digest: string; signature: string }) => Promise<'no-code' | 'accepts' | 'refuses'>;

/**
 * Judge a check from the board against this vault's deposit. `askWallet` is asked only when the signature does not
 * recover to the operator (a contract wallet, or a forgery: a check under another's name must not displace the
 * operator's own). Returns the check to keep, or why it is dropped.
 */
export async function judgeDepositCheck(m: DepositCheckMessage, ctx: DepositCheckContext, askWallet: AskWallet): Promise<{ check: HeldDepositCheck } | { problem: string }> {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(m.configHash.replace(/^0x/, ''), ctx.configHash.replace(/^0x/, ''))) return { problem: 'it is for another ceremony' };
  if (m.chainId !== ctx.chainId) return { problem: `it is for chain ${m.chainId}, not ${ctx.chainId}` };
  if (!same(m.vault, ctx.vault)) return { problem: `it is for the vault ${m.vault}, not ${ctx.vault}` };
  if (!same(m.pubkey, ctx.deposit.pubkey)) return { problem: 'it checks another validator key' };
  if (!same(m.depositDataRoot, ctx.deposit.depositDataRoot)) return { problem: 'it checks other deposit data' };
  const k = ctx.operators.findIndex((o) => same(o, m.operator));
  if (k < 0) return { problem: `${m.operator} is not an operator of this ceremony` };
  const digest = depositCheckDigest({ chainId: m.chainId, vault: m.vault, pubkey: m.pubkey, depositDataRoot: m.depositDataRoot, depositRoot: m.depositRoot });
  let signer: string | undefined;
  try {
    signer = recoverDepositCheckSigner(digest, m.signature);
  } catch {
    signer = undefined;
  }
  if (signer !== undefined && same(signer, m.operator)) return { check: { ...m, index: k + 1, by: 'signer' } };
  let verdict: Awaited<ReturnType<AskWallet>>;
  try {
    verdict = await askWallet({ operator: m.operator, digest, signature: m.signature });
  } catch {
    return { check: { ...m, index: k + 1, by: 'contract' } };
  }
  if (verdict === 'accepts') return { check: { ...m, index: k + 1, by: 'wallet' } };
  return { problem: verdict === 'no-code' ? `its signature is not operator ${k + 1}'s` : `operator ${k + 1}'s contract wallet does not accept its signature` };
}

/** How many checks that could not be verified (`by: 'contract'`) are held per operator; verified ones are never capped. */
export const HELD_ROOTS_PER_OPERATOR = 4;

const verified = (h: HeldDepositCheck) => h.by !== 'contract';

/**
 * Add `check` to the held ones, one per operator and root. A verified check (the operator's own signature, or its
 * wallet's ERC-1271 yes) is never displaced: nobody but the operator can make one, so they need no cap, and a
 * replayed old check (its unsigned `block` edited) cannot push out the one over the current root. A check that could
 * not be verified (the chain could not be asked) is held only where no verified one is, at most a few per operator,
 * first come first kept: it never replaces anything.
 */
export function keepDepositCheck(held: readonly HeldDepositCheck[], check: HeldDepositCheck): HeldDepositCheck[] {
  const root = check.depositRoot.toLowerCase();
  const same = held.find((h) => h.index === check.index && h.depositRoot.toLowerCase() === root);
  if (same && (verified(same) || !verified(check))) return [...held];
  const rest = held.filter((h) => h !== same);
  if (!verified(check) && rest.filter((h) => h.index === check.index && !verified(h)).length >= HELD_ROOTS_PER_OPERATOR) return rest;
  return [...rest, check];
}

/** The check over a given root this operator would have counted (a verified one first). */
const pickCheck = (mine: readonly HeldDepositCheck[], root: string) =>
  mine.find((h) => h.depositRoot.toLowerCase() === root && verified(h)) ?? mine.find((h) => h.depositRoot.toLowerCase() === root);

/** Where the checks stand against the deposit root the deposit contract has now. */
export interface DepositCheckTally {
  /** The root counted against. */
  depositRoot: string;
  /** Operators (ceremony order) with a check over that root. */
  checked: { index: number; address: string; by: HeldDepositCheck['by']; block: number }[];
  /** Operators (ceremony order) without one; `staleRoot` when their newest check is over an older root. */
  missing: { index: number; address: string; staleRoot?: string }[];
  /** Some operator checked a root that is not the current one: a deposit came in after it, so it must check again. */
  rootMoved: boolean;
  /** All n checked the current root: the signatures in the vault's operator order, for `deposit(..., checks)`. */
  checks: `0x${string}`[] | undefined;
}

/**
 * Tally the held checks against `depositRoot` (read from the deposit contract now). `vaultOrder` is the vault's
 * `operators()` (sorted), the order `deposit` takes the checks in.
 */
export function tallyDepositChecks(held: readonly HeldDepositCheck[], operators: readonly string[], vaultOrder: readonly string[], depositRoot: string): DepositCheckTally {
  const root = depositRoot.toLowerCase();
  const checked: DepositCheckTally['checked'] = [];
  const missing: DepositCheckTally['missing'] = [];
  const byIndex = new Map<number, HeldDepositCheck>();
  operators.forEach((address, i) => {
    const index = i + 1;
    const mine = held.filter((h) => h.index === index);
    const current = pickCheck(mine, root);
    if (current) {
      byIndex.set(index, current);
      checked.push({ index, address, by: current.by, block: current.block });
      return;
    }
    const newest = mine.reduce<HeldDepositCheck | undefined>((a, h) => (!a || h.block > a.block ? h : a), undefined);
    missing.push(newest ? { index, address, staleRoot: newest.depositRoot } : { index, address });
  });
  let checks: `0x${string}`[] | undefined;
  if (missing.length === 0 && vaultOrder.length === operators.length) {
    const lower = operators.map((o) => o.toLowerCase());
    const ordered = vaultOrder.map((a) => byIndex.get(lower.indexOf(a.toLowerCase()) + 1)?.signature as `0x${string}` | undefined);
    if (ordered.every((s) => s !== undefined)) checks = ordered as `0x${string}`[];
  }
  return { depositRoot: root, checked, missing, rootMoved: missing.some((m) => m.staleRoot !== undefined), checks };
}
