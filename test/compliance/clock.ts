/**
 * The Clock compliance suite (ports/clock.ts): every Clock adapter (system, manual) must pass it. The fixture says
 * how time moves: the manual clock is advanced, the system clock is waited on (short real waits, so keep the
 * delays small).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/ports/clock.js';

/** What the adapter under test provides. */
export interface ClockFixture {
  clock: Clock;
  /** Let `ms` of this clock's time pass (and the timers due in it run). */
  pass(ms: number): Promise<void>;
  /** Tolerance of a timer firing after its due time, in ms (0 for a manual clock). */
  lateness: number;
  cleanup?: () => void;
}

/** Registers the Clock compliance tests for one adapter. */
export function clockCompliance(name: string, make: () => ClockFixture): void {
  describe(`Clock compliance: ${name}`, () => {
    let fixture: ClockFixture | undefined;
    const setup = () => (fixture = make());
    afterEach(() => {
      fixture?.cleanup?.();
      fixture = undefined;
    });

    it('now() is a finite number of ms that never goes backwards', async () => {
      const { clock, pass } = setup();
      const a = clock.now();
      await pass(5);
      const b = clock.now();
      expect(Number.isFinite(a)).toBe(true);
      expect(b).toBeGreaterThanOrEqual(a + 5);
    });

    it('setTimer runs once, not synchronously, no earlier than its delay', async () => {
      const { clock, pass } = setup();
      const start = clock.now();
      const at: number[] = [];
      clock.setTimer(10, () => at.push(clock.now()));
      expect(at).toEqual([]);
      await pass(30);
      expect(at).toHaveLength(1);
      expect(at[0]!).toBeGreaterThanOrEqual(start + 10);
      await pass(30);
      expect(at).toHaveLength(1);
    });

    it('timers run in due order, and FIFO among timers due at the same time', async () => {
      const { clock, pass } = setup();
      const order: string[] = [];
      const base = clock.now();
      clock.setTimerAt(base + 20, () => order.push('b20'));
      clock.setTimer(10, () => order.push('a10'));
      clock.setTimerAt(base + 20, () => order.push('c20'));
      clock.setTimer(0, () => order.push('z0'));
      await pass(50);
      expect(order).toEqual(['z0', 'a10', 'b20', 'c20']);
    });

    it('a cancelled timer never runs; cancelling twice or after it ran is harmless', async () => {
      const { clock, pass } = setup();
      const ran: string[] = [];
      const cancelA = clock.setTimer(10, () => ran.push('a'));
      const cancelB = clock.setTimer(5, () => ran.push('b'));
      cancelA();
      cancelA();
      await pass(30);
      cancelB();
      expect(ran).toEqual(['b']);
    });

    it('a zero, negative or non-finite delay and a past time mean "soon", never "now"', async () => {
      const { clock, pass } = setup();
      const ran: string[] = [];
      clock.setTimer(0, () => ran.push('zero'));
      clock.setTimer(-5, () => ran.push('negative'));
      clock.setTimer(Number.NaN, () => ran.push('nan'));
      clock.setTimerAt(clock.now() - 1000, () => ran.push('past'));
      expect(ran).toEqual([]);
      await pass(20);
      expect([...ran].sort()).toEqual(['nan', 'negative', 'past', 'zero']);
    });

    it('a timer may set and cancel timers', async () => {
      const { clock, pass } = setup();
      const ran: string[] = [];
      let cancelLate: () => void = () => undefined;
      clock.setTimer(5, () => {
        ran.push('first');
        clock.setTimer(5, () => ran.push('second'));
        cancelLate();
      });
      cancelLate = clock.setTimer(20, () => ran.push('late'));
      await pass(40);
      expect(ran).toEqual(['first', 'second']);
    });

    it('a timer sees now() at or after its due time', async () => {
      const { clock, pass, lateness } = setup();
      const due = clock.now() + 15;
      let seen = -1;
      clock.setTimerAt(due, () => (seen = clock.now()));
      await pass(40);
      expect(seen).toBeGreaterThanOrEqual(due);
      expect(seen).toBeLessThanOrEqual(due + Math.max(lateness, 0) + 40);
    });
  });
}
