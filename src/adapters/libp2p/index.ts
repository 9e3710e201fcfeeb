/** The libp2p adapters: the relay-only Board (browser and Node) and the board wire protocol. */
export { createLibp2pBoard, NEUTRAL_USER_AGENT, DEFAULT_MAX_MESSAGE_BYTES } from './libp2pBoard.js';
export type { Libp2pBoard, Libp2pBoardInit, RelayStatus } from './libp2pBoard.js';
export { BOARD_PROTOCOL } from './boardProtocol.js';
