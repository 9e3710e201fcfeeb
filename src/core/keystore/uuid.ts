/** RFC 4122 version 4 UUIDs from injected random bytes (EIP-2335 §UUID). */
import { bytesToHex, type RandomBytes } from '../bytes.js';

/** The canonical 8-4-4-4-12 hex form; any version, either case (we only check the shape of what we read). */
export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A random (version 4, variant 10xx) UUID in lower-case canonical form. */
export function uuidV4(randomBytes: RandomBytes): string {
  const b = Uint8Array.from(randomBytes(16));
  if (b.length !== 16) throw new RangeError('randomBytes returned the wrong length');
  b[6] = ((b[6] as number) & 0x0f) | 0x40; // RFC 4122 §4.4: version 4
  b[8] = ((b[8] as number) & 0x3f) | 0x80; // RFC 4122 §4.4: variant 10xx
  const h = bytesToHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
