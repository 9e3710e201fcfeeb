// The off-chain threshold rule t >= ceil(2n/3) (PROTOCOL.md §1): the boundary for every n from 3 to 16, in the
// rule itself and in the definition decoder every link, file and board message goes through.
import { describe, expect, it } from 'vitest';
import { minimumThreshold, parseDefinition, thresholdProblem } from '../../../src/core/dkg/definition.js';
import { makeDefinition, makeOperators } from '../../dkgHarness.js';

const BOUNDARY = Array.from({ length: 14 }, (_, k) => k + 3).map((n) => [n, Math.ceil((2 * n) / 3)] as const);

describe('threshold rule: t >= ceil(2n/3)', () => {
  it.each(BOUNDARY)('n = %i: t = %i is the smallest allowed', (n, min) => {
    expect(minimumThreshold(n)).toBe(min);
    expect(thresholdProblem(min, n)).toBeUndefined();
    expect(thresholdProblem(n, n)).toBeUndefined();
    expect(thresholdProblem(min - 1, n)).toMatch(new RegExp(`^the threshold must be at least ${min} of ${n}: two groups of ${min} operators must always share`));
    expect(thresholdProblem(n + 1, n)).toBe(`the threshold must be between ${min} and ${n}`);
  });

  it('states the reason in words', () => {
    expect(thresholdProblem(4, 7)).toBe('the threshold must be at least 5 of 7: two groups of 5 operators must always share an honest one when up to 2 are faulty');
    expect(thresholdProblem(6, 10)).toBe('the threshold must be at least 7 of 10: two groups of 7 operators must always share an honest one when up to 3 are faulty');
    expect(thresholdProblem(2, 4)).toBe('the threshold must be at least 3 of 4: two groups of 3 operators must always share an honest one when up to 1 is faulty');
    expect(thresholdProblem(1, 3)).toBe('the threshold must be at least 2 of 3: two groups of 2 operators must always share an operator');
    expect(thresholdProblem(2.5, 4)).toBe('the threshold must be between 3 and 4');
  });

  it.each(BOUNDARY)('n = %i: a definition with t = %i decodes, one with t - 1 is refused', (n, min) => {
    const ops = makeOperators(n, `threshold-${n}`);
    expect(parseDefinition(makeDefinition(ops, { t: min })).threshold).toBe(min);
    let caught: unknown;
    try {
      parseDefinition(makeDefinition(ops, { t: min - 1 }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'DKG_BAD_DEFINITION', message: expect.stringContaining(`the threshold must be at least ${min} of ${n}`), details: { field: 'threshold' } });
  });
});
