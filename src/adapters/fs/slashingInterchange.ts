/**
 * EIP-3076 interchange files in and out of any SlashingStore, by the minimal strategy (EIP-3076 §"Minimal" import):
 * per validator, the highest block slot and the highest source and target epochs of everything in the file. The
 * codec is the core's (src/core/formats/slashingProtection.ts); this file only reduces and widens.
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.js';
import {
  decodeSlashingProtection,
  emptySlashingProtection,
  encodeSlashingProtection,
  type SlashingProtection,
} from '../../core/formats/slashingProtection.js';
import { maxWatermarks, UNKNOWN_ROOT, type Watermarks } from '../../core/slashing/index.js';
import { SlashingStoreError, type SlashingExport, type SlashingStore, type ValidatorWatermarks } from '../../ports/slashingStore.js';

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

export { maxWatermarks, UNKNOWN_ROOT };
