/**
 * The files a finished ceremony leaves (PROTOCOL.md §6, docs/formats.md): the public ceremony.json,
 * deposit_data-<ts>.json and cluster-lock.json, and per participant its EIP-2335 share keystores and an empty
 * EIP-3076 slashing-protection file. Pure data in, file contents out: writing them is the caller's business.
 */
import { bytesToHex, hexToBytes, type RandomBytes } from '../core/bytes.js';
import { SvError } from '../core/errors.js';
import { encodeSecretKey, scalarToPublicKey, encodePublicKey } from '../core/bls/index.js';
import { ceremonyFile, depositEntries, definitionNetwork, ownShares, shapeOf, decodeApproval, decodeDeal, type CeremonyState } from '../core/dkg/index.js';
import { deriveCeremonyKeys } from '../core/dkg/crypto/index.js';
import { depositFileName, formatDepositFile } from '../core/eth/depositFile.js';
import { encryptKeystore, formatKeystore, type KdfName } from '../core/keystore/index.js';
import { toHex0x } from '../core/wire/fields.js';

export const CLUSTER_LOCK_FORMAT = 'sv-cluster-lock/1';

export interface OutputFile {
  name: string;
  content: string;
  /** True for files holding key material (keystores): written owner-only. */
  secret: boolean;
}

/** cluster-lock.json: what the duty runner loads (public). */
export function clusterLock(state: CeremonyState) {
  if (state.phase !== 'succeeded' || !state.result || !state.sid) throw new SvError('DKG_BAD_STATE', 'the ceremony has not succeeded');
  const s = shapeOf(state.definition);
  const entries = depositEntries(state);
  return {
    format: CLUSTER_LOCK_FORMAT,
    definition: state.definition,
    configHash: state.configHash,
    sid: state.sid,
    transcriptHash: state.result.T,
    operators: (state.messages[0] as string[]).map((text, k) => {
      const a = decodeApproval(JSON.parse(text).body, s);
      return { index: k + 1, address: a.operator, identityKey: toHex0x(a.identityKey), encryptionKey: toHex0x(a.encryptionKey) };
    }),
    validators: state.result.validators.map((v, k) => ({
      publicKey: v.publicKey,
      publicShares: v.publicShares,
      depositDataRoot: toHex0x(entries[k]!.depositDataRoot),
      lockSignature: v.lockSignature,
    })),
  };
}

/** An empty EIP-3076 interchange file for the network of the ceremony. */
export function emptySlashingProtection(state: CeremonyState): string {
  const gvr = definitionNetwork(state.definition).genesisValidatorsRoot;
  return `${JSON.stringify({ metadata: { interchange_format_version: '5', genesis_validators_root: toHex0x(gvr) }, data: [] }, null, 2)}\n`;
}

/** The public outputs (identical for every participant of a successful ceremony; ceremony.json also after an abort). */
export function publicOutputs(state: CeremonyState, nowSeconds: number): OutputFile[] {
  const files: OutputFile[] = [{ name: 'ceremony.json', content: `${JSON.stringify(ceremonyFile(state), null, 2)}\n`, secret: false }];
  if (state.phase === 'succeeded') {
    files.push({ name: depositFileName(nowSeconds), content: formatDepositFile(depositEntries(state), definitionNetwork(state.definition)), secret: false });
    files.push({ name: 'cluster-lock.json', content: `${JSON.stringify(clusterLock(state), null, 2)}\n`, secret: false });
  }
  return files;
}

/** This participant's secret shares x_{v,me}, re-derived from its seed and the public transcript. */
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

/** The participant's private outputs: one keystore per validator and the slashing-protection file. */
export async function participantOutputs(
  state: CeremonyState,
  seed: Uint8Array,
  opts: { password: string; randomBytes: RandomBytes; kdf?: KdfName; onProgress?: (fraction: number) => void },
): Promise<OutputFile[]> {
  const shares = participantShares(state, seed);
  const files: OutputFile[] = [];
  for (const [v, x] of shares.entries()) {
    const ks = await encryptKeystore(encodeSecretKey(x), opts.password, {
      randomBytes: opts.randomBytes,
      kdf: opts.kdf ?? 'scrypt',
      description: `Shared Validator share ${state.me} of validator ${v} (${bytesToHex(hexToBytes(state.result!.validators[v]!.publicKey)).slice(0, 12)}…)`,
      onProgress: opts.onProgress ? (f) => opts.onProgress!((v + f) / shares.length) : undefined,
    });
    files.push({ name: `keystore-${v}-${state.me}.json`, content: formatKeystore(ks), secret: true });
  }
  files.push({ name: 'slashing-protection.json', content: emptySlashingProtection(state), secret: false });
  return files;
}
