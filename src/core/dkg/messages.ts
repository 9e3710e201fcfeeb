/**
 * Message bodies M0–M3 (PROTOCOL.md §2–§3): their decoded types, encoders and validating decoders.
 * Sizes come from the definition (n, t, V), so a decoded body always has exactly the right shape.
 */
import type { CanonicalValue } from '../wire/canonicalJson.js';
import { bad, readArray, readHex, readInt, readObject, readString, toHex0x } from '../wire/fields.js';

/** Shape parameters every decoder needs. */
export interface Shape {
  n: number;
  t: number;
  V: number;
}

/** M0 Approval: the wallet-signed binding of an operator to its ceremony keys. */
export interface ApprovalBody {
  configHash: Uint8Array;
  index: number;
  identityKey: Uint8Array;
  encryptionKey: Uint8Array;
  operator: string;
  /** EIP-712 signature (65 bytes) or an ERC-1271 contract-wallet signature (up to 2048 bytes). */
  signature: Uint8Array;
}

/** M1 Deal, per validator: Feldman commitments and the PoK of the constant term. */
export interface DealValidator {
  commitments: Uint8Array[];
  pok: { R: Uint8Array; z: Uint8Array };
}

/** M1 Deal. `shares[k]` is the ciphertext for participant `to`. */
export interface DealBody {
  R: Uint8Array;
  validators: DealValidator[];
  shares: { to: number; ct: Uint8Array }[];
}

/** An accusation against a dealer whose share failed: the ECDH key revealed with a DLEQ proof. */
export interface Accusation {
  dealer: number;
  K: Uint8Array;
  proof: { c: Uint8Array; z: Uint8Array };
}

/**
 * The echo of one accepted M1: the hash of its body and the dealer's envelope signature. With the signature, a
 * differing echo is attributable: if it verifies, the dealer signed two deals; if not, the echoer lied.
 */
export interface SeenEntry {
  bodyHash: Uint8Array;
  sig: Uint8Array;
}

/** M2 Ack: the echo of every M1 accepted, and accusations. */
export interface AckBody {
  seen: SeenEntry[];
  accusations: Accusation[];
}

/**
 * M3 Confirm: the transcript hash; the envelope signatures of the n M2 its sender used (`ackSigs[k]` = the `sig` of
 * participant k+1's ack), so that two versions of one ack are both reconstructible and attributable; and, per
 * validator, the deposit and possession partial signatures.
 */
export interface ConfirmBody {
  T: Uint8Array;
  ackSigs: Uint8Array[];
  validators: { deposit: Uint8Array; lock: Uint8Array }[];
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
/** Plaintext of one ciphertext: V scalars of 32 bytes; XChaCha20-Poly1305 adds a 16-byte tag. */
export const shareCiphertextLength = (V: number) => 32 * V + 16;

export function encodeApproval(b: ApprovalBody): CanonicalValue {
  return {
    configHash: toHex0x(b.configHash),
    index: b.index,
    identityKey: toHex0x(b.identityKey),
    encryptionKey: toHex0x(b.encryptionKey),
    operator: b.operator,
    signature: toHex0x(b.signature),
  };
}

export function decodeApproval(v: CanonicalValue, s: Shape): ApprovalBody {
  const o = readObject(v, 'approval', ['configHash', 'index', 'identityKey', 'encryptionKey', 'operator', 'signature']);
  return {
    configHash: readHex(o.configHash, 'approval.configHash', 32),
    index: readInt(o.index, 'approval.index', 1, s.n),
    identityKey: readHex(o.identityKey, 'approval.identityKey', 32),
    encryptionKey: readHex(o.encryptionKey, 'approval.encryptionKey', 33),
    operator: readString(o.operator, 'approval.operator', 42, ADDRESS_RE),
    signature: readHex(o.signature, 'approval.signature', 65, 2048),
  };
}

export function encodeDeal(b: DealBody): CanonicalValue {
  return {
    R: toHex0x(b.R),
    validators: b.validators.map((v) => ({ commitments: v.commitments.map(toHex0x), pok: { R: toHex0x(v.pok.R), z: toHex0x(v.pok.z) } })),
    shares: b.shares.map((s) => ({ to: s.to, ct: toHex0x(s.ct) })),
  };
}

/** Decode M1 of `dealer`: exactly t commitments per validator, one ciphertext for every j != dealer, ascending. */
export function decodeDeal(v: CanonicalValue, s: Shape, dealer: number): DealBody {
  const o = readObject(v, 'deal', ['R', 'validators', 'shares']);
  const validators = readArray(o.validators, 'deal.validators', s.V, s.V).map((x, k) => {
    const p = `deal.validators[${k}]`;
    const vo = readObject(x, p, ['commitments', 'pok']);
    const pok = readObject(vo.pok, `${p}.pok`, ['R', 'z']);
    return {
      commitments: readArray(vo.commitments, `${p}.commitments`, s.t, s.t).map((c, i) => readHex(c, `${p}.commitments[${i}]`, 48)),
      pok: { R: readHex(pok.R, `${p}.pok.R`, 48), z: readHex(pok.z, `${p}.pok.z`, 32) },
    };
  });
  const expectedTo = Array.from({ length: s.n }, (_, k) => k + 1).filter((j) => j !== dealer);
  const shares = readArray(o.shares, 'deal.shares', s.n - 1, s.n - 1).map((x, k) => {
    const so = readObject(x, `deal.shares[${k}]`, ['to', 'ct']);
    const to = readInt(so.to, `deal.shares[${k}].to`, 1, s.n);
    if (to !== expectedTo[k]) bad(`deal.shares[${k}].to`, `expected recipient ${expectedTo[k]}`);
    const len = shareCiphertextLength(s.V);
    return { to, ct: readHex(so.ct, `deal.shares[${k}].ct`, len) };
  });
  return { R: readHex(o.R, 'deal.R', 33), validators, shares };
}

export function encodeAck(b: AckBody): CanonicalValue {
  return {
    seen: b.seen.map((e) => ({ bodyHash: toHex0x(e.bodyHash), sig: toHex0x(e.sig) })),
    accusations: b.accusations.map((a) => ({ dealer: a.dealer, K: toHex0x(a.K), proof: { c: toHex0x(a.proof.c), z: toHex0x(a.proof.z) } })),
  };
}

/** Decode M2 of `sender`: n seen hashes; at most one accusation per dealer, never against itself, ascending. */
export function decodeAck(v: CanonicalValue, s: Shape, sender: number): AckBody {
  const o = readObject(v, 'ack', ['seen', 'accusations']);
  const seen = readArray(o.seen, 'ack.seen', s.n, s.n).map((x, k) => {
    const e = readObject(x, `ack.seen[${k}]`, ['bodyHash', 'sig']);
    return { bodyHash: readHex(e.bodyHash, `ack.seen[${k}].bodyHash`, 32), sig: readHex(e.sig, `ack.seen[${k}].sig`, 64) };
  });
  let last = 0;
  const accusations = readArray(o.accusations, 'ack.accusations', 0, s.n - 1).map((x, k) => {
    const p = `ack.accusations[${k}]`;
    const ao = readObject(x, p, ['dealer', 'K', 'proof']);
    const dealer = readInt(ao.dealer, `${p}.dealer`, 1, s.n);
    if (dealer === sender) bad(`${p}.dealer`, 'a participant cannot accuse itself');
    if (dealer <= last) bad(`${p}.dealer`, 'accusations must be in ascending dealer order, one per dealer');
    last = dealer;
    const proof = readObject(ao.proof, `${p}.proof`, ['c', 'z']);
    return { dealer, K: readHex(ao.K, `${p}.K`, 33), proof: { c: readHex(proof.c, `${p}.proof.c`, 32), z: readHex(proof.z, `${p}.proof.z`, 32) } };
  });
  return { seen, accusations };
}

export function encodeConfirm(b: ConfirmBody): CanonicalValue {
  return { T: toHex0x(b.T), ackSigs: b.ackSigs.map(toHex0x), validators: b.validators.map((v) => ({ deposit: toHex0x(v.deposit), lock: toHex0x(v.lock) })) };
}

export function decodeConfirm(v: CanonicalValue, s: Shape): ConfirmBody {
  const o = readObject(v, 'confirm', ['T', 'ackSigs', 'validators']);
  return {
    T: readHex(o.T, 'confirm.T', 32),
    ackSigs: readArray(o.ackSigs, 'confirm.ackSigs', s.n, s.n).map((x, k) => readHex(x, `confirm.ackSigs[${k}]`, 64)),
    validators: readArray(o.validators, 'confirm.validators', s.V, s.V).map((x, k) => {
      const vo = readObject(x, `confirm.validators[${k}]`, ['deposit', 'lock']);
      return { deposit: readHex(vo.deposit, `confirm.validators[${k}].deposit`, 96), lock: readHex(vo.lock, `confirm.validators[${k}].lock`, 96) };
    }),
  };
}
