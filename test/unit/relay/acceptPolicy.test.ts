/**
 * The relay's accept policy: in `sv-dkg` mode only well-formed sv-dkg/1 envelopes on a session named by a 64-hex
 * configHash, round-0 approvals bound to their session, and on `sv-deposit-check/<configHash>` only that ceremony's
 * well-formed deposit checks; in `any` mode everything.
 * Each protocol is its own policy (relay/protocols/): it claims its sessions and says how they are kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { depositCheckTypedData } from '../../../src/core/eth/depositCheck.js';
import { buildDefinition as buildCliDefinition } from '../../../src/cli/ceremonyCreate.js';
import { definitionMessage } from '../../../src/app/joinLink.js';
import { acceptPolicy, checkPublication, PROTOCOLS, sessionRetention, UnknownProtocolError } from '../../../relay/acceptPolicy.js';
import { DEFAULT_STORE_LIMITS } from '../../../relay/boardStore.js';
import { MAX_OPERATORS, ROUND, sealEnvelope } from '../../../src/core/dkg/index.js';
import { canonicalJson } from '../../../src/core/wire/canonicalJson.js';
import { toHex0x } from '../../../src/core/wire/fields.js';
import { bytesToHex } from '../../../src/core/bytes.js';
import { seededBytes } from '../../helpers.js';
import { decodeDepositCheck, depositCheckSession, encodeDepositCheck } from '../../../src/core/eth/depositCheckMessage.js';

const bytes = seededBytes('acceptPolicy');
const SV_DKG = acceptPolicy('sv-dkg');
const ANY = acceptPolicy('any');
const configHash = bytes(32);
const session = bytesToHex(configHash);
const otherSid = bytes(32);
const sig = toHex0x(bytes(64));

/** An envelope as a value (not yet encoded), to break one field at a time. */
const envelope = (over: Record<string, unknown> = {}) => ({ v: 1, sid: toHex0x(configHash), round: ROUND.APPROVE, sender: 1, body: { hello: 'world' }, sig, ...over });
const check = (data: string, s = session) => checkPublication(SV_DKG, s, data);
const refusal = (data: string, s = session) => {
  const r = check(data, s);
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
};

describe('checkPublication, mode any', () => {
  it.each([
    ['free text on any session', 'not-hex', 'hello'],
    ['empty text', 'x', ''],
    ['an envelope for another ceremony', session, canonicalJson(envelope({ sid: toHex0x(otherSid) }))],
  ])('accepts %s', (_, s, data) => {
    expect(checkPublication(ANY, s, data)).toEqual({ ok: true, accepted: { sender: undefined } });
  });
});

describe('checkPublication, mode sv-dkg', () => {
  it('accepts a real signed approval on its own session, and reports its sender', () => {
    const text = sealEnvelope(bytes(32), configHash, ROUND.APPROVE, 3, { approval: '0x01' });
    expect(check(text)).toEqual({ ok: true, accepted: { sender: 3 } });
  });

  it('accepts rounds 1..3 whatever their sid (the session id is not the configHash)', () => {
    for (const round of [ROUND.DEAL, ROUND.ACK, ROUND.CONFIRM]) {
      expect(check(canonicalJson(envelope({ round, sid: toHex0x(otherSid), sender: MAX_OPERATORS })))).toEqual({ ok: true, accepted: { sender: MAX_OPERATORS } });
    }
  });

  it('refuses an approval for another ceremony than its session', () => {
    expect(refusal(canonicalJson(envelope({ sid: toHex0x(otherSid) })))).toMatch(/another ceremony/);
  });

  it.each([
    ['not hex at all', 'my-session'],
    ['upper-case hex', session.toUpperCase()],
    ['0x-prefixed', `0x${session}`],
    ['63 characters', session.slice(1)],
    ['65 characters', `${session}0`],
  ])('refuses a session that is %s', (_, s) => {
    expect(refusal(canonicalJson(envelope()), s)).toMatch(/session must be a configHash/);
  });

  const envelopeOk = canonicalJson(envelope());
  it.each([
    ['plain text', 'hello relay'],
    ['empty text', ''],
    ['a JSON array', '[1,2,3]'],
    ['JSON null', 'null'],
    ['broken JSON', envelopeOk.slice(0, -1)],
    ['non-canonical JSON (whitespace)', JSON.stringify(envelope(), null, 1)],
    ['non-canonical JSON (key order)', JSON.stringify({ sig, v: 1, sid: toHex0x(configHash), round: 0, sender: 1, body: {} })],
    ['an extra field', canonicalJson(envelope({ extra: 1 }))],
    ['a missing field', canonicalJson({ v: 1, sid: toHex0x(configHash), round: 0, sender: 1, body: {} })],
    ['version 2', canonicalJson(envelope({ v: 2 }))],
    ['round 4', canonicalJson(envelope({ round: 4 }))],
    ['sender 0', canonicalJson(envelope({ sender: 0 }))],
    ['a sender above MAX_OPERATORS', canonicalJson(envelope({ sender: MAX_OPERATORS + 1 }))],
    ['a sender as a string', canonicalJson(envelope({ sender: '1' }))],
    ['a short sid', canonicalJson(envelope({ sid: toHex0x(bytes(31)) }))],
    ['an un-prefixed sid', canonicalJson(envelope({ sid: session }))],
    ['a short signature', canonicalJson(envelope({ sig: toHex0x(bytes(63)) }))],
    ['an upper-case signature', canonicalJson(envelope({ sig: sig.toUpperCase().replace('0X', '0x') }))],
    ['a message over the envelope size limit', canonicalJson(envelope({ body: 'x'.repeat(1024 * 1024) }))],
  ])('refuses %s', (_, data) => {
    expect(refusal(data)).toMatch(/^not a well-formed sv-dkg\/1 envelope: /);
  });

  it('the well-formed envelope the refusals above break is itself accepted', () => {
    expect(check(envelopeOk)).toEqual({ ok: true, accepted: { sender: 1 } });
  });
});

describe('the definition document (short join links)', () => {
  const definition = buildCliDefinition({
    operators: ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333'],
    network: 'holesky',
    withdrawalAddress: '0x5555555555555555555555555555555555555555',
    now: 1_790_000_000,
  });
  const { session, data } = definitionMessage(definition);

  it('is accepted under its own configHash only', () => {
    expect(checkPublication(SV_DKG, session, data)).toEqual({ ok: true, accepted: { sender: undefined } });
    expect(checkPublication(SV_DKG, 'ab'.repeat(32), data)).toMatchObject({ ok: false, reason: expect.stringMatching(/configHash is this session/) });
    expect(checkPublication(SV_DKG, session, data.replace('"threshold":2', '"threshold":3'))).toMatchObject({ ok: false });
    expect(checkPublication(SV_DKG, session, `${data} `)).toMatchObject({ ok: false });
  });
});

describe('deposit checks (sv-deposit-check/1) on their own session', () => {
  const checkSession = depositCheckSession(session);
  const value = (over: Record<string, unknown> = {}) => ({
    block: 1234,
    chainId: 31337,
    configHash: toHex0x(configHash),
    depositDataRoot: toHex0x(bytes(32)),
    depositRoot: toHex0x(bytes(32)),
    operator: toHex0x(bytes(20)),
    pubkey: toHex0x(bytes(48)),
    signature: toHex0x(bytes(65)),
    type: 'sv-deposit-check/1',
    vault: toHex0x(bytes(20)),
    ...over,
  });
  const operatorAccount = privateKeyToAccount(`0x${'42'.repeat(32)}`);
  let good = '';
  beforeAll(async () => {
    const fields = value({ operator: operatorAccount.address.toLowerCase() });
    const typed = depositCheckTypedData({ chainId: fields.chainId as number, vault: fields.vault as string, pubkey: fields.pubkey as string, depositDataRoot: fields.depositDataRoot as string, depositRoot: fields.depositRoot as string });
    good = canonicalJson({ ...fields, signature: await operatorAccount.signTypedData(typed as never) });
  });

  it("refuses an account's signature that is not the named operator's (a forgery that could only crowd the session)", () => {
    const parsed = JSON.parse(good) as Record<string, unknown>;
    for (const over of [{ operator: toHex0x(bytes(20)) }, { signature: toHex0x(bytes(65)) }, { depositRoot: toHex0x(bytes(32)) }]) {
      expect(checkPublication(SV_DKG, checkSession, canonicalJson({ ...parsed, ...over } as never))).toEqual({ ok: false, reason: 'the deposit check is not signed by the operator it names' });
    }
  });

  it('accepts a well-formed check of the session\'s ceremony, and a longer contract-wallet signature', () => {
    expect(checkPublication(SV_DKG, checkSession, good)).toEqual({ ok: true, accepted: { sender: undefined } });
    expect(checkPublication(SV_DKG, checkSession, canonicalJson(value({ signature: toHex0x(bytes(130)) })))).toMatchObject({ ok: true });
    expect(encodeDepositCheck(decodeDepositCheck(good, checkSession))).toBe(good);
  });

  it.each([
    ['another ceremony', canonicalJson(value({ configHash: toHex0x(otherSid) }))],
    ['a DKG envelope', canonicalJson(envelope())],
    ['the definition document', '{"createdAt":1}'],
    ['plain text', 'hello relay'],
    ['non-canonical JSON', JSON.stringify(value(), null, 1)],
    ['another type', canonicalJson(value({ type: 'sv-deposit-check/2' }))],
    ['an extra field', canonicalJson(value({ extra: 1 }))],
    ['a missing field', canonicalJson((({ block: _, ...rest }) => rest)(value()))],
    ['a short pubkey', canonicalJson(value({ pubkey: toHex0x(bytes(47)) }))],
    ['an upper-case root', canonicalJson(value({ depositRoot: toHex0x(bytes(32)).toUpperCase().replace('0X', '0x') }))],
    ['an empty signature', canonicalJson(value({ signature: '0x' }))],
    ['a signature over 2048 bytes', canonicalJson(value({ signature: toHex0x(bytes(2049)) }))],
    ['a block as a string', canonicalJson(value({ block: '1234' }))],
    ['chain id 0', canonicalJson(value({ chainId: 0 }))],
  ])('refuses %s', (_, data) => {
    const r = checkPublication(SV_DKG, checkSession, data);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a well-formed deposit check for this ceremony: /) });
  });

  it('a deposit check is refused on the ceremony\'s own DKG session, so the engine never sees one', () => {
    expect(refusal(good)).toMatch(/^not a well-formed sv-dkg\/1 envelope/);
  });

  it('other session names under the prefix are no deposit-check sessions', () => {
    for (const s of [`sv-deposit-check/${session.toUpperCase()}`, `sv-deposit-check/${session}0`, `sv-deposit-check/0x${session}`]) {
      expect(checkPublication(SV_DKG, s, good)).toMatchObject({ ok: false, reason: expect.stringMatching(/session must be a configHash/) });
    }
  });
});

describe('one policy per protocol', () => {
  it("'sv-dkg' serves the ceremony's protocols; a protocol alone serves only its sessions", () => {
    expect(SV_DKG.protocols.map((p) => p.protocol)).toEqual(['sv-dkg/1', 'sv-deposit-check/1']);
    const dkgOnly = acceptPolicy('sv-dkg/1');
    expect(checkPublication(dkgOnly, depositCheckSession(session), '{}')).toMatchObject({ ok: false, reason: expect.stringMatching(/^session must be a configHash/) });
    expect(checkPublication(dkgOnly, session, canonicalJson(envelope()))).toMatchObject({ ok: true });
  });

  it('any claims every session, so it is asked last whatever the order given', () => {
    expect(acceptPolicy('any,sv-dkg/1').protocols.map((p) => p.protocol)).toEqual(['sv-dkg/1', 'any']);
    expect(checkPublication(acceptPolicy('any,sv-dkg/1'), session, 'free text')).toMatchObject({ ok: false });
    expect(checkPublication(acceptPolicy('any,sv-dkg/1'), 'free', 'free text')).toMatchObject({ ok: true });
  });

  it('unknown names are refused by name', () => {
    expect(() => acceptPolicy('everything')).toThrow(UnknownProtocolError);
    expect(() => acceptPolicy('sv-dkg,nope')).toThrow(/"nope"/);
    expect(() => acceptPolicy(' , ')).toThrow(UnknownProtocolError);
  });

  it('the runner channel slot (sv-cluster/1) is declared, not served: refused, kept in memory, never waiting on peers', () => {
    const cluster = acceptPolicy('sv-cluster/1');
    expect(checkPublication(cluster, 'sv-cluster/abc', '{}')).toMatchObject({ ok: false, reason: expect.stringMatching(/not served/) });
    expect(sessionRetention(cluster, 'sv-cluster/abc', {})).toMatchObject({ store: 'memory', peers: 'background' });
    expect(checkPublication(SV_DKG, 'sv-cluster/abc', '{}')).toMatchObject({ ok: false, reason: expect.stringMatching(/^session must be/) });
  });

  it('limits: the defaults, then the protocol\'s own, then relay-wide --limit, then --limit <protocol>.<name>', () => {
    const checks = depositCheckSession(session);
    expect(sessionRetention(SV_DKG, session, {})).toEqual({ store: 'disk', peers: 'await', limits: expect.objectContaining({ maxMessageBytes: DEFAULT_STORE_LIMITS.maxMessageBytes }) });
    expect(sessionRetention(SV_DKG, checks, {}).limits.maxMessageBytes).toBe(16 * 1024);
    expect(sessionRetention(SV_DKG, checks, { maxMessageBytes: 2000 }).limits.maxMessageBytes).toBe(2000);
    expect(sessionRetention(SV_DKG, checks, { maxMessageBytes: 2000 }, { 'sv-deposit-check/1': { maxMessageBytes: 3000 } }).limits.maxMessageBytes).toBe(3000);
    // One protocol's override leaves the other's sessions alone.
    expect(sessionRetention(SV_DKG, session, {}, { 'sv-deposit-check/1': { maxSessionMessages: 7 } }).limits.maxSessionMessages).toBe(DEFAULT_STORE_LIMITS.maxSessionMessages);
  });

  it('every known protocol has a name, a session form and a retention', () => {
    for (const [name, p] of Object.entries(PROTOCOLS)) {
      expect(p.protocol).toBe(name);
      expect(p.sessionForm.length).toBeGreaterThan(0);
      expect(['disk', 'memory']).toContain(p.retention.store);
    }
  });
});
