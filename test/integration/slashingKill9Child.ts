// Child of slashingKill9.test.ts: opens the file slashing store in argv[2] and signs forever (blocks and
// attestations for three validators, plus a conflicting request each round that must be refused), printing
// `ACK <json>` for each recorded request only after checkAndRecord resolved. The parent kills it with SIGKILL.
import { openFileSlashingStore } from '../../src/adapters/fs/index.js';
import type { SigningRequest } from '../../src/ports/slashingStore.js';

const dir = process.argv[2]!;
const GVR = new Uint8Array(32).fill(0x33);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const pk = (k: number) => new Uint8Array(48).fill(k);
const rootOf = (n: bigint, salt: number) => {
  const r = new Uint8Array(32).fill(salt);
  new DataView(r.buffer).setBigUint64(0, n);
  return r;
};
const wire = (r: SigningRequest) =>
  r.kind === 'block' ? { kind: r.kind, slot: r.slot.toString(), root: hex(r.signingRoot) } : { kind: r.kind, source: r.sourceEpoch.toString(), target: r.targetEpoch.toString(), root: hex(r.signingRoot) };

const store = await openFileSlashingStore({ dir, genesisValidatorsRoot: GVR, compactAfter: 50 });
process.stdout.write('READY\n');
for (let round = 0; ; round++) {
  const v = (round % 3) + 1;
  const w = await store.watermarks(pk(v));
  const slot = (w.block?.slot ?? 0n) + 1n;
  const target = (w.attestation?.targetEpoch ?? 0n) + 1n;
  const requests: SigningRequest[] = [
    { kind: 'block', slot, signingRoot: rootOf(slot, 1) },
    { kind: 'attestation', sourceEpoch: target - 1n, targetEpoch: target, signingRoot: rootOf(target, 1) },
    { kind: 'attestation', sourceEpoch: target - 1n, targetEpoch: target, signingRoot: rootOf(target, 2) }, // double vote: refused
  ];
  for (const r of requests) {
    const result = await store.checkAndRecord(pk(v), r);
    if (result.recorded && !result.repeat) process.stdout.write(`ACK ${JSON.stringify({ pubkey: hex(pk(v)), ...wire(r) })}\n`);
    if (result.recorded && r.signingRoot[31] === 2) process.stdout.write('BUG a double vote was recorded\n');
  }
}
