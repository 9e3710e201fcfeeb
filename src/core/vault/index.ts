/** The vault a ceremony pays into (CONTRACTS.md): its terms, configuration, bounds and phases. Pure. */
export * from './vaultTerms.js';
export * from './ether.js';
