/** The vault's use-cases (CONTRACTS.md), one per file, over the Chain port. */
export { openVault, confirmWithFactory, type OpenedVault } from './openVault.js';
export { sendVaultWrite, type VaultContext, type VaultDeployment, type VaultOutcome, type VaultProgress } from './vaultContext.js';
export { createVault } from './createVault.js';
export { postBond } from './postBond.js';
export { parseStake, stake } from './stake.js';
export { scanDeposit, type DepositScan } from './scanDeposit.js';
export { checkDeposit, shortRoot, type CheckDepositEvents } from './checkDeposit.js';
export { deposit, ROOT_MOVED, tallyFor, type DepositEvents } from './deposit.js';
export { voteExit } from './voteExit.js';
export { exitFeeCap, requestExit } from './requestExit.js';
export { settle } from './settle.js';
export { claim } from './claim.js';
export { cancel } from './cancel.js';
export { sweep } from './sweep.js';
export { vaultSteps, type VaultSteps } from './vaultSteps.js';
