/**
 * Split views by a relay that colludes with one cheater (issue 11, security review): a dealer that shows one
 * participant a variant of its deal, an acker that signs two versions of its ack, and a withheld message. The
 * decision must name the cheater, identically for every honest participant and for the transcript verifier, and a
 * participant that was only not seen must never be recorded as proven to cheat.
 */
import { describe, expect, it } from 'vitest';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bigIntToBytesBE, concatBytes, hexToBytes } from '../../../src/core/bytes.js';
import { CURVE_ORDER, evalPolynomial } from '../../../src/core/bls/index.js';
import { commitmentsHash, decodeApproval, decodeDeal, deriveDealerSecrets, envelopeDigest, namedInWords, shapeOf, verifyTranscript } from '../../../src/core/dkg/index.js';
import { encryptShares } from '../../../src/core/dkg/crypto/index.js';
import { canonicalJson, type CanonicalValue } from '../../../src/core/wire/canonicalJson.js';
import { toHex0x } from '../../../src/core/wire/fields.js';
import { ceremonyView } from '../../../src/app/ceremonyView.js';
import type { Participant } from '../../dkgHarness.js';
import { bodyOf, envOf, expectAbort, feed, fileOf, keysOf, reseal, run, setup, weights, type Json } from '../../dkgAdversary.js';

const T = 600_000;

/** Dealer `p`'s deal `original` with the share for `victim` replaced by a wrong one (same R, same commitments), re-signed. */
function badShareVariant(p: Participant, original: string, victim: number): string {
  const s = shapeOf(p.state.definition);
  const sid = hexToBytes(envOf(original).sid);
  const body = bodyOf(original);
  const deal = decodeDeal(body, s, p.index);
  const secrets = deriveDealerSecrets(p.seed, sid, s);
  const plaintext = concatBytes(...secrets.polynomials.map((c) => bigIntToBytesBE((evalPolynomial(c, BigInt(victim)) + 1n) % CURVE_ORDER, 32)));
  const ek = decodeApproval(bodyOf(p.state.messages[0]![victim - 1]!), s).encryptionKey;
  const ct = encryptShares({ dealerSecret: secrets.r, dealerPoint: deal.R, recipientKey: ek, sid, i: p.index, j: victim, commitmentsHash: commitmentsHash(deal), plaintext });
  return reseal(p, original, { ...body, shares: body.shares.map((e: Json) => (e.to === victim ? { to: victim, ct: toHex0x(ct) } : e)) });
}

/** The same envelope under another valid BIP-340 signature of its sender (other auxiliary randomness). */
function resigned(p: Participant, text: string): string {
  const e = envOf(text);
  const digest = envelopeDigest(hexToBytes(e.sid), e.round, e.sender, e.body as CanonicalValue);
  const sig = schnorr.sign(digest, keysOf(p).identitySecret, new Uint8Array(32).fill(9));
  return canonicalJson({ ...e, sig: toHex0x(sig) } as CanonicalValue);
}

describe('split views: the cheater is named, identically everywhere', () => {
  it('an equivocating dealer and a partitioning relay cannot frame the accuser: the dealer is named (equivocation)', { timeout: T }, () => {
    const { parts } = setup(4, 'split-dealer-variant');
    let variant: string | undefined;
    run(parts, (text, from, to) => {
      if (from !== 1 || envOf(text).round !== 1 || to !== 2) return text;
      variant ??= badShareVariant(parts[0]!, text, 2);
      return variant;
    });
    expect(variant).toBeDefined();
    // Participant 2 accused dealer 1 over the variant it got; 3 and 4 hold the honest deal.
    const ack2 = bodyOf(parts[1]!.state.messages[2]![1]!);
    expect(ack2.accusations.map((a: Json) => a.dealer)).toEqual([1]);
    expect(parts[1]!.state.messages[1]![0]).not.toBe(parts[2]!.state.messages[1]![0]);
    expectAbort(parts, [1], 'equivocation', [1]);
    for (const p of parts.slice(1)) {
      expect(p.state.abort!.proof).toBe('signed-evidence');
      expect(ceremonyView(p.state).abort).toMatchObject({ notSeen: false, named: 'participant 1 (proven by its signed messages)' });
    }
  });

  it('an acker that signs two versions of its ack (another envelope signature) is named by the confirmations, not everyone else', { timeout: T }, () => {
    const { parts } = setup(4, 'split-ack-sig');
    const cheater = 3;
    let variant: string | undefined;
    run(parts, (text, from, to) => {
      if (from !== cheater || envOf(text).round !== 2 || to !== 4) return text;
      variant ??= resigned(parts[cheater - 1]!, text);
      return variant;
    });
    expect(variant).toBeDefined();
    expect(parts[3]!.state.messages[2]![cheater - 1]).toBe(variant);
    expect(parts[0]!.state.messages[2]![cheater - 1]).not.toBe(variant);
    expectAbort(parts, [cheater], 'equivocation', [cheater]);
    // Both signed versions are attached.
    const evidence = parts[0]!.state.abort!.evidence;
    expect(evidence).toContain(variant);
    expect(evidence).toContain(parts[0]!.state.messages[2]![cheater - 1]);
  });

  it('an ack whose echo carries altered signature bytes is invalid; the side that never got it says "not seen", never "proven"', { timeout: T }, () => {
    const { def, parts } = setup(4, 'split-ack-echo');
    const cheater = 3;
    run(parts, (text, from, to) => {
      if (from !== cheater || envOf(text).round !== 2 || to !== 4) return text;
      const body = bodyOf(text);
      const sig = hexToBytes(body.seen[0].sig);
      sig[63]! ^= 1;
      body.seen[0].sig = toHex0x(sig);
      return reseal(parts[cheater - 1]!, text, body);
    });
    // Participant 4 got the altered ack: the decision names the acker, with its signed ack as evidence.
    expectAbort([parts[3]!], [cheater], 'invalid-message', [cheater]);
    // Participants 1 and 2 got the canonical one and wait for 4's confirmation, which never comes.
    for (const p of [parts[0]!, parts[1]!]) {
      expect(p.state.phase).toBe('confirming');
      feed(p, { type: 'tick', now: def.deadlines.confirm + 1 });
      expect(p.state.abort).toMatchObject({ reason: 'timeout', proof: 'none', culprits: [4] });
      expect(p.state.abort!.message).toMatch(/was seen before the deadline: not proof of cheating/);
      const verdict = verifyTranscript(fileOf(p), weights());
      expect(verdict).toMatchObject({ valid: true, status: 'aborted' });
      expect(verdict.abort?.proof).toBe('none');
    }
  });
});

describe('a timeout is not proof', () => {
  it('the record says "not seen", and the verifier refuses a timeout recorded as proven', { timeout: T }, () => {
    const { def, parts } = setup(4, 'split-timeout');
    run(parts, (text, from) => (from === 4 && envOf(text).round === 1 ? null : text));
    const p = parts[0]!;
    feed(p, { type: 'tick', now: def.deadlines.deal + 1 });
    expect(p.state.abort).toMatchObject({ reason: 'timeout', proof: 'none', culprits: [4] });
    expect(namedInWords(p.state.abort!)).toBe('participant 4 (not seen by the deadline: possibly offline, or a relay withheld its messages; not proven to cheat)');
    // What the page and the worker show (src/app/ceremonyView.ts): not seen, in words.
    expect(ceremonyView(p.state).abort).toMatchObject({ reason: 'timeout', notSeen: true, named: namedInWords(p.state.abort!), culprits: [{ index: 4 }] });
    const file = fileOf(p) as Json;
    expect(verifyTranscript(file, weights()).valid).toBe(true);
    file.status.aborted.proof = 'signed-evidence';
    const verdict = verifyTranscript(file, weights());
    expect(verdict.valid).toBe(false);
    expect(verdict.problems.join()).toMatch(/claims proof "signed-evidence", the rules give "none"/);
    // A record written before `proof` existed is read as the reason gives.
    delete file.status.aborted.proof;
    expect(verifyTranscript(file, weights()).valid).toBe(true);
  });
});
