/**
 * EIP-2335 §Password requirements: NFKD, then strip the C0, C1 and Delete control codes, then UTF-8.
 */
import { utf8ToBytes } from '../bytes.js';

/** True for the code points the EIP strips: C0 (0x00–0x1F), Delete (0x7F) and C1 (0x80–0x9F). */
function isControlCode(cp: number): boolean {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
}

/**
 * The password as the EIP defines it: NFKD form, control codes removed (space 0x20 is kept), UTF-8 encoded.
 * Two passwords that differ only by control codes or by NFKD-equivalent forms give the same bytes.
 */
export function normalizePassword(password: string): Uint8Array {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  let kept = '';
  for (const ch of password.normalize('NFKD')) {
    if (!isControlCode(ch.codePointAt(0) as number)) kept += ch;
  }
  return utf8ToBytes(kept);
}
