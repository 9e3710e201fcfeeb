/**
 * The native Bls adapter for Node: @chainsafe/blst (supranational's blst) signs and verifies, herumi's
 * bls-eth-wasm combines partial signatures (blst's bindings have no scalar multiplication, so no Lagrange
 * combination). Both run Ethereum's ciphersuite, BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (consensus-specs
 * phase0 beacon-chain.md#bls-signatures): herumi in its ETH mode draft-07, which is that suite.
 *
 * Validation as the port asks: keys are KeyValidate'd (on the curve, in the subgroup, never the identity),
 * signatures group-checked, secret keys checked by the core's decoder (0 < x < r); malformed input throws BLS_*.
 */
import * as blst from '@chainsafe/blst';
import herumiModule from 'bls-eth-wasm';
import type { Bls, IndexedSignature, SignatureSet } from '../../ports/bls.js';
import { MAX_INDEX, PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH, decodeSecretKey } from '../../core/bls/index.js';
import { SvError } from '../../core/errors.js';

/** The part of bls-eth-wasm used here (its own typings lack the ETH-mode setters). */
interface HerumiSignature {
  deserialize(bytes: Uint8Array): void;
  serialize(): Uint8Array;
  recover(signatures: HerumiSignature[], ids: HerumiId[]): void;
}
interface HerumiId {
  setInt(x: number): void;
}
interface Herumi {
  init(curve: number): Promise<void>;
  BLS12_381: number;
  ETH_MODE_DRAFT_07: number;
  setETHmode(mode: number): void;
  verifySignatureOrder(check: boolean): void;
  verifyPublicKeyOrder(check: boolean): void;
  Signature: new () => HerumiSignature;
  Id: new () => HerumiId;
}

const herumi = herumiModule as unknown as Herumi;
let herumiReady: Promise<void> | undefined;

/** Initialise herumi once per process: BLS12-381, Ethereum's draft-07 mode, order checks on every decode. */
export function initHerumi(): Promise<void> {
  herumiReady ??= (async () => {
    await herumi.init(herumi.BLS12_381);
    herumi.setETHmode(herumi.ETH_MODE_DRAFT_07);
    herumi.verifySignatureOrder(true);
    herumi.verifyPublicKeyOrder(true);
  })();
  return herumiReady;
}

function requireBytes(value: unknown, length: number | undefined, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new SvError('BLS_BAD_LENGTH', `${what} must be bytes`);
  if (length !== undefined && value.length !== length) {
    throw new SvError('BLS_BAD_LENGTH', `${what} must be ${length} bytes, got ${value.length}`, { expected: length, got: value.length });
  }
}

/** The compressed identity: the infinity flag (0xc0) and zeros. */
function isIdentity(bytes: Uint8Array): boolean {
  return bytes[0] === 0xc0 && bytes.every((b, k) => k === 0 || b === 0);
}

function secretKey(bytes: Uint8Array): blst.SecretKey {
  decodeSecretKey(bytes);
  return blst.SecretKey.fromBytes(bytes);
}

/** KeyValidate: 48 bytes, a compressed G1 point in the subgroup, not the identity. */
function publicKeyOf(bytes: Uint8Array): blst.PublicKey {
  requireBytes(bytes, PUBLIC_KEY_LENGTH, 'public key');
  if (isIdentity(bytes)) throw new SvError('BLS_IDENTITY_POINT', 'public key is the identity point');
  try {
    return blst.PublicKey.fromBytes(bytes, true);
  } catch {
    throw new SvError('BLS_BAD_POINT', 'public key is not a valid compressed G1 point in the subgroup');
  }
}

/** 96 bytes, a compressed G2 point in the subgroup; the identity decodes (it never verifies). */
function signatureOf(bytes: Uint8Array): blst.Signature {
  requireBytes(bytes, SIGNATURE_LENGTH, 'signature');
  try {
    return blst.Signature.fromBytes(bytes, true, false);
  } catch {
    throw new SvError('BLS_BAD_POINT', 'signature is not a valid compressed G2 point in the subgroup');
  }
}

function decodeSet(set: SignatureSet): { pk: blst.PublicKey; sig: blst.Signature; msg: Uint8Array; identity: boolean } {
  const pk = publicKeyOf(set.publicKey);
  const sig = signatureOf(set.signature);
  requireBytes(set.message, undefined, 'message');
  return { pk, sig, msg: set.message, identity: isIdentity(set.signature) };
}

function checkIndices(partials: readonly IndexedSignature[]): void {
  if (partials.length === 0) throw new SvError('BLS_EMPTY_INPUT', 'no partial signatures to combine');
  const seen = new Set<number>();
  for (const { index } of partials) {
    if (!Number.isInteger(index) || index < 1 || index > MAX_INDEX) {
      throw new SvError('BLS_BAD_INDEX', `participant index must be an integer in 1..${MAX_INDEX}, got ${String(index)}`);
    }
    if (seen.has(index)) throw new SvError('BLS_DUPLICATE_INDEX', `participant index ${index} appears twice`);
    seen.add(index);
  }
}

function herumiSignature(bytes: Uint8Array): HerumiSignature {
  requireBytes(bytes, SIGNATURE_LENGTH, 'signature');
  const s = new herumi.Signature();
  try {
    s.deserialize(bytes);
  } catch {
    throw new SvError('BLS_BAD_POINT', 'signature is not a valid compressed G2 point in the subgroup');
  }
  return s;
}

/** Σ λ_i·σ_i by herumi's Signature.recover, with the share indices as ids. */
function combine(partials: readonly IndexedSignature[]): Uint8Array {
  checkIndices(partials);
  const sigs = partials.map((p) => herumiSignature(p.signature));
  const ids = partials.map((p) => {
    const id = new herumi.Id();
    id.setInt(p.index);
    return id;
  });
  const out = new herumi.Signature();
  out.recover(sigs, ids);
  return out.serialize();
}

/** The native Bls (Node only). Async: herumi's WebAssembly is instantiated once, before the first use. */
export async function createNativeBls(): Promise<Bls> {
  await initHerumi();
  return {
    name: 'native (blst + herumi)',
    sign: (sk, message) => {
      requireBytes(message, undefined, 'message');
      return secretKey(sk).sign(message).toBytes();
    },
    publicKey: (sk) => secretKey(sk).toPublicKey().toBytes(),
    verify: (set) => {
      const { pk, sig, msg, identity } = decodeSet(set);
      return !identity && blst.verify(msg, pk, sig);
    },
    verifyBatch: (sets) => {
      const decoded = sets.map(decodeSet);
      if (decoded.length === 0) return true;
      if (decoded.some((d) => d.identity)) return false;
      return blst.verifyMultipleAggregateSignatures(decoded.map((d) => ({ msg: d.msg, pk: d.pk, sig: d.sig })));
    },
    combine,
  };
}
