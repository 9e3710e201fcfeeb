/**
 * The vault terms in a ceremony's join link (`&v=<bond wei>.<term s>.<commission bps>.<deadline>`). The terms and
 * the vault configuration themselves are pure and live in src/core/vault/vaultTerms.ts; they are re-exported here so
 * that screens, which import the app and not the core, find them in one place (with the ether amounts of the form).
 */
import { formatVaultTerms, parseVaultTerms, type VaultTerms } from '../core/vault/vaultTerms.js';

export * from '../core/vault/vaultTerms.js';
export { formatEtherAmount, parseEtherAmount } from '../core/vault/ether.js';

/** The vault terms in a join link (undefined when it has none); throws VAULT_BAD_TERMS when they are malformed. */
export function vaultTermsOfLink(link: string): VaultTerms | undefined {
  const v = new URLSearchParams(link.replace(/^[^#]*#/, '')).get('v');
  return v === null ? undefined : parseVaultTerms(v);
}

/** The join link with the vault terms added. */
export function withVaultTerms(link: string, terms: VaultTerms): string {
  return `${link}&v=${formatVaultTerms(terms)}`;
}
