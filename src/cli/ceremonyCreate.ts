/**
 * `sv ceremony create`: write a ceremony definition (PROTOCOL.md §2) for the operators to approve.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { NETWORK_NAMES } from '../core/eth/networks.js';
import { configHash, type CeremonyDefinition } from '../core/dkg/definition.js';
import { SvError } from '../core/errors.js';
import { toHex0x } from '../core/wire/fields.js';
import { buildDefinition as buildAppDefinition, type DefinitionChoices } from '../app/buildDefinition.js';
import { EXIT, UsageError, parseCommandArgs, type CliIO } from './io.js';

export const USAGE = `Usage: sv ceremony create --operators <addr,addr,...> --network <name> --withdrawal-address <0x..> --out <definition.json>
                         [--threshold <t>] [--credential-type 01|02] [--validators <V>] [--amount-gwei <gwei>]
                         [--fee-recipient <0x..>] [--name <text>] [--relay <multiaddr>]... [--hours <h>]

  --operators           the operators' addresses, in participant order (3 to 64, distinct)
  --threshold           signers needed: at least ceil(2n/3) (the default) and at most n
  --network             ${NETWORK_NAMES.join(', ')}
  --withdrawal-address  the withdrawal address (normally the cluster's vault)
  --credential-type     01 (default) or 02 (compounding, EIP-7251)
  --validators          validators to create, default 1
  --amount-gwei         deposit per validator, default 32000000000 (32 ETH)
  --hours               time allowed for all approvals, default 24; each later round gets 2 more hours`;

/** `buildDefinition` for the CLI: a fresh UUID, and problems as usage errors (exit 2). */
export function buildDefinition(o: Omit<DefinitionChoices, 'uuid'>): CeremonyDefinition {
  try {
    return buildAppDefinition({ ...o, uuid: randomUUID() });
  } catch (e) {
    if (e instanceof SvError) throw new UsageError(e.message);
    throw e;
  }
}

export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      operators: { type: 'string' },
      threshold: { type: 'string' },
      network: { type: 'string' },
      'withdrawal-address': { type: 'string' },
      'credential-type': { type: 'string' },
      validators: { type: 'string' },
      'amount-gwei': { type: 'string' },
      'fee-recipient': { type: 'string' },
      name: { type: 'string' },
      relay: { type: 'string', multiple: true },
      hours: { type: 'string' },
      out: { type: 'string' },
    },
    USAGE,
    false,
  );
  for (const required of ['operators', 'network', 'withdrawal-address', 'out'] as const) {
    if (!values[required]) throw new UsageError(`--${required} is required\n\n${USAGE}`);
  }
  const out = values.out as string;
  if (existsSync(out)) throw new UsageError(`${out} already exists: refusing to overwrite it`);
  let definition: CeremonyDefinition;
  try {
    definition = buildDefinition({
      operators: (values.operators as string).split(',').map((s) => s.trim()).filter(Boolean),
      threshold: intOption(values.threshold, 'threshold', 2, 64),
      network: values.network as string,
      withdrawalAddress: values['withdrawal-address'] as string,
      credentialType: values['credential-type'],
      validators: intOption(values.validators, 'validators', 1, 64),
      amountGwei: values['amount-gwei'],
      feeRecipient: values['fee-recipient'],
      name: values.name,
      relays: values.relay,
      hours: values.hours === undefined ? undefined : Number(values.hours),
      now: Math.floor(Date.now() / 1000),
    });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
  writeFileSync(out, `${JSON.stringify(definition, null, 2)}\n`, { flag: 'wx' });
  const n = definition.operators.length;
  io.out(`wrote ${out}`);
  io.out(`  ${definition.threshold}-of-${n} on ${definition.network.name}, ${definition.validators.length} validator(s)`);
  io.out(`  configHash ${toHex0x(configHash(definition))}`);
  if (n < 4) io.out('  warning: with fewer than 4 operators the cluster tolerates no faulty operator');
  return EXIT.OK;
}
