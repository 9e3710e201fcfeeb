/**
 * The libp2p adapters: the relay-only Board (browser and Node), the transports each side dials relays with, and
 * the frame channel (length-prefixed JSON frames on one stream) that the relay program serves the board with.
 * Programs (src/cli, relay/) import this folder only through this file. The frames themselves are pure:
 * src/core/wire/frames.ts.
 */
export { createLibp2pBoard, NEUTRAL_USER_AGENT, DEFAULT_MAX_MESSAGE_BYTES } from './libp2pBoard.js';
export type { Libp2pBoard, Libp2pBoardInit, RelayStatus } from './libp2pBoard.js';
export { nodeRelays, nodeTransports } from './nodeTransports.js';
export { browserRelays, browserTransports, localDevGater } from './browserTransports.js';
export { encodeFrame, FrameDecoder, openFrameChannel } from './frameChannel.js';
export type { Frame, FrameChannel, FrameChannelHandlers } from './frameChannel.js';
export { BOARD_PROTOCOL } from '../../core/wire/frames.js';
