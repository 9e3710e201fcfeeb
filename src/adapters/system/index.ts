/** System adapters: what the host itself provides (the wall clock and its timers). */
export { createSystemClock } from './systemClock.js';
