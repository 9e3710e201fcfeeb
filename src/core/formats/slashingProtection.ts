/**
 * slashing-protection.json: the EIP-3076 slashing-protection interchange format (the complete format, version 5):
 * per validator key, the blocks and attestations it has signed. A ceremony's participant starts with an empty
 * file for its network (`emptySlashingProtection`); a runner bundle carries one.
 *
 * `encodeSlashingProtection` makes the text, `decodeSlashingProtection` decodes strictly (decode = validate: shape,
 * decimal uint64 strings, 0x hex; with `genesisValidatorsRoot` also that the file is for that chain).
 * // EIP-3076 §Specification (interchange_format_version "5")
 */
import { bad, readArray, readObject, readString, toHex0x } from '../wire/fields.js';
import { MAX_VALIDATORS } from '../dkg/index.js';
import { DECIMAL_RE, hex, readObjectWith } from './fields.js';

/** The file name a ceremony writes. */
export const SLASHING_PROTECTION_FILE = 'slashing-protection.json';
/** The EIP-3076 version we read and write. */
export const INTERCHANGE_FORMAT_VERSION = '5';
/** Most signed blocks (and, separately, attestations) we read per key. */
export const MAX_SLASHING_ENTRIES = 100_000;

/** A signed block's record: its slot (decimal uint64) and optionally the signing root. */
export interface SignedBlockRecord {
  slot: string;
  signing_root?: string;
}

/** A signed attestation's record: source and target epochs (decimal uint64) and optionally the signing root. */
export interface SignedAttestationRecord {
  source_epoch: string;
  target_epoch: string;
  signing_root?: string;
}

/** An EIP-3076 interchange file (the complete format, v5). Field names are the EIP's. */
export interface SlashingProtection {
  metadata: { interchange_format_version: typeof INTERCHANGE_FORMAT_VERSION; genesis_validators_root: string };
  data: {
    pubkey: string;
    signed_blocks: SignedBlockRecord[];
    signed_attestations: SignedAttestationRecord[];
  }[];
}

/** An interchange file with no history, for the chain whose genesis_validators_root is `genesisValidatorsRoot`. */
export function emptySlashingProtection(genesisValidatorsRoot: Uint8Array): SlashingProtection {
  return { metadata: { interchange_format_version: INTERCHANGE_FORMAT_VERSION, genesis_validators_root: toHex0x(genesisValidatorsRoot) }, data: [] };
}

/** The text of slashing-protection.json (2-space JSON, trailing newline). */
export function encodeSlashingProtection(sp: SlashingProtection): string {
  return `${JSON.stringify(sp, null, 2)}\n`;
}

const decimal = (v: unknown, path: string) => readString(v, path, 20, DECIMAL_RE);
const root = (v: unknown, path: string) => hex(v, path, 32);

function decodeBlock(b: unknown, p: string): SignedBlockRecord {
  const blk = readObjectWith(b, p, ['slot'], ['signing_root']);
  return { slot: decimal(blk.slot, `${p}.slot`), ...(blk.signing_root === undefined ? {} : { signing_root: root(blk.signing_root, `${p}.signing_root`) }) };
}

function decodeAttestation(a: unknown, p: string): SignedAttestationRecord {
  const att = readObjectWith(a, p, ['source_epoch', 'target_epoch'], ['signing_root']);
  return {
    source_epoch: decimal(att.source_epoch, `${p}.source_epoch`),
    target_epoch: decimal(att.target_epoch, `${p}.target_epoch`),
    ...(att.signing_root === undefined ? {} : { signing_root: root(att.signing_root, `${p}.signing_root`) }),
  };
}

/**
 * Decode an EIP-3076 (v5) interchange file already parsed from JSON, strictly (`WIRE_BAD_FIELD` naming the field,
 * under the path `slashingProtection`). With `genesisValidatorsRoot`, a file for another chain is refused too.
 */
export function decodeSlashingProtection(value: unknown, opts: { genesisValidatorsRoot?: Uint8Array } = {}): SlashingProtection {
  const o = readObject(value, 'slashingProtection', ['metadata', 'data']);
  const meta = readObject(o.metadata, 'slashingProtection.metadata', ['interchange_format_version', 'genesis_validators_root']);
  if (meta.interchange_format_version !== INTERCHANGE_FORMAT_VERSION) bad('slashingProtection.metadata.interchange_format_version', 'expected "5" (EIP-3076)');
  const gvr = root(meta.genesis_validators_root, 'slashingProtection.metadata.genesis_validators_root');
  if (opts.genesisValidatorsRoot && gvr !== toHex0x(opts.genesisValidatorsRoot)) {
    bad('slashingProtection.metadata.genesis_validators_root', `is for another chain (expected ${toHex0x(opts.genesisValidatorsRoot)})`);
  }
  return {
    metadata: { interchange_format_version: INTERCHANGE_FORMAT_VERSION, genesis_validators_root: gvr },
    data: readArray(o.data, 'slashingProtection.data', 0, MAX_VALIDATORS).map((item, k) => {
      const path = `slashingProtection.data[${k}]`;
      const e = readObject(item, path, ['pubkey', 'signed_blocks', 'signed_attestations']);
      return {
        pubkey: hex(e.pubkey, `${path}.pubkey`, 48),
        signed_blocks: readArray(e.signed_blocks, `${path}.signed_blocks`, 0, MAX_SLASHING_ENTRIES).map((b, i) => decodeBlock(b, `${path}.signed_blocks[${i}]`)),
        signed_attestations: readArray(e.signed_attestations, `${path}.signed_attestations`, 0, MAX_SLASHING_ENTRIES).map((a, i) =>
          decodeAttestation(a, `${path}.signed_attestations[${i}]`),
        ),
      };
    }),
  };
}
