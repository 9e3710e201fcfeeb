/** Ports: the interfaces between the use-cases and the world. Adapters implement them. */
export type { Board, BoardMessage } from './board.js';
export type { SecretStore } from './secretStore.js';
export type { CancelTimer, Clock, ManualClock, ClockErrorCode } from './clock.js';
export { ClockError } from './clock.js';
