/**
 * A synchronous in-process harness for the pure engine: n participants, throwaway wallet keys, a broadcast
 * "board" with optional hooks to tamper with, drop or reorder messages. Deterministic from a label.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  approvalRequest,
  createCeremonyState,
  definitionNetwork,
  step,
  type CeremonyDefinition,
  type CeremonyState,
} from '../src/core/dkg/index.js';
import { approvalDigest, signApprovalDigest } from '../src/core/dkg/crypto/index.js';
import { toChecksumAddress } from '../src/core/eth/address.js';
import { executionWithdrawalCredentials } from '../src/core/eth/withdrawalCredentials.js';
import { toHex0x } from '../src/core/wire/fields.js';
import { seededBytes } from './helpers.js';
import { setCacheScope } from '../src/core/cacheScope.js';
import { participantShares, type OutputFile } from '../src/app/exportParticipantOutputs.js';
import { emptySlashingProtection, encodeSlashingProtection } from '../src/core/formats/index.js';
import { encodeSecretKey } from '../src/core/bls/index.js';
import { encryptKeystore, formatKeystore } from '../src/core/keystore/index.js';
import { withHash } from '../src/core/dkg/definition.js';

export interface Operator {
  privateKey: Uint8Array;
  address: string;
}

export function operatorFromKey(privateKey: Uint8Array): Operator {
  const pub = secp256k1.getPublicKey(privateKey, false);
  return { privateKey, address: toChecksumAddress(keccak_256(pub.subarray(1)).subarray(12)) };
}

export function makeOperators(n: number, label: string): Operator[] {
  const rnd = seededBytes(`operators/${label}`);
  return Array.from({ length: n }, () => operatorFromKey(rnd(32)));
}

export function makeDefinition(ops: Operator[], opts: { t?: number; V?: number; network?: string; now?: number } = {}): CeremonyDefinition {
  const now = opts.now ?? 1_800_000_000;
  const vault = '0x' + '11'.repeat(20);
  return {
    version: 'sv-dkg/1',
    name: 'test ceremony',
    uuid: '2f1c2a9e-4b7d-4c1e-9a35-0b6f3c1d2e4f',
    network: { name: opts.network ?? 'holesky', chainId: 17000, genesisForkVersion: '0x01017000' },
    operators: ops.map((o) => ({ address: o.address })),
    threshold: opts.t ?? Math.ceil((2 * ops.length) / 3),
    validators: Array.from({ length: opts.V ?? 1 }, () => ({
      withdrawalCredentials: toHex0x(executionWithdrawalCredentials(vault, 0x01)),
      feeRecipient: toChecksumAddress(new Uint8Array(20).fill(0x11)),
      amountGwei: '32000000000',
    })),
    relays: [],
    deadlines: { approve: now + 3600, deal: now + 7200, ack: now + 10800, confirm: now + 14400 },
    creator: ops[0]!.address,
    createdAt: now,
  };
}

export interface Participant {
  index: number;
  seed: Uint8Array;
  state: CeremonyState;
  operator: Operator;
}

export interface SimHooks {
  /** Give each participant its own crypto caches, as separate machines would have (benchmarks). */
  isolateCaches?: boolean;
  /** Rewrite (or drop with null) a message `from` one participant as delivered `to` another. */
  deliver?: (text: string, from: number, to: number) => string | null;
}

export function makeParticipants(def: CeremonyDefinition, ops: Operator[], label: string): Participant[] {
  return ops.map((operator, k) => {
    const seed = seededBytes(`seed/${label}/${k}`)(32);
    return { index: k + 1, seed, operator, state: createCeremonyState(withHash(def), k + 1, { seed }) };
  });
}

export function walletSign(p: Participant): Uint8Array {
  return signApprovalDigest(p.operator.privateKey, approvalDigest(approvalRequest(p.state)));
}

/** Run to completion: approvals first, then deliver every outbound message to everyone until quiet. */
export function simulate(parts: Participant[], hooks: SimHooks = {}): { published: string[] } {
  const queue: { text: string; from: number }[] = [];
  const published: string[] = [];
  const scope = (p: Participant) => setCacheScope(hooks.isolateCaches ? p : undefined);
  for (const p of parts) {
    scope(p);
    const r = step(p.state, { type: 'approve', signature: walletSign(p) }, { seed: p.seed });
    p.state = r.state;
    for (const text of r.outbound) queue.push({ text, from: p.index });
  }
  while (queue.length) {
    const { text, from } = queue.shift()!;
    published.push(text);
    for (const p of parts) {
      if (p.index === from) continue;
      const data = hooks.deliver ? hooks.deliver(text, from, p.index) : text;
      if (data === null) continue;
      scope(p);
      const r = step(p.state, { type: 'message', data }, { seed: p.seed });
      p.state = r.state;
      for (const t of r.outbound) queue.push({ text: t, from: p.index });
    }
  }
  setCacheScope(undefined);
  return { published };
}

/**
 * What `participantOutputs` writes for participant `p` (keystores + slashing protection), but with a cheap KDF
 * (pbkdf2 c = 2^10; the app always uses the full cost), seeded by `label` so runs are reproducible.
 */
export async function cheapOutputs(p: Participant, password: string, label = 'cheap/'): Promise<OutputFile[]> {
  const randomBytes = seededBytes(`${label}${p.index}`);
  const keystores = await Promise.all(
    participantShares(p.state, p.seed).map(async (x, v) => ({
      name: `keystore-${v}-${p.index}.json`,
      content: formatKeystore(await encryptKeystore(encodeSecretKey(x), password, { randomBytes, kdf: 'pbkdf2', kdfParams: { c: 1024 } })),
      secret: true,
    })),
  );
  return [...keystores, { name: 'slashing-protection.json', content: encodeSlashingProtection(emptySlashingProtection(definitionNetwork(p.state.definition).genesisValidatorsRoot)), secret: false }];
}
