import { describe, expect, it } from 'vitest';
import {
  checkDepositAmount,
  depositAmountProblem,
  executionWithdrawalCredentials,
  formatGwei,
  GWEI_PER_ETH,
  maxDepositAmount,
  parseAddress,
  parseWithdrawalCredentials,
} from '../../../src/core/eth/index.js';
import { hex, toHex } from '../../helpers.js';

const code = (c: string) => expect.objectContaining({ code: c });
const ADDR = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const ETH = GWEI_PER_ETH;

describe('addresses', () => {
  it('accepts checksummed, all-lower and all-upper hex', () => {
    expect(toHex(parseAddress(ADDR))).toBe('5fbdb2315678afecb367f032d93f642f64180aa3');
    expect(toHex(parseAddress(ADDR.toLowerCase()))).toBe('5fbdb2315678afecb367f032d93f642f64180aa3');
    expect(toHex(parseAddress(`0x${ADDR.slice(2).toUpperCase()}`))).toBe('5fbdb2315678afecb367f032d93f642f64180aa3');
  });

  it.each([
    ['bad checksum', '0x5fbDB2315678afecb367f032d93F642f64180aa3'],
    ['no 0x', '5FbDB2315678afecb367f032d93F642f64180aa3'],
    ['too short', '0x5FbDB2315678afecb367f032d93F642f64180a'],
    ['not hex', '0x5FbDB2315678afecb367f032d93F642f64180aaz'],
    ['empty', ''],
  ])('rejects %s with ETH_BAD_ADDRESS', (_why, a) => {
    expect(() => parseAddress(a)).toThrow(code('ETH_BAD_ADDRESS'));
  });
});

describe('withdrawal credentials', () => {
  it('builds 0x01 and 0x02 credentials from an address', () => {
    expect(toHex(executionWithdrawalCredentials(ADDR))).toBe(`01${'00'.repeat(11)}5fbdb2315678afecb367f032d93f642f64180aa3`);
    expect(toHex(executionWithdrawalCredentials(ADDR, 0x02))).toBe(`02${'00'.repeat(11)}5fbdb2315678afecb367f032d93f642f64180aa3`);
    expect(() => executionWithdrawalCredentials('0x1234')).toThrow(code('ETH_BAD_ADDRESS'));
    expect(() => executionWithdrawalCredentials(ADDR, 0x03 as 0x01)).toThrow(code('ETH_BAD_CREDENTIALS'));
  });

  it('classifies by prefix and extracts the checksummed address', () => {
    expect(parseWithdrawalCredentials(executionWithdrawalCredentials(ADDR))).toEqual({ type: '0x01', address: ADDR });
    expect(parseWithdrawalCredentials(executionWithdrawalCredentials(ADDR, 0x02))).toEqual({ type: '0x02', address: ADDR });
    expect(parseWithdrawalCredentials(hex('0007a213a9a50ddf7e00e53267af1c131ed82fec947f1c9656b54f9a20f7a87f'))).toEqual({ type: '0x00' });
    expect(parseWithdrawalCredentials(new Uint8Array(32).fill(3))).toEqual({ type: 'unknown' });
  });

  it('requires the 11 padding bytes of 0x01/0x02 to be zero, and 32 bytes', () => {
    const c = executionWithdrawalCredentials(ADDR);
    c[5] = 1;
    expect(() => parseWithdrawalCredentials(c)).toThrow(code('ETH_BAD_CREDENTIALS'));
    expect(() => parseWithdrawalCredentials(new Uint8Array(31))).toThrow(code('ETH_BAD_CREDENTIALS'));
  });
});

describe('deposit amounts', () => {
  it('0x00/0x01: 1–32 ETH; 0x02: 1–2048 ETH (EIP-7251)', () => {
    expect(maxDepositAmount('0x01')).toBe(32n * ETH);
    expect(maxDepositAmount('0x02')).toBe(2048n * ETH);
    for (const t of ['0x00', '0x01'] as const) {
      expect(depositAmountProblem(ETH, t)).toBeUndefined();
      expect(depositAmountProblem(32n * ETH, t)).toBeUndefined();
      expect(depositAmountProblem(32n * ETH + 1n, t)).toMatch(/above the maximum 32 ETH/);
      expect(() => checkDepositAmount(33n * ETH, t)).toThrow(code('ETH_BAD_AMOUNT'));
    }
    expect(depositAmountProblem(2048n * ETH, '0x02')).toBeUndefined();
    expect(() => checkDepositAmount(2048n * ETH + 1n, '0x02')).toThrow(code('ETH_BAD_AMOUNT'));
    expect(() => checkDepositAmount(ETH - 1n, '0x02')).toThrow(code('ETH_BAD_AMOUNT'));
    expect(() => checkDepositAmount(0n, '0x01')).toThrow(code('ETH_BAD_AMOUNT'));
  });

  it('formats gwei as ETH', () => {
    expect(formatGwei(32n * ETH)).toBe('32 ETH');
    expect(formatGwei(1_500_000_000n)).toBe('1.5 ETH');
    expect(formatGwei(1n)).toBe('0.000000001 ETH');
  });
});
