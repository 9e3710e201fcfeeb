/** Serialise a keystore the way other EIP-2335 tools write it: fixed field order, 2-space JSON. */
import type { KdfModule, Keystore } from './types.js';

function orderedKdf(kdf: KdfModule): KdfModule {
  const p = kdf.params;
  return kdf.function === 'scrypt'
    ? { function: 'scrypt', params: { dklen: p.dklen, n: kdf.params.n, p: kdf.params.p, r: kdf.params.r, salt: p.salt }, message: '' }
    : { function: 'pbkdf2', params: { dklen: p.dklen, c: kdf.params.c, prf: kdf.params.prf, salt: p.salt }, message: '' };
}

/**
 * The keystore as a JSON value with fields in the usual order (crypto {kdf, checksum, cipher}, description, pubkey,
 * path, uuid, version), as in the EIP-2335 test vectors: what `formatKeystore` writes, for files that embed a
 * keystore (the runner bundle). Absent optional fields are undefined (left out of the JSON text).
 */
export function keystoreJson(ks: Keystore): Keystore {
  const { kdf, checksum, cipher } = ks.crypto;
  return {
    crypto: {
      kdf: orderedKdf(kdf),
      checksum: { function: checksum.function, params: {}, message: checksum.message },
      cipher: { function: cipher.function, params: { iv: cipher.params.iv }, message: cipher.message },
    },
    description: ks.description,
    pubkey: ks.pubkey,
    path: ks.path,
    uuid: ks.uuid,
    version: ks.version,
  };
}

/** The keystore as JSON text (2-space, trailing newline) with fields in the usual order (`keystoreJson`). */
export function formatKeystore(ks: Keystore): string {
  return `${JSON.stringify(keystoreJson(ks), null, 2)}\n`;
}
