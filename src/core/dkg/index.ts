/** sv-dkg/1: the ceremony engine (PROTOCOL.md). */
export * from './definition.js';
export * from './envelope.js';
export * from './messages.js';
export * from './state.js';
export * from './engine.js';
export * from './decide.js';
export * from './group.js';
export * from './confirm.js';
export * from './dealing.js';
export * from './session.js';
export * from './ceremonyFile.js';
export * from './verifyTranscript.js';
