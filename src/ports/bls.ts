/**
 * The Bls port: the BLS12-381 work of a threshold signer (Ethereum's ciphersuite, the `_POP_` DST), as a runner
 * needs it: sign with a key share, verify partial and whole signatures (one by one or as a batch), and combine
 * t partial signatures into the group signature (Lagrange interpolation at 0). Synchronous: it is CPU work, and a
 * simulation on a manual clock stays deterministic. Two adapters: the pure one over the core's noble code
 * (browsers, any JS host) and the native one for Node (@chainsafe/blst to sign and verify, herumi's
 * bls-eth-wasm to combine), which is what a runner with many validators needs.
 *
 * Every method validates its input (lengths, points on the curve and in the subgroup, no identity public key) and
 * throws a coded error (BLS_*) on malformed bytes; a well-formed signature that does not verify is `false`.
 */

/** One (public key, message, signature) triple to verify. */
export interface SignatureSet {
  /** 48-byte compressed G1 point. */
  publicKey: Uint8Array;
  message: Uint8Array;
  /** 96-byte compressed G2 point. */
  signature: Uint8Array;
}

/** A partial signature by share `index` (1..n, the Shamir x-coordinate). */
export interface IndexedSignature {
  index: number;
  signature: Uint8Array;
}

/** BLS for a threshold signer. */
export interface Bls {
  /** Which implementation this is (shown in logs and benchmarks). */
  readonly name: string;
  /** The signature of `message` by the 32-byte secret key (or key share) `secretKey`. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** The 48-byte public key of a 32-byte secret key. */
  publicKey(secretKey: Uint8Array): Uint8Array;
  verify(set: SignatureSet): boolean;
  /**
   * True only when every set verifies (a randomised batch check: one multi-pairing for all). An empty batch is
   * true. On false, verify one by one to find the bad ones.
   */
  verifyBatch(sets: readonly SignatureSet[]): boolean;
  /**
   * The group signature from exactly the given partials (distinct indices, at least one): Σ λ_i·σ_i with the
   * Lagrange coefficients of these indices at 0. Whether the result is right is for `verify` against the group key.
   */
  combine(partials: readonly IndexedSignature[]): Uint8Array;
}
