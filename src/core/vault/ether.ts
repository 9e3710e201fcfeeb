/** Amounts of ether typed by people, as wei. Pure. */

const WEI_DIGITS = 18;

/**
 * A decimal amount of ETH (`1.5`, `.25`, `-1`) as wei, rounded half up to whole wei beyond 18 decimals, or
 * undefined when the text is not a number. Zero and negative amounts are returned as such: the caller says why it
 * refuses them.
 */
export function parseEtherAmount(text: string): bigint | undefined {
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  let wei = BigInt(m[2] || '0') * 10n ** BigInt(WEI_DIGITS) + BigInt(fraction.slice(0, WEI_DIGITS).padEnd(WEI_DIGITS, '0'));
  if (fraction.length > WEI_DIGITS && Number(fraction[WEI_DIGITS]) >= 5) wei += 1n;
  return m[1] === '-' ? -wei : wei;
}

/** Wei as a decimal amount of ETH, without trailing zeros (`2000000000000000000n` → `2`, `5n * 10n ** 17n` → `0.5`). */
export function formatEtherAmount(wei: bigint): string {
  const sign = wei < 0n ? '-' : '';
  const abs = wei < 0n ? -wei : wei;
  const unit = 10n ** BigInt(WEI_DIGITS);
  const fraction = (abs % unit).toString().padStart(WEI_DIGITS, '0').replace(/0+$/, '');
  return `${sign}${abs / unit}${fraction ? `.${fraction}` : ''}`;
}
