// The on-chain deposit check on crafted DepositEvent logs signed with real BLS keys: decoding and its length
// checks, and the beacon chain's rule (the first deposit with a valid signature sets the credentials).
import { describe, expect, it } from 'vitest';
import {
  checkOnchainDeposits,
  decodeDepositEvent,
  decodeDepositEvents,
  describeCredentials,
  parseExpectedCredentialsInput,
  parsePubkeyInput,
  type RawDepositEvent,
} from '../../../src/core/eth/depositEvents.js';
import { credentialsLabel, credentialsTitle, depositRoleInWords, depositSearchStart, onchainSummary, targetsFromDepositFile } from '../../../src/app/onchainDepositsView.js';
import { depositCheckBlockers } from '../../../src/app/vaultDeposit.js';
import { encodeSecretKey } from '../../../src/core/bls/index.js';
import { bigIntToBytesLE, bytesToHex, hexToBytes } from '../../../src/core/bytes.js';
import { createDepositData, executionWithdrawalCredentials, getNetwork, type DepositEntry } from '../../../src/core/eth/index.js';

const devnet = getNetwork('devnet');
const VAULT = '0x1111111111111111111111111111111111111111';
const ATTACKER = '0x2222222222222222222222222222222222222222';
const ETH = 1_000_000_000n;
const h = (b: Uint8Array) => `0x${bytesToHex(b)}`;

function deposit(seed: bigint, to: string, amount = 32n * ETH, prefix: 0x01 | 0x02 = 0x01, network = devnet): DepositEntry {
  return createDepositData(encodeSecretKey(seed), { withdrawalCredentials: executionWithdrawalCredentials(to, prefix), amount, network });
}

let nextIndex = 0n;
/** The log the deposit contract emits for `d`, in block `block`. */
function event(d: DepositEntry, block: bigint, over: Partial<RawDepositEvent> = {}): RawDepositEvent {
  const index = nextIndex++;
  return {
    pubkey: h(d.pubkey),
    withdrawalCredentials: h(d.withdrawalCredentials),
    amount: h(bigIntToBytesLE(d.amount, 8)),
    signature: h(d.signature),
    index: h(bigIntToBytesLE(index, 8)),
    blockNumber: block,
    transactionHash: `0x${block.toString(16).padStart(64, '0')}`,
    logIndex: 0,
    ...over,
  };
}

const honest = deposit(1n, VAULT);
const KEY = h(honest.pubkey);
const vaultCreds = h(honest.withdrawalCredentials);
const attacker = deposit(1n, ATTACKER, 1n * ETH);
const other = deposit(2n, VAULT);

function check(events: RawDepositEvent[], expectedCredentials?: string, pubkey = KEY) {
  const targets = [expectedCredentials === undefined ? { pubkey } : { pubkey, expectedCredentials }];
  return checkOnchainDeposits({ targets, events, network: devnet });
}

describe('decodeDepositEvent', () => {
  it('reads the little-endian amount and index and the byte fields as bytes', () => {
    const raw = event(honest, 5n, { index: '0x0201000000000000' });
    expect(raw.amount).toBe('0x0040597307000000');
    const d = decodeDepositEvent(raw);
    expect(d).toEqual({
      deposit: { pubkey: honest.pubkey, withdrawalCredentials: honest.withdrawalCredentials, amount: 32n * ETH, signature: honest.signature, index: 258n, blockNumber: 5n, transactionHash: raw.transactionHash, logIndex: 0 },
    });
  });

  it('reports every wrong length, and keeps the pubkey when it is readable', () => {
    const d = decodeDepositEvent(event(honest, 1n, { amount: '0x00405973070000', signature: '0x1234' }));
    expect(d).toMatchObject({ malformed: { pubkey: honest.pubkey, problems: ['amount is 7 bytes, expected 8', 'signature is 2 bytes, expected 96'] } });
    const noKey = decodeDepositEvent(event(honest, 1n, { pubkey: KEY.slice(0, -2), index: 'zz' }));
    expect(noKey).toMatchObject({ malformed: { pubkey: null, problems: ['pubkey is 47 bytes, expected 48', 'index is not hex'] } });
    const undecodable = decodeDepositEvent({ blockNumber: 3n, transactionHash: '0xab', logIndex: 2, undecodable: 'data too short' });
    expect(undecodable).toMatchObject({ malformed: { pubkey: null, problems: ['the log is not a DepositEvent: data too short'] } });
    const missing = decodeDepositEvent({ blockNumber: 3n, transactionHash: '0xab', logIndex: 2, pubkey: KEY });
    expect('malformed' in missing && missing.malformed.problems).toEqual(['withdrawal_credentials is missing', 'amount is missing', 'signature is missing', 'index is missing']);
  });

  it('puts deposits in chain order (block, then log index)', () => {
    const { deposits } = decodeDepositEvents([event(honest, 9n, { logIndex: 1 }), event(other, 9n, { logIndex: 0 }), event(attacker, 2n)]);
    expect(deposits.map((d) => [d.blockNumber, d.logIndex])).toEqual([
      [2n, 0],
      [9n, 0],
      [9n, 1],
    ]);
  });
});

describe('checkOnchainDeposits', () => {
  it('passes one valid deposit with the expected credentials (given as credentials or as the address)', () => {
    for (const expected of [vaultCreds, VAULT, undefined]) {
      const r = check([event(honest, 10n)], expected);
      expect(r.state).toBe('ok');
      const [v] = r.verdicts;
      expect(v).toMatchObject({ pubkey: KEY, state: 'ok', totalAmount: 32n * ETH, effectiveCredentials: honest.withdrawalCredentials, problems: [], notes: [] });
      expect(v!.deposits).toHaveLength(1);
      expect(v!.deposits[0]).toMatchObject({ role: 'creates', signatureCheck: 'valid', credentialsExpected: expected === undefined ? null : true, blockNumber: 10n });
    }
  });

  it('an address matches 0x02 credentials of it too, but not another address', () => {
    const compounding = deposit(3n, VAULT, 32n * ETH, 0x02);
    expect(check([event(compounding, 1n)], VAULT, h(compounding.pubkey)).state).toBe('ok');
    expect(check([event(compounding, 1n)], ATTACKER, h(compounding.pubkey)).verdicts[0]!.problems[0]!.code).toBe('ONCHAIN_WRONG_CREDENTIALS');
  });

  it('fails a front-run: an earlier valid deposit with other credentials wins, the honest one only tops up', () => {
    const r = check([event(honest, 20n), event(attacker, 19n)], vaultCreds);
    expect(r.state).toBe('fail');
    const v = r.verdicts[0]!;
    expect(v.effectiveCredentials).toEqual(attacker.withdrawalCredentials);
    expect(v.deposits.map((d) => [d.blockNumber, d.role, d.credentialsExpected])).toEqual([
      [19n, 'creates', false],
      [20n, 'top-up', true],
    ]);
    expect(v.problems.map((p) => p.code)).toEqual(['ONCHAIN_FRONT_RUN']);
    expect(v.problems[0]!.message).toMatch(/^an earlier deposit \(block 19, deposit index \d+\) set other withdrawal credentials, 0x01 credentials of address 0x2222222222222222222222222222222222222222: the validator's funds would go there/);
    expect(v.totalAmount).toBe(33n * ETH);
  });

  it('without expected credentials, a front-run still fails: the deposits disagree', () => {
    const v = check([event(attacker, 1n), event(honest, 2n)]).verdicts[0]!;
    expect(v.state).toBe('fail');
    expect(v.problems.map((p) => p.code)).toEqual(['ONCHAIN_CREDENTIALS_DISAGREE']);
    expect(v.problems[0]!.message).toContain('address 0x2222222222222222222222222222222222222222');
  });

  it('fails a deposit with credentials other than the expected ones', () => {
    const v = check([event(attacker, 4n)], vaultCreds).verdicts[0]!;
    expect(v.problems.map((p) => p.code)).toEqual(['ONCHAIN_WRONG_CREDENTIALS']);
    expect(v.problems[0]!.message).toContain(`not the expected 0x01 credentials of address ${VAULT}`);
  });

  it('a first deposit with a bad signature is ignored (funds lost), and the next valid one creates the validator', () => {
    const holeskySigned = deposit(1n, VAULT, 32n * ETH, 0x01, getNetwork('holesky')); // right key, wrong domain
    const r = check([event(holeskySigned, 1n), event(honest, 2n)], vaultCreds);
    const v = r.verdicts[0]!;
    expect(v.state).toBe('fail');
    expect(v.deposits.map((d) => [d.role, d.signatureCheck])).toEqual([
      ['ignored', 'invalid'],
      ['creates', 'valid'],
    ]);
    expect(v.problems.map((p) => p.code)).toEqual(['ONCHAIN_BAD_SIGNATURE']);
    expect(v.problems[0]!.message).toContain('its 32 ETH are lost');
    expect(v.effectiveCredentials).toEqual(honest.withdrawalCredentials);
  });

  it('fails when no deposit has a valid signature (a flipped byte)', () => {
    const sig = h(honest.signature);
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('00') ? '01' : '00'}`;
    const v = check([event(honest, 1n, { signature: flipped })], vaultCreds).verdicts[0]!;
    expect(v.problems.map((p) => p.code)).toEqual(['ONCHAIN_NO_VALID_DEPOSIT']);
    expect(v.problems[0]!.message).toMatch(/no deposit for this key has a valid signature for devnet.*\(32 ETH\) is lost/);
    expect(v.effectiveCredentials).toBeNull();
  });

  it('accepts top-ups after a valid first deposit, whatever their signature, and notes other credentials', () => {
    const topUp = deposit(1n, VAULT, 1n * ETH);
    const strangerTopUp = deposit(1n, ATTACKER, 2n * ETH);
    const badSig = h(deposit(9n, VAULT, 1n * ETH).signature); // another key's signature
    const v = check([event(honest, 1n), event(topUp, 2n, { signature: badSig }), event(strangerTopUp, 3n)], vaultCreds).verdicts[0]!;
    expect(v.state).toBe('ok');
    expect(v.deposits.map((d) => [d.role, d.signatureCheck])).toEqual([
      ['creates', 'valid'],
      ['top-up', 'not-checked'],
      ['top-up', 'not-checked'],
    ]);
    expect(v.totalAmount).toBe(35n * ETH);
    expect(v.notes).toEqual([expect.stringContaining('The deposit in block 3 names other credentials') as unknown as string]);
  });

  it('notes when less than 32 ETH is deposited', () => {
    const small = deposit(1n, VAULT, 1n * ETH);
    const v = check([event(small, 1n)], vaultCreds).verdicts[0]!;
    expect(v.state).toBe('ok');
    expect(v.notes).toEqual(['1 ETH deposited so far: a validator needs 32 ETH to be activated.']);
  });

  it('fails a key whose event is malformed, and the whole report for an event with no readable key', () => {
    const attributed = check([event(honest, 1n), event(topUpOf(honest), 2n, { amount: '0x01' })], vaultCreds);
    expect(attributed.state).toBe('fail');
    expect(attributed.verdicts[0]!.problems.map((p) => p.code)).toEqual(['ONCHAIN_MALFORMED_EVENT']);
    expect(attributed.verdicts[0]!.problems[0]!.message).toContain('amount is 1 bytes, expected 8');
    const orphan = check([event(honest, 1n), event(other, 2n, { pubkey: '0x12' })], vaultCreds);
    expect(orphan.verdicts[0]!.state).toBe('ok');
    expect(orphan.state).toBe('fail');
    expect(orphan.unreadable).toHaveLength(1);
    expect(orphan.problems[0]!.message).toMatch(/could not be read \(pubkey is 1 bytes, expected 48\).*contract address may be wrong/);
  });

  it('says none when nothing was deposited, ignores other keys, and counts mixed results', () => {
    const none = check([event(other, 1n)], vaultCreds);
    expect(none.state).toBe('none');
    expect(none.verdicts[0]).toMatchObject({ state: 'none', deposits: [], totalAmount: 0n, problems: [] });
    const mixed = checkOnchainDeposits({ targets: [{ pubkey: KEY }, { pubkey: h(deposit(7n, VAULT).pubkey) }], events: [event(honest, 1n)], network: devnet });
    expect(mixed.state).toBe('ok');
    expect(mixed.counts).toEqual({ ok: 1, fail: 0, none: 1 });
    const failed = checkOnchainDeposits({ targets: [{ pubkey: KEY, expectedCredentials: VAULT }, { pubkey: h(attacker.pubkey) }], events: [event(attacker, 1n)], network: devnet });
    expect(failed.counts).toEqual({ ok: 0, fail: 1, none: 0 });
  });

  it('fails an unreadable key or expectation, and merges duplicate keys', () => {
    expect(check([], undefined, '0x1234').verdicts[0]!.problems[0]!.code).toBe('ONCHAIN_BAD_PUBKEY');
    expect(check([event(honest, 1n)], '0x1234').verdicts[0]!.state).toBe('fail');
    const dup = checkOnchainDeposits({ targets: [{ pubkey: KEY }, { pubkey: KEY.toUpperCase().replace('0X', '0x') }], events: [event(honest, 1n)], network: devnet });
    expect(dup.verdicts).toHaveLength(1);
  });

  it('keeps the first of duplicate targets, readable or not', () => {
    const first = checkOnchainDeposits({ targets: [{ pubkey: KEY, expectedCredentials: VAULT }, { pubkey: KEY.slice(2) }], events: [event(honest, 1n)], network: devnet });
    expect(first.verdicts).toHaveLength(1);
    expect(first.verdicts[0]!.expected).toEqual(hexToBytes(VAULT));
    const unreadable = checkOnchainDeposits({ targets: [{ pubkey: '0x1234' }, { pubkey: '0x1234' }, { pubkey: KEY }], events: [], network: devnet });
    expect(unreadable.verdicts.map((v) => v.pubkey)).toEqual(['0x1234', KEY]);
  });
});

function topUpOf(d: DepositEntry): DepositEntry {
  return { ...d, amount: 1n * ETH };
}

describe('inputs', () => {
  it('parsePubkeyInput normalises or says why not', () => {
    expect(parsePubkeyInput(`  ${KEY.toUpperCase().replace('0X', '0x')} `)).toEqual({ pubkey: KEY });
    expect(parsePubkeyInput(KEY.slice(2))).toEqual({ pubkey: KEY });
    expect(parsePubkeyInput('')).toEqual({ error: expect.stringContaining('Enter a validator public key') });
    expect(parsePubkeyInput('0xzz')).toEqual({ error: expect.stringContaining('only 0-9 and a-f') });
    expect(parsePubkeyInput(KEY.slice(0, -2))).toEqual({ error: 'A public key is 48 bytes (96 hex digits); this has 94 digits.' });
  });

  it('parseExpectedCredentialsInput takes credentials or an address', () => {
    expect(parseExpectedCredentialsInput(vaultCreds)).toEqual({ expected: vaultCreds });
    expect(parseExpectedCredentialsInput('0xAbCd000000000000000000000000000000000000')).toEqual({ expected: '0xabcd000000000000000000000000000000000000' });
    expect(parseExpectedCredentialsInput('0x12')).toHaveProperty('error');
  });

  it('targetsFromDepositFile takes each readable key once with its credentials', () => {
    const row = { pubkey: KEY.slice(2), withdrawal_credentials: vaultCreds.slice(2) };
    expect(targetsFromDepositFile([row, row, { pubkey: 'nope' }, 7])).toEqual([{ pubkey: KEY, expectedCredentials: vaultCreds }]);
    expect(targetsFromDepositFile({})).toEqual([]);
  });

  it('describeCredentials names the address', () => {
    expect(describeCredentials(honest.withdrawalCredentials)).toBe(`0x01 credentials of address ${VAULT}`);
    expect(describeCredentials(executionWithdrawalCredentials(VAULT, 0x02))).toBe(`0x02 credentials of address ${VAULT}`);
    expect(describeCredentials(hexToBytes(`0x00${'ab'.repeat(31)}`))).toBe(`0x00 (BLS key) credentials 0x00${'ab'.repeat(31)}`);
    expect(describeCredentials(Uint8Array.of(7))).toBe('credentials 0x07');
  });
});

describe('presentation', () => {
  it('onchainSummary says what happened in one sentence', () => {
    expect(onchainSummary(check([event(honest, 1n)], vaultCreds))).toMatch(/^Deposited correctly/);
    expect(onchainSummary(check([event(honest, 1n)]))).toMatch(/^Deposited: the first valid deposit for this key set its credentials/);
    expect(onchainSummary(check([], vaultCreds))).toBe('No deposit for this key was found on chain.');
    expect(onchainSummary(check([event(attacker, 1n), event(honest, 2n)], vaultCreds))).toMatch(/has a problem on chain/);
    const many = checkOnchainDeposits({
      targets: [{ pubkey: KEY }, { pubkey: h(other.pubkey) }, { pubkey: '0x12' }],
      events: [event(honest, 1n), event(other, 2n, { pubkey: '0x12' })],
      network: devnet,
    });
    expect(onchainSummary(many)).toBe('1 of 3 keys deposited correctly, 1 with a problem, 1 not found on chain, and 1 unreadable event.');
  });

  it('depositSearchStart starts at the deposit contract\'s creation block, and at 0 for another contract', () => {
    expect(depositSearchStart(getNetwork('mainnet'), '0x00000000219ab540356cbb839cbe05303d7705fa')).toBe(11_052_984n);
    expect(depositSearchStart(getNetwork('sepolia'), getNetwork('sepolia').depositContract)).toBe(1_273_020n);
    expect(depositSearchStart(getNetwork('mainnet'), VAULT)).toBe(0n);
    expect(depositSearchStart(devnet, devnet.depositContract)).toBe(0n);
  });

  it('credentialsLabel shortens the address, or the hex', () => {
    expect(credentialsLabel(honest.withdrawalCredentials)).toBe('0x01 0x1111…1111');
    expect(credentialsLabel(hexToBytes(`0x00${'ab'.repeat(31)}`))).toBe('0x00ababab…ababab');
    expect(credentialsLabel(Uint8Array.of(7))).toBe('0x07');
    expect(credentialsTitle(honest.withdrawalCredentials)).toBe(`0x01 credentials of address ${VAULT}: ${vaultCreds}`);
  });

  it('depositRoleInWords', () => {
    expect(['creates', 'top-up', 'ignored'].map((r) => depositRoleInWords(r as 'creates'))).toEqual(['creates the validator', 'top-up', 'ignored: ether lost']);
  });
});

describe('what forbids signing the vault deposit check', () => {
  it('a front-run with other credentials blocks; nothing on chain, or the vault’s own deposit, does not', () => {
    expect(depositCheckBlockers(check([], vaultCreds))).toEqual([]);
    expect(depositCheckBlockers(check([event(honest, 1n)], vaultCreds))).toEqual([]);
    const frontRun = depositCheckBlockers(check([event(attacker, 1n), event(honest, 2n)], vaultCreds));
    expect(frontRun).toHaveLength(1);
    expect(frontRun[0]).toMatch(/other withdrawal credentials/);
  });

  it('an earlier deposit with an invalid signature does not block (anyone could make one to stall the vault)', () => {
    const sig = h(attacker.signature);
    const junk = event(attacker, 1n, { signature: `${sig.slice(0, -2)}${sig.endsWith('00') ? '01' : '00'}` });
    const report = check([junk], vaultCreds);
    expect(report.state).toBe('fail');
    expect(depositCheckBlockers(report)).toEqual([]);
  });
});
