/**
 * BLS12-381 parameters as Ethereum uses them: "long signatures" (G1 public keys, G2 signatures) in the
 * proof-of-possession ciphersuite. consensus-specs phase0 beacon-chain.md#bls-signatures; PROTOCOL.md §1.
 */

/** The one domain separation tag for every Ethereum BLS signature (noble's default `_NUL_` is wrong here). */
export const ETH_BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

/** Order r of the G1/G2 subgroups: scalars (secret keys, shares, coefficients) live in [0, r). */
export const CURVE_ORDER = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

export const SECRET_KEY_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 48;
export const SIGNATURE_LENGTH = 96;
