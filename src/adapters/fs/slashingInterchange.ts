/**
 * EIP-3076 interchange files in and out of any SlashingStore, by the minimal strategy (EIP-3076 §"Minimal" import):
 * per validator, the highest block slot and the highest source and target epochs of everything in the file. The
 * codec is the core's (src/core/formats/slashingProtection.ts); this file only reduces and widens.
 */
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.js';
import {
  decodeSlashingProtection,
  emptySlashingProtection,
  encodeSlashingProtection,
  type SlashingProtection,
} from '../../core/formats/slashingProtection.js';
import type { AttestationVote, BlockProposal, Watermarks } from '../../core/slashing/index.js';
import { SlashingStoreError, type SlashingExport, type SlashingStore, type ValidatorWatermarks } from '../../ports/slashingStore.js';

/**
 * The signing root of a watermark whose message is unknown (an imported record without `signing_root`, or maxima
 * taken from two different messages): empty, so it equals no real (32-byte) root and nothing at that slot or
 * target counts as a repeat — not even a request whose root is all zeros (EIP-3076 tests: duplicate_pubkey_*).
 */
export const UNKNOWN_ROOT: Uint8Array = new Uint8Array(0);

/**
 * The larger of two watermarks, per kind (EIP-3076 import takes maxima). When the maxima come from two different
 * messages the signing root names neither, so it is UNKNOWN_ROOT: every message at that slot or target is refused.
 */
export function maxWatermarks(a: Watermarks, b: Watermarks): Watermarks {
  const block = maxBlock(a.block, b.block);
  const attestation = maxAttestation(a.attestation, b.attestation);
  return { ...(block ? { block } : {}), ...(attestation ? { attestation } : {}) };
}

function maxBlock(x: BlockProposal | undefined, y: BlockProposal | undefined): BlockProposal | undefined {
  if (!x || !y) return copyBlock(x ?? y);
  if (x.slot !== y.slot) return copyBlock(x.slot > y.slot ? x : y);
  return { slot: x.slot, signingRoot: equalBytes(x.signingRoot, y.signingRoot) ? Uint8Array.from(x.signingRoot) : Uint8Array.from(UNKNOWN_ROOT) };
}

function maxAttestation(x: AttestationVote | undefined, y: AttestationVote | undefined): AttestationVote | undefined {
  if (!x || !y) return copyAttestation(x ?? y);
  const sourceEpoch = x.sourceEpoch > y.sourceEpoch ? x.sourceEpoch : y.sourceEpoch;
  const targetEpoch = x.targetEpoch > y.targetEpoch ? x.targetEpoch : y.targetEpoch;
  const named = [x, y].filter((v) => v.sourceEpoch === sourceEpoch && v.targetEpoch === targetEpoch);
  const same = named.length === 1 || (named.length === 2 && equalBytes(x.signingRoot, y.signingRoot));
  return { sourceEpoch, targetEpoch, signingRoot: Uint8Array.from(same ? named[0]!.signingRoot : UNKNOWN_ROOT) };
}

const copyBlock = (b: BlockProposal | undefined) => (b ? { slot: b.slot, signingRoot: Uint8Array.from(b.signingRoot) } : undefined);
const copyAttestation = (a: AttestationVote | undefined) => (a ? { ...a, signingRoot: Uint8Array.from(a.signingRoot) } : undefined);

/**
 * A decoded interchange file reduced to minimal watermarks (one entry per pubkey, duplicates merged). The roots are
 * dropped (UNKNOWN_ROOT): by the minimal strategy an imported slot or target is refused even for the very message
 * recorded there (EIP-3076 tests single_validator_resign_*: `should_succeed` false), as the file cannot prove which
 * message that was; only messages this store itself recorded are repeats.
 */
export function interchangeToExport(sp: SlashingProtection): SlashingExport {
  const byKey = new Map<string, Watermarks>();
  for (const entry of sp.data) {
    let w = byKey.get(entry.pubkey) ?? {};
    for (const b of entry.signed_blocks) w = maxWatermarks(w, { block: { slot: BigInt(b.slot), signingRoot: Uint8Array.from(UNKNOWN_ROOT) } });
    for (const a of entry.signed_attestations) {
      w = maxWatermarks(w, { attestation: { sourceEpoch: BigInt(a.source_epoch), targetEpoch: BigInt(a.target_epoch), signingRoot: Uint8Array.from(UNKNOWN_ROOT) } });
    }
    byKey.set(entry.pubkey, w);
  }
  const validators: ValidatorWatermarks[] = [...byKey.keys()].sort().map((k) => ({ pubkey: hexToBytes(k), watermarks: byKey.get(k)! }));
  return { genesisValidatorsRoot: hexToBytes(sp.metadata.genesis_validators_root), validators };
}

/** A store's export as an EIP-3076 interchange file: per validator its last block and last attestation. */
export function exportToInterchange(e: SlashingExport): SlashingProtection {
  const sp = emptySlashingProtection(e.genesisValidatorsRoot);
  const root = (r: Uint8Array) => (r.length !== 32 ? {} : { signing_root: `0x${bytesToHex(r)}` });
  sp.data = e.validators.map(({ pubkey, watermarks: { block, attestation } }) => ({
    pubkey: `0x${bytesToHex(pubkey)}`,
    signed_blocks: block ? [{ slot: block.slot.toString(), ...root(block.signingRoot) }] : [],
    signed_attestations: attestation ? [{ source_epoch: attestation.sourceEpoch.toString(), target_epoch: attestation.targetEpoch.toString(), ...root(attestation.signingRoot) }] : [],
  }));
  return sp;
}

/**
 * Import the text of an EIP-3076 interchange file (slashing-protection.json) into `store`, taking maxima. Refuses
 * text that is not a valid v5 file (SLASHING_STORE_BAD_INPUT, with the codec's words) and a file of another chain
 * (SLASHING_STORE_FOREIGN_CHAIN, from the store).
 */
export async function importInterchangeText(store: SlashingStore, text: string): Promise<void> {
  let sp: SlashingProtection;
  try {
    sp = decodeSlashingProtection(JSON.parse(text) as unknown);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new SlashingStoreError('SLASHING_STORE_BAD_INPUT', `not an EIP-3076 interchange file (v5): ${why}`);
  }
  await store.importAll(interchangeToExport(sp));
}

/** The text of an EIP-3076 interchange file (v5) holding everything `store` records. */
export async function exportInterchangeText(store: SlashingStore): Promise<string> {
  return encodeSlashingProtection(exportToInterchange(await store.exportAll()));
}
