/**
 * A ceremony definition (PROTOCOL.md §2) from a creator's choices: operators, threshold, network, withdrawal
 * address and credential type, validators, amounts, relays, and how long approvals may take. Shared by the web
 * app's "Create a ceremony" screen and `sv ceremony create|simulate`. Throws SvError(DKG_BAD_DEFINITION) in words.
 */
import { getNetwork, isNetworkName, NETWORK_NAMES } from '../core/eth/networks.js';
import { parseAddress, toChecksumAddress } from '../core/eth/address.js';
import { executionWithdrawalCredentials } from '../core/eth/withdrawalCredentials.js';
import { defaultThreshold, parseDefinition, type CeremonyDefinition } from '../core/dkg/definition.js';
import { toHex0x } from '../core/wire/fields.js';
import { SvError } from '../core/errors.js';

/** The threshold rule and the networks, as the Create screen shows them (views reach the core through the app). */
export { defaultThreshold, minimumThreshold, thresholdProblem } from '../core/dkg/definition.js';
export { getNetwork, NETWORK_NAMES } from '../core/eth/networks.js';

export interface DefinitionChoices {
  operators: string[];
  threshold?: number;
  network: string;
  withdrawalAddress: string;
  credentialType?: string;
  validators?: number;
  amountGwei?: string;
  feeRecipient?: string;
  name?: string;
  relays?: string[];
  hours?: number;
  /** Unix seconds. */
  now: number;
  /** A random UUID (crypto.randomUUID in the browser and in Node). */
  uuid: string;
}

const bad = (message: string): never => {
  throw new SvError('DKG_BAD_DEFINITION', message);
};

/** Build and validate a definition. */
export function buildDefinition(o: DefinitionChoices): CeremonyDefinition {
  if (!isNetworkName(o.network)) bad(`unknown network '${o.network}': use one of ${NETWORK_NAMES.join(', ')}`);
  const net = getNetwork(o.network);
  const checksum = (a: string, what: string) => {
    try {
      return toChecksumAddress(parseAddress(a));
    } catch {
      return bad(`${what} '${a}' is not a valid address (0x followed by 40 hex digits)`);
    }
  };
  const operators = o.operators.map((a, i) => checksum(a, `operator ${i + 1}`));
  const type = o.credentialType ?? '01';
  if (type !== '01' && type !== '02') bad('the credential type must be 01 or 02');
  const withdrawal = checksum(o.withdrawalAddress, 'withdrawal address');
  const V = o.validators ?? 1;
  const hours = o.hours ?? 24;
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 90) bad('the time for approvals must be between 0 and 2160 hours');
  const approve = o.now + Math.round(hours * 3600);
  return parseDefinition({
    version: 'sv-dkg/1',
    name: o.name ?? `${operators.length} operators, ${V} validator${V === 1 ? '' : 's'}`,
    uuid: o.uuid,
    network: { name: net.name, chainId: net.chainId, genesisForkVersion: toHex0x(net.genesisForkVersion) },
    operators: operators.map((address) => ({ address })),
    threshold: o.threshold ?? defaultThreshold(operators.length),
    validators: Array.from({ length: V }, () => ({
      withdrawalCredentials: toHex0x(executionWithdrawalCredentials(withdrawal, type === '02' ? 0x02 : 0x01)),
      feeRecipient: checksum(o.feeRecipient ?? withdrawal, 'fee recipient'),
      amountGwei: o.amountGwei ?? '32000000000',
    })),
    relays: o.relays ?? [],
    deadlines: { approve, deal: approve + 7200, ack: approve + 14400, confirm: approve + 21600 },
    creator: operators[0],
    createdAt: o.now,
  });
}
