/** EIP-3076 slashing protection rules, pure: minimal watermarks per validator and the spec's slashability test. */
export { checkAttestation, checkBlockProposal, isSlashableAttestationData } from './watermarks.js';
export type { AttestationVote, BlockProposal, SlashingRule, SlashingVerdict, Watermarks } from './watermarks.js';
export { maxWatermarks, UNKNOWN_ROOT } from './merge.js';
