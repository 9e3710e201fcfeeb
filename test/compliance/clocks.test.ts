import { describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { createManualClock } from '../../src/adapters/memory/index.js';
import { clockCompliance } from './clock.js';

clockCompliance('system clock', () => ({
  clock: createSystemClock(),
  pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms + 5)),
  lateness: 50,
}));

clockCompliance('manual clock', () => {
  const clock = createManualClock({ startMs: 1_700_000_000_000 });
  return { clock, pass: async (ms) => clock.advance(ms), lateness: 0 };
});

describe('manual clock specifics', () => {
  it('jumpTo runs each due timer once at the new time, so a re-arming timer does not storm', () => {
    const clock = createManualClock();
    let runs = 0;
    const tick = () => {
      runs++;
      clock.setTimer(200, tick);
    };
    clock.setTimer(200, tick);
    clock.jumpTo(3_600_000);
    expect(runs).toBe(1);
    expect(clock.now()).toBe(3_600_000);
    expect(clock.nextTimerAt()).toBe(3_600_200);
  });

  it('advanceTo never moves backwards; runUntilIdle refuses a runaway timer with a code', () => {
    const clock = createManualClock({ startMs: 100 });
    clock.advanceTo(50);
    expect(clock.now()).toBe(100);
    const again = () => void clock.setTimer(1, again);
    again();
    expect(() => clock.runUntilIdle(1000)).toThrow(expect.objectContaining({ code: 'CLOCK_RUNAWAY' }));
    expect(() => clock.advance(-1)).toThrow(expect.objectContaining({ code: 'CLOCK_BAD_TIME' }));
  });

  it('pending and nextTimerAt follow set, cancel and run', () => {
    const clock = createManualClock();
    const cancel = clock.setTimer(10, () => undefined);
    clock.setTimer(20, () => undefined);
    expect(clock.pending()).toBe(2);
    expect(clock.nextTimerAt()).toBe(10);
    cancel();
    expect(clock.nextTimerAt()).toBe(20);
    clock.runUntilIdle();
    expect(clock.pending()).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
  });
});
