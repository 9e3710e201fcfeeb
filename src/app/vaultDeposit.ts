/**
 * What an operator checks in its browser before it attests the vault's deposit (CONTRACTS.md attestDeposit): the
 * deposit data verifies (signature under the group key, roots, fork version of the ceremony's network), it is the
 * one validator of this ceremony, its credentials are the vault's, and it deposits 32 ETH. The on-chain part is
 * checked separately against the deposit contract's logs (`attestBlockers`): no earlier validly signed deposit for
 * the pubkey with other credentials (a front-run), no credentials that disagree, no unreadable event.
 */
import { bytesToHex } from '../core/bytes.js';
import { MAX_EFFECTIVE_BALANCE } from '../core/eth/amounts.js';
import { parseDepositFileEntry, type ParsedDepositEntry } from '../core/eth/depositFileEntry.js';
import { verifyDepositFile } from '../core/eth/verifyDepositFile.js';
import { toHex0x } from '../core/wire/fields.js';
import type { CeremonyDefinition } from '../core/dkg/definition.js';
import type { OnchainDepositsReport, OnchainProblemCode } from './onchainDeposits.js';

/** The arguments of attestDeposit and deposit, 0x hex. */
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
 * What in the deposit contract's record for the key forbids attesting (CONTRACTS.md: the first deposit's
 * credentials win). A deposit that set other credentials, or credentials that disagree, blocks; an earlier deposit
 * with an invalid signature does not (the beacon chain ignores it, and anyone could make one to stall the vault).
 */
export function attestBlockers(report: OnchainDepositsReport): string[] {
  const blocking = new Set<OnchainProblemCode>(['ONCHAIN_FRONT_RUN', 'ONCHAIN_WRONG_CREDENTIALS', 'ONCHAIN_CREDENTIALS_DISAGREE', 'ONCHAIN_MALFORMED_EVENT', 'ONCHAIN_BAD_PUBKEY']);
  return [...report.problems, ...report.verdicts.flatMap((v) => v.problems)].filter((p) => blocking.has(p.code)).map((p) => p.message);
}
