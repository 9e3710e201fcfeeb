/**
 * sv-dkg/1's instances of the shared primitives (src/core/crypto): its tagged hashes (PROTOCOL.md §1, every tag
 * `sv-dkg/1/<purpose>`) and its envelope signature (§3, aux tag `sv-dkg/1/aux`). The bytes are those of the protocol
 * document; the golden transcripts pin them.
 */
import { signDigestWith } from '../../crypto/envelopeSig.js';
import { taggedHasher, type TaggedHasher } from '../../crypto/taggedHash.js';

/** The protocol id of the ceremony: the prefix of every domain tag and the envelope's protocol. */
export const DKG_PROTOCOL = 'sv-dkg/1';

/** sv-dkg/1's tagged hashes. */
export const DKG_HASHER: TaggedHasher = taggedHasher(DKG_PROTOCOL);

/** Prefix of every domain tag: protocol and version. */
export const DOMAIN_PREFIX = DKG_HASHER.prefix;

/** The domain tag of a purpose: "sv-dkg/1/" + purpose (UTF-8). */
export const domainTag = DKG_HASHER.domainTag;

/** H(purpose, fields...) = SHA-256( lenprefix("sv-dkg/1/" + purpose) || lenprefix(field_1) || ... ). §1. */
export const taggedHash = DKG_HASHER.taggedHash;

/** A scalar mod r from the fields: RFC 9380 hash_to_field, DST = "sv-dkg/1/" + purpose (see TaggedHasher). */
export const hashToBlsScalar = DKG_HASHER.hashToBlsScalar;

/** A scalar mod the secp256k1 order n, as {@link hashToBlsScalar}. */
export const hashToSecpScalar = DKG_HASHER.hashToSecpScalar;

/** Sign a 32-byte digest with an identity key, aux = H("aux", secret, digest) (§3). Deterministic. */
export function signDigest(identitySecret: Uint8Array, digest: Uint8Array): Uint8Array {
  return signDigestWith(DKG_HASHER, identitySecret, digest);
}
