/**
 * Use-case: the engine finished → the files a participant keeps (PROTOCOL.md §6, docs/formats.md). Public, the same
 * for every participant: ceremony.json (also after an abort), deposit_data-<ts>.json and cluster-lock.json. Its own,
 * after a success: one EIP-2335 keystore of its share per validator, an empty EIP-3076 slashing-protection file and
 * the runner bundle holding all of them. Used by the web worker, `sv ceremony join` and `sv ceremony simulate`.
 *
 * The seed and the secret shares never leave this module: it returns only public files and encrypted keystores.
 * Each value is built once and turned into text once, here at the edge; writing the files is the caller's business.
 */
import { bytesToHex, hexToBytes, type RandomBytes } from '../core/bytes.js';
import { SvError } from '../core/errors.js';
import { encodeSecretKey, scalarToPublicKey, encodePublicKey } from '../core/bls/index.js';
import { ceremonyFile, depositEntries, definitionNetwork, ownShares, shapeOf, decodeDeal, type CeremonyState, type CheckedDefinition } from '../core/dkg/index.js';
import { deriveCeremonyKeys } from '../core/dkg/crypto/index.js';
import { depositFileName, formatDepositFile } from '../core/eth/depositFile.js';
import { encryptKeystore, formatKeystore, type KdfName, type Keystore } from '../core/keystore/index.js';
import {
  clusterLock,
  emptySlashingProtection,
  encodeClusterLock,
  encodeRunnerBundle,
  encodeSlashingProtection,
  keystoreName,
  runnerBundle,
  runnerBundleName,
  CLUSTER_LOCK_FILE,
  SLASHING_PROTECTION_FILE,
} from '../core/formats/index.js';
import { toHex0x } from '../core/wire/fields.js';
import type { SecretStore } from '../ports/secretStore.js';
import { loadParticipant } from './runCeremony.js';

/** A file to write: its name, its text, and whether it holds key material (then written owner-only). */
export interface OutputFile {
  name: string;
  content: string;
  /** True for files holding key material (keystores, the runner bundle): written owner-only. */
  secret: boolean;
}

/** Where the participant's seed is: its SecretStore (as runCeremony keeps it), or given (a simulation). */
export type SeedSource = { store: SecretStore; definition: CheckedDefinition; index: number } | { seed: Uint8Array };

/** Options of `exportParticipantOutputs`. */
export interface ExportParticipantOutputsOptions {
  /** The participant's final state (succeeded or aborted). */
  state: CeremonyState;
  /** Read only after a success. */
  seed: SeedSource;
  /** The keystore password. */
  password: string;
  randomBytes: RandomBytes;
  /** Keystore KDF: scrypt (default) or pbkdf2. */
  kdf?: KdfName;
  /** KDF parameters other than the defaults (tests). */
  kdfParams?: { n?: number; r?: number; p?: number; c?: number };
  /** Unix seconds: the deposit file's name and the bundle's createdAt. */
  now: number;
  /** 0..1 over the keystore encryptions (the KDF is slow). */
  onProgress?: (fraction: number) => void;
}

/** What a finished ceremony leaves: `participantFiles` is empty after an abort. */
export interface ParticipantOutputs {
  /** ceremony.json, and after a success deposit_data-<ts>.json and cluster-lock.json. */
  publicFiles: OutputFile[];
  /** keystore-<v>-<index>.json per validator, slashing-protection.json and runner-bundle-<index>.json. */
  participantFiles: OutputFile[];
}

/** The public outputs (identical for every participant of a successful ceremony; ceremony.json also after an abort). */
export function publicOutputs(state: CeremonyState, nowSeconds: number): OutputFile[] {
  const files: OutputFile[] = [{ name: 'ceremony.json', content: `${JSON.stringify(ceremonyFile(state), null, 2)}\n`, secret: false }];
  if (state.phase === 'succeeded') {
    files.push({ name: depositFileName(nowSeconds), content: formatDepositFile(depositEntries(state), definitionNetwork(state.definition)), secret: false });
    files.push({ name: CLUSTER_LOCK_FILE, content: encodeClusterLock(clusterLock(state)), secret: false });
  }
  return files;
}

/**
 * This participant's secret shares x_{v,index}, re-derived from its seed and the public transcript, each checked
 * against its public share. For this module and for tests that combine signatures; never for a shell.
 */
export function participantShares(state: CeremonyState, seed: Uint8Array): bigint[] {
  if (!state.sid || state.phase !== 'succeeded' || !state.result) throw new SvError('DKG_BAD_STATE', 'the ceremony has not succeeded');
  const s = shapeOf(state.definition);
  const deals = (state.messages[1] as string[]).map((t, k) => ({ text: t, body: decodeDeal(JSON.parse(t).body, s, k + 1) }));
  const keys = deriveCeremonyKeys(seed, hexToBytes(state.configHash));
  const shares = ownShares(seed, hexToBytes(state.sid), state.me, keys.encryptionSecret, deals, s);
  shares.forEach((x, v) => {
    const expected = state.result!.validators[v]!.publicShares[state.me - 1];
    if (toHex0x(encodePublicKey(scalarToPublicKey(x))) !== expected) throw new SvError('DKG_BAD_STATE', `share ${v} does not match its public share`);
  });
  return shares;
}

async function readSeed(source: SeedSource, randomBytes: RandomBytes): Promise<Uint8Array> {
  if ('seed' in source) return source.seed;
  return (await loadParticipant(source.store, source.definition, source.index, randomBytes)).seed;
}

/** One keystore per validator of this participant's shares, encrypted under the password. */
async function encryptShares(state: CeremonyState, shares: bigint[], opts: ExportParticipantOutputsOptions): Promise<Keystore[]> {
  const keystores: Keystore[] = [];
  for (const [v, x] of shares.entries()) {
    const secret = encodeSecretKey(x);
    try {
      keystores.push(
        await encryptKeystore(secret, opts.password, {
          randomBytes: opts.randomBytes,
          kdf: opts.kdf ?? 'scrypt',
          ...(opts.kdfParams ? { kdfParams: opts.kdfParams } : {}),
          description: `Shared Validator share ${state.me} of validator ${v} (${bytesToHex(hexToBytes(state.result!.validators[v]!.publicKey)).slice(0, 12)}…)`,
          onProgress: opts.onProgress ? (f) => opts.onProgress!((v + f) / shares.length) : undefined,
        }),
      );
    } finally {
      secret.fill(0);
    }
  }
  return keystores;
}

/**
 * Make every file a finished ceremony leaves this participant (see the module comment). After an abort only
 * ceremony.json; after a success the seed is read, the shares re-derived and checked, and each encrypted once:
 * the keystore files and the runner bundle hold the very same keystores.
 */
export async function exportParticipantOutputs(opts: ExportParticipantOutputsOptions): Promise<ParticipantOutputs> {
  const { state, now } = opts;
  const publicFiles = publicOutputs(state, now);
  if (state.phase !== 'succeeded') return { publicFiles, participantFiles: [] };
  const shares = participantShares(state, await readSeed(opts.seed, opts.randomBytes));
  const keystores = await encryptShares(state, shares, opts);
  const lock = clusterLock(state);
  const protection = emptySlashingProtection(definitionNetwork(state.definition).genesisValidatorsRoot);
  const participantFiles: OutputFile[] = [
    ...keystores.map((ks, v) => ({ name: keystoreName(v, state.me), content: formatKeystore(ks), secret: true })),
    { name: SLASHING_PROTECTION_FILE, content: encodeSlashingProtection(protection), secret: false },
    { name: runnerBundleName(state.me), content: encodeRunnerBundle(runnerBundle(lock, state.me, keystores, protection, now)), secret: true },
  ];
  return { publicFiles, participantFiles };
}
