/**
 * `sv ceremony simulate`: n participants in one process over the in-memory board, with throwaway wallet keys;
 * writes every participant's outputs. With --fault, one participant cheats and the run must end in the abort
 * that names it.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toHex0x } from '../core/wire/fields.js';
import { createManualClock, createMemoryBoardNetwork, createMemorySecretStore } from '../adapters/memory/index.js';
import { createSystemClock } from '../adapters/system/index.js';
import { createLocalWallet } from '../adapters/chain/index.js';
import { writeFiles } from '../adapters/fs/index.js';
import { simulateCeremony } from '../app/simulateCeremony.js';
import { FAULTS, type FaultName } from '../app/faults.js';
import { exportParticipantOutputs } from '../app/exportParticipantOutputs.js';
import { NETWORK_NAMES } from '../core/eth/networks.js';
import { abortNamedLine } from '../core/dkg/decide.js';
import { buildDefinition, intOption } from './ceremonyCreate.js';
import { EXIT, UsageError, parseCommandArgs, readPasswordFile, type CliIO } from './io.js';

export const USAGE = `Usage: sv ceremony simulate --n <N> --network <name> --withdrawal-address <0x..> --out <dir> --password-file <f>
                           [--threshold <t>] [--validators <V>] [--credential-type 01|02] [--fault <name>] [--kdf scrypt|pbkdf2]

  Runs N participants (3..64) in this process over an in-memory board, each with a throwaway wallet key, and
  writes <dir>/ceremony.json, deposit_data-<ts>.json, cluster-lock.json and, per participant,
  <dir>/<index>/keystore-<v>-<index>.json (encrypted with the password), slashing-protection.json and
  runner-bundle-<index>.json (all of them in one file for the duty runner; see sv bundle inspect).

  --network   ${NETWORK_NAMES.join(', ')}
  --fault     one participant cheats: ${FAULTS.join(', ')}
              (the run must abort and name it; exit 1)
  --kdf       keystore KDF, scrypt (default, slow on purpose) or pbkdf2`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      n: { type: 'string' },
      threshold: { type: 'string' },
      validators: { type: 'string' },
      network: { type: 'string' },
      'withdrawal-address': { type: 'string' },
      'credential-type': { type: 'string' },
      out: { type: 'string' },
      'password-file': { type: 'string' },
      fault: { type: 'string' },
      kdf: { type: 'string' },
    },
    USAGE,
    false,
  );
  for (const required of ['n', 'network', 'withdrawal-address', 'out', 'password-file'] as const) {
    if (!values[required]) throw new UsageError(`--${required} is required\n\n${USAGE}`);
  }
  const n = intOption(values.n, 'n', 3, 64)!;
  const fault = values.fault as FaultName | undefined;
  if (fault !== undefined && !FAULTS.includes(fault)) throw new UsageError(`unknown fault '${fault}': use one of ${FAULTS.join(', ')}`);
  const kdf = values.kdf ?? 'scrypt';
  if (kdf !== 'scrypt' && kdf !== 'pbkdf2') throw new UsageError('--kdf must be scrypt or pbkdf2');
  const out = values.out as string;
  if (existsSync(out) && readdirSync(out).length > 0) throw new UsageError(`${out} is not empty: choose a new output directory`);
  const password = readPasswordFile(values['password-file'] as string);

  const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
  const wallets = Array.from({ length: n }, () => createLocalWallet(toHex0x(randomBytes(32))));
  const definition = (() => {
    try {
      return buildDefinition({
        operators: wallets.map((w) => w.address),
        threshold: intOption(values.threshold, 'threshold', 2, 64),
        network: values.network as string,
        withdrawalAddress: values['withdrawal-address'] as string,
        credentialType: values['credential-type'],
        validators: intOption(values.validators, 'validators', 1, 64),
        now: Math.floor(Date.now() / 1000),
      });
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError((e as Error).message);
    }
  })();

  const clock = createManualClock({ startMs: Date.now() });
  const net = createMemoryBoardNetwork({ schedule: clock.schedule });
  io.out(`simulating ${definition.threshold}-of-${n}, ${definition.validators.length} validator(s) on ${definition.network.name}${fault ? `, fault: ${fault}` : ''}`);
  const phases = new Map<number, string>();
  const result = await simulateCeremony({
    definition,
    signApproval: (index, typed) => wallets[index - 1]!.signTypedData(typed),
    endpoint: (index) => net.endpoint(`participant-${index}`),
    store: () => createMemorySecretStore(),
    randomBytes,
    clock,
    host: createSystemClock(),
    fault,
    split: (original, variant, faulty) => {
      // The relay shows the second deal to the upper half of the other participants.
      const upper = new Set(Array.from({ length: n }, (_, k) => k + 1).filter((i) => i !== faulty && i > n / 2).map((i) => `participant-${i}`));
      net.faults.split((data, _from, to) => data === original && upper.has(to), (_d, _f, to) => (upper.has(to) ? variant : undefined));
    },
    onUpdate: (index, state) => {
      if (phases.get(index) !== state.phase) {
        phases.set(index, state.phase);
        const counts = [...phases.values()].filter((p) => p === state.phase).length;
        if (counts === n) io.out(`  all ${n} participants: ${state.phase}`);
      }
    },
  });
  const states = result.states;
  // The public record is written from an honest participant's view.
  const first = states.find((_, k) => k + 1 !== result.faulty)!;
  const now = Math.floor(Date.now() / 1000);
  const outputs = (k: number) => exportParticipantOutputs({ state: states[k]!, seed: { seed: result.seeds[k]! }, password, randomBytes, kdf, now });
  if (first.phase !== 'succeeded') {
    const written = writeFiles(out, (await outputs(states.indexOf(first))).publicFiles);
    const abort = first.abort;
    io.out(`ceremony aborted after ${(result.wallMs / 1000).toFixed(1)} s: ${abort?.message ?? 'unknown reason'}`);
    io.out(`  reason: ${abort?.reason}; ${abort ? abortNamedLine(abort) : 'no participant named'}`);
    io.out(`  wrote ${written.join(', ')}`);
    return EXIT.INVALID;
  }
  io.out(`ceremony succeeded in ${(result.wallMs / 1000).toFixed(1)} s`);
  first.result!.validators.forEach((v, k) => io.out(`  validator ${k}: ${v.publicKey}`));
  io.out(`  encrypting ${n * definition.validators.length} keystore(s) with ${kdf}...`);
  let written: string[] = [];
  for (const k of states.keys()) {
    const files = await outputs(k);
    // The public record is the honest first participant's (the same for every participant of a success).
    if (states[k] === first) written = writeFiles(out, files.publicFiles);
    writeFiles(join(out, String(k + 1)), files.participantFiles);
  }
  io.out(`  wrote ${written.join(', ')} and ${n} participant folders under ${out}`);
  return EXIT.OK;
}
