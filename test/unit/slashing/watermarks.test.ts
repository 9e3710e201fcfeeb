import { describe, expect, it } from 'vitest';
import { checkAttestation, checkBlockProposal, isSlashableAttestationData, type AttestationVote, type Watermarks } from '../../../src/core/slashing/index.js';

const root = (k: number) => new Uint8Array(32).fill(k);
const vote = (s: bigint, t: bigint, r = 1): AttestationVote => ({ sourceEpoch: s, targetEpoch: t, signingRoot: root(r) });

describe('minimal watermarks (EIP-3076)', () => {
  it('a table of attestations against the last vote 3 → 5', () => {
    const w: Watermarks = { attestation: vote(3n, 5n) };
    const table: [AttestationVote, string][] = [
      [vote(3n, 5n), 'repeat'],
      [vote(3n, 5n, 2), 'SLASHING_DOUBLE_VOTE'],
      [vote(2n, 5n), 'SLASHING_DOUBLE_VOTE'],
      [vote(2n, 6n), 'SLASHING_SURROUND_VOTE'],
      [vote(4n, 4n), 'SLASHING_SURROUND_VOTE'],
      [vote(3n, 4n), 'SLASHING_TARGET_BELOW'],
      [vote(2n, 4n), 'SLASHING_TARGET_BELOW'],
      [vote(3n, 6n), 'allowed'],
      [vote(5n, 6n), 'allowed'],
      [vote(7n, 6n), 'SLASHING_BAD_INPUT'],
    ];
    for (const [a, expected] of table) {
      const v = checkAttestation(w, a);
      const got = v.allowed ? (v.repeat ? 'repeat' : 'allowed') : v.rule;
      expect(got, `${a.sourceEpoch} → ${a.targetEpoch}`).toBe(expected);
    }
  });

  it('an allowed vote moves the watermark; a repeat leaves it', () => {
    const first = checkAttestation({}, vote(0n, 1n));
    expect(first).toMatchObject({ allowed: true, repeat: false, next: { attestation: vote(0n, 1n) } });
    const again = checkAttestation(first.allowed ? first.next : {}, vote(0n, 1n));
    expect(again).toMatchObject({ allowed: true, repeat: true });
  });

  it('blocks: strictly above the last slot; the same block again is a repeat', () => {
    const w: Watermarks = { block: { slot: 10n, signingRoot: root(1) } };
    expect(checkBlockProposal(w, { slot: 10n, signingRoot: root(1) })).toMatchObject({ allowed: true, repeat: true });
    expect(checkBlockProposal(w, { slot: 10n, signingRoot: root(2) })).toMatchObject({ allowed: false, rule: 'SLASHING_DOUBLE_PROPOSAL' });
    expect(checkBlockProposal(w, { slot: 9n, signingRoot: root(1) })).toMatchObject({ allowed: false, rule: 'SLASHING_SLOT_BELOW' });
    expect(checkBlockProposal(w, { slot: 11n, signingRoot: root(2) })).toMatchObject({ allowed: true, next: { block: { slot: 11n } } });
    expect(checkBlockProposal({}, { slot: 0n, signingRoot: new Uint8Array(31) })).toMatchObject({ allowed: false, rule: 'SLASHING_BAD_INPUT' });
  });

  it('is_slashable_attestation_data: double votes and surrounds, not the same vote twice', () => {
    expect(isSlashableAttestationData(vote(1n, 2n), vote(1n, 2n))).toBe(false);
    expect(isSlashableAttestationData(vote(1n, 2n, 1), vote(1n, 2n, 2))).toBe(true);
    expect(isSlashableAttestationData(vote(1n, 4n), vote(2n, 3n))).toBe(true);
    expect(isSlashableAttestationData(vote(2n, 3n), vote(1n, 4n))).toBe(false);
    expect(isSlashableAttestationData(vote(1n, 2n), vote(2n, 3n))).toBe(false);
  });

  it('no sequence of allowed votes contains a slashable pair', () => {
    let w: Watermarks = {};
    const signed: AttestationVote[] = [];
    let seed = 7;
    const rand = (m: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % m);
    for (let k = 0; k < 2000; k++) {
      const s = BigInt(rand(20));
      const a = vote(s, s + BigInt(rand(5)), rand(3));
      const v = checkAttestation(w, a);
      if (v.allowed && !v.repeat) {
        for (const b of signed) expect(isSlashableAttestationData(a, b) || isSlashableAttestationData(b, a)).toBe(false);
        signed.push(a);
        w = v.next;
      }
    }
    expect(signed.length).toBeGreaterThan(3);
  });
});
