/**
 * The pure Bls adapter over the core's noble code (src/core/bls): runs in browsers and any JS host. Every input
 * is decoded with the core's validating decoders first, so malformed bytes throw their BLS_* code, and a
 * well-formed signature that does not verify is `false` (the port's contract).
 */
import type { Bls, IndexedSignature, SignatureSet } from '../../ports/bls.js';
import type { RandomBytes } from '../../core/bytes.js';
import {
  batchVerify,
  combineSignaturePoints,
  decodePublicKey,
  decodeSignature,
  encodeSignature,
  hashToG2,
  lagrangeAtZero,
  secretToPublicKey,
  sign,
  verifyPoints,
  type G1Point,
  type G2Point,
} from '../../core/bls/index.js';
import { SvError } from '../../core/errors.js';

/** The host's CSPRNG (Web Crypto; present in browsers and in Node ≥ 19). */
const webRandomBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

function requireMessage(message: unknown): asserts message is Uint8Array {
  if (!(message instanceof Uint8Array)) throw new SvError('BLS_BAD_LENGTH', 'message must be bytes');
}

function decodeSet(set: SignatureSet): { pk: G1Point; sig: G2Point; message: Uint8Array } {
  const pk = decodePublicKey(set.publicKey);
  const sig = decodeSignature(set.signature);
  requireMessage(set.message);
  return { pk, sig, message: set.message };
}

/**
 * The noble Bls. `randomBytes` (a CSPRNG: the batch check's weights must be unpredictable to a signer) defaults to
 * the host's Web Crypto.
 */
export function createNobleBls(randomBytes: RandomBytes = webRandomBytes): Bls {
  return {
    name: 'noble',
    sign: (secretKey, message) => {
      requireMessage(message);
      return sign(secretKey, message);
    },
    publicKey: (secretKey) => secretToPublicKey(secretKey),
    verify: (set) => {
      const { pk, sig, message } = decodeSet(set);
      return verifyPoints(pk, hashToG2(message), sig);
    },
    verifyBatch: (sets) => {
      const items = sets.map(decodeSet).map((d) => ({ publicKey: d.pk, signature: d.sig, message: d.message }));
      if (items.some((it) => it.signature.is0())) return false;
      return batchVerify(items, randomBytes).valid;
    },
    combine: (partials: readonly IndexedSignature[]) => {
      const lambdas = lagrangeAtZero(partials.map((p) => p.index));
      return encodeSignature(combineSignaturePoints(partials.map((p) => decodeSignature(p.signature)), lambdas));
    },
  };
}
