/** Ports: the interfaces between the use-cases and the world. Adapters implement them. */
export type { Board, BoardMessage } from './board.js';
export type { SecretStore } from './secretStore.js';
