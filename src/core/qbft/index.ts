/** QBFT, the public API: the pure machine, its hashes, the leader rule, the round schedule and the codec. */
export type * from './types.js';
export { initialState, MAX_ROUNDS_AHEAD, DEFAULT_MAX_BUFFERED } from './state.js';
export type { QbftState, QbftIdle, QbftRound, QbftDecided, Prepared, LogEntry } from './state.js';
export { step } from './step.js';
export { valueHash, makeValue, messageDigest, DUTY_KINDS } from './digest.js';
export { leaderOf } from './leader.js';
export { faultsOf, quorumOf, MAX_MEMBERS } from './quorum.js';
export { dutyStartsAt, dutyDeadline, roundEndsAt, roundDurationMs, FIRST_ROUND_MS, ROUND_INCREMENT_MS } from './timers.js';
export type { SlotTiming } from './timers.js';
export { encodeQbftMessage, decodeQbftMessage, QBFT_CODEC_VERSION, DEFAULT_MAX_VALUE_BYTES } from './codec.js';
export type { CodecLimits } from './codec.js';
