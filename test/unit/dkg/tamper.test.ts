/**
 * Tampering with ceremony.json (PROTOCOL.md §6: anyone can re-verify it): one successful 3-of-4, V = 2 record from
 * the sync harness, then one mutation per field kind. Each must make `verifyTranscript` return valid:false with a
 * reason in words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ceremonyFile, verifyTranscript, type CeremonyFile } from '../../../src/core/dkg/index.js';
import { makeDefinition, makeOperators, makeParticipants, simulate } from '../../dkgHarness.js';
import { seededBytes } from '../../helpers.js';

// The file as a parsed JSON tree (what `sv transcript verify` reads): mutations may break its types on purpose.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let base: CeremonyFile;
const opts = { randomBytes: seededBytes('tamper/weights') };
const copy = (): Json => JSON.parse(JSON.stringify(base));

/** Change the last hex digit of a 0x-hex (or bare hex) string. */
const flip = (h: string): string => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
/** Change one byte in the middle of a hex string (a "signature byte"). */
const flipByte = (h: string): string => {
  const at = h.length - 20;
  return h.slice(0, at) + (h[at] === 'f' ? 'e' : 'f') + h.slice(at + 1);
};
const ROUNDS = ['approvals', 'deals', 'acks', 'confirms'] as const;
const OTHER = '0x2222222222222222222222222222222222222222';

beforeAll(() => {
  const ops = makeOperators(4, 'tamper');
  const def = makeDefinition(ops, { V: 2 });
  const parts = makeParticipants(def, ops, 'tamper');
  simulate(parts);
  for (const p of parts) expect(p.state.phase, JSON.stringify(p.state.abort)).toBe('succeeded');
  base = JSON.parse(JSON.stringify(ceremonyFile(parts[1]!.state))) as CeremonyFile;
});

describe('tamper: the untouched file', () => {
  it('verifies', () => {
    expect(verifyTranscript(copy(), opts)).toEqual({ valid: true, status: 'success', problems: [] });
  });

  it('a record of an abort for a missing confirmation verifies when it names the silent participant', () => {
    const f = copy();
    f.messages.confirms[3] = null;
    f.validators = [];
    f.status = { aborted: { reason: 'timeout', culprits: [4], message: 'no confirmation from participant 4', evidence: [] } };
    const v = verifyTranscript(f, opts);
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ valid: true, status: 'aborted', abort: { reason: 'timeout', culprits: [4] } });
  });
});

const mutations: [string, (f: Json) => void][] = [
  // definition
  ['definition.threshold', (f) => void (f.definition.threshold = 4)],
  ['definition operator address', (f) => void (f.definition.operators[1].address = OTHER)],
  ['definition operators swapped', (f) => void f.definition.operators.reverse()],
  ['definition amount', (f) => void (f.definition.validators[0].amountGwei = '31000000000')],
  ['definition withdrawal credentials', (f) => void (f.definition.validators[1].withdrawalCredentials = flip(f.definition.validators[1].withdrawalCredentials))],
  ['definition network', (f) => void (f.definition.network.genesisForkVersion = '0x00000000')],
  ['definition deadline', (f) => void (f.definition.deadlines.confirm += 1)],
  // header hashes
  ['configHash', (f) => void (f.configHash = flip(f.configHash))],
  ['sid', (f) => void (f.sid = flip(f.sid))],
  ['sid null', (f) => void (f.sid = null)],
  ['transcriptHash', (f) => void (f.transcriptHash = flip(f.transcriptHash))],
  ['transcriptHash null', (f) => void (f.transcriptHash = null)],
  // every round's envelopes
  ...ROUNDS.flatMap((r): [string, (f: Json) => void][] => [
    [`${r}: a signature byte`, (f) => void (f.messages[r][1].sig = flipByte(f.messages[r][1].sig))],
    [`${r}: the sender`, (f) => void (f.messages[r][1].sender = 3)],
    [`${r}: the sid`, (f) => void (f.messages[r][1].sid = flip(f.messages[r][1].sid))],
    [`${r}: the round`, (f) => void (f.messages[r][1].round = (f.messages[r][1].round + 1) % 4)],
    [`${r}: two envelopes swapped`, (f) => void ([f.messages[r][0], f.messages[r][2]] = [f.messages[r][2], f.messages[r][0]])],
    [`${r}: a message removed (null)`, (f) => void (f.messages[r][2] = null)],
    [`${r}: a message removed (shorter list)`, (f) => void f.messages[r].splice(2, 1)],
    [`${r}: a message duplicated in another slot`, (f) => void (f.messages[r][3] = f.messages[r][0])],
  ]),
  // body fields of each round
  ['approval body: encryption key', (f) => void (f.messages.approvals[2].body.encryptionKey = flip(f.messages.approvals[2].body.encryptionKey))],
  ['approval body: wallet signature', (f) => void (f.messages.approvals[2].body.signature = flipByte(f.messages.approvals[2].body.signature))],
  ['approval body: index', (f) => void (f.messages.approvals[2].body.index = 2)],
  ['deal body: R', (f) => void (f.messages.deals[0].body.R = flip(f.messages.deals[0].body.R))],
  ['deal body: a commitment', (f) => void (f.messages.deals[0].body.validators[1].commitments[1] = f.messages.deals[0].body.validators[0].commitments[1])],
  ['deal body: a commitment dropped', (f) => void f.messages.deals[0].body.validators[0].commitments.pop()],
  ['deal body: a ciphertext', (f) => void (f.messages.deals[3].body.shares[0].ct = flipByte(f.messages.deals[3].body.shares[0].ct))],
  ['ack body: a seen hash', (f) => void (f.messages.acks[1].body.seen[2].bodyHash = flip(f.messages.acks[1].body.seen[2].bodyHash))],
  ['ack body: a seen signature', (f) => void (f.messages.acks[1].body.seen[0].sig = flipByte(f.messages.acks[1].body.seen[0].sig))],
  ['confirm body: T', (f) => void (f.messages.confirms[0].body.T = flip(f.messages.confirms[0].body.T))],
  ['confirm body: a deposit partial', (f) => void (f.messages.confirms[2].body.validators[1].deposit = f.messages.confirms[1].body.validators[1].deposit)],
  ['confirm body: a lock partial', (f) => void (f.messages.confirms[2].body.validators[0].lock = f.messages.confirms[2].body.validators[1].lock)],
  // validator outputs
  ['validator publicKey', (f) => void (f.validators[0].publicKey = f.validators[1].publicKey)],
  ['validator publicShares (two swapped)', (f) => void f.validators[1].publicShares.reverse()],
  ['validator publicShares (one replaced)', (f) => void (f.validators[0].publicShares[2] = f.validators[1].publicShares[2])],
  ['validator groupCommitments', (f) => void (f.validators[1].groupCommitments[1] = f.validators[0].groupCommitments[1])],
  ['depositData signature', (f) => void (f.validators[0].depositData.signature = flipByte(f.validators[0].depositData.signature))],
  ['depositData deposit_message_root', (f) => void (f.validators[0].depositData.deposit_message_root = flip(f.validators[0].depositData.deposit_message_root))],
  ['depositData deposit_data_root', (f) => void (f.validators[1].depositData.deposit_data_root = flip(f.validators[1].depositData.deposit_data_root))],
  ['depositData amount', (f) => void (f.validators[0].depositData.amount = 1000000000)],
  ['depositData fork_version', (f) => void (f.validators[0].depositData.fork_version = '00000000')],
  ['lockSignature', (f) => void (f.validators[1].lockSignature = f.validators[0].lockSignature)],
  ['validators swapped', (f) => void f.validators.reverse()],
  ['a validator output removed', (f) => void f.validators.pop()],
  ['an unexpected field', (f) => void (f.validators[0].note = 'hello')],
  // status
  ['status success -> aborted (timeout)', (f) => void (f.status = { aborted: { reason: 'timeout', culprits: [], message: '', evidence: [] } })],
  ['status success -> aborted (blaming 2)', (f) => void (f.status = { aborted: { reason: 'invalid-deal', culprits: [2], message: 'x', evidence: [] } })],
  ['status garbage', (f) => void (f.status = 'ok')],
  [
    'abort with the wrong culprits (timeout naming 2 for a missing confirmation of 4)',
    (f) => {
      f.messages.confirms[3] = null;
      f.validators = [];
      f.status = { aborted: { reason: 'timeout', culprits: [2], message: '', evidence: [] } };
    },
  ],
  [
    'abort with the wrong reason (a missing confirmation recorded as a bad deal)',
    (f) => {
      f.messages.confirms[3] = null;
      f.validators = [];
      f.status = { aborted: { reason: 'invalid-deal', culprits: [4], message: '', evidence: [] } };
    },
  ],
  ['format', (f) => void (f.format = 'sv-ceremony/2')],
];

describe('tamper: every mutation fails verifyTranscript with a reason', () => {
  it.each(mutations)('%s', (_name, mutate) => {
    const f = copy();
    mutate(f);
    const v = verifyTranscript(f, opts);
    expect(v.valid, JSON.stringify(v)).toBe(false);
    expect(v.problems.length).toBeGreaterThan(0);
    expect(v.problems[0]!.length).toBeGreaterThan(0);
    expect(v.problems[0]).not.toMatch(/^unexpected:/);
  });
});

describe('tamper: an abort must be proven, not just claimed', () => {
  // A record that blames someone for equivocation must carry the two conflicting signed messages.
  it('an equivocation abort without evidence, blaming an honest participant, is rejected', () => {
    const f = copy();
    f.messages.confirms[3] = null;
    f.validators = [];
    f.status = { aborted: { reason: 'equivocation', culprits: [1], message: 'participant 1 signed two different messages', evidence: [] } };
    const v = verifyTranscript(f, opts);
    expect(v.valid, JSON.stringify(v)).toBe(false);
  });

  it('an equivocation abort at the approval round without evidence is rejected', () => {
    const f = copy();
    for (const r of ['deals', 'acks', 'confirms']) f.messages[r] = [null, null, null, null];
    f.messages.approvals[3] = null;
    f.sid = null;
    f.transcriptHash = null;
    f.validators = [];
    f.status = { aborted: { reason: 'equivocation', culprits: [2], message: 'x', evidence: [] } };
    const v = verifyTranscript(f, opts);
    expect(v.valid, JSON.stringify(v)).toBe(false);
  });
});
