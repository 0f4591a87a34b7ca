// The Dutch citizen service number (burgerservicenummer, BSN): nine digits passing the 11-test.

/** True when `value` is nine digits whose weighted sum (9..2, then -1) is a multiple of 11. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  return bsnCheckDigit(value.slice(0, 8)) === Number(value[8]);
}

/** The ninth digit that makes eight digits a BSN (the 11-test), or undefined when none does (it would be 10). */
export function bsnCheckDigit(eightDigits: string): number | undefined {
  if (!/^\d{8}$/.test(eightDigits)) throw new Error('a BSN check digit is computed from eight digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(eightDigits[i]) * (9 - i);
  const check = sum % 11;
  return check === 10 ? undefined : check;
}

/** Nine digits in a row, or in groups split by single spaces, dots or hyphens (`123 456 782`, `1234.56.782`). */
const BSN_SHAPED = /(?<![\d])\d(?:[ .-]?\d){8}(?![\d])/g;

/**
 * True when free text holds a number shaped like a BSN that passes the 11-test. A screen for the
 * obvious case only: a name, an address or a description can still identify a person.
 */
export function containsBsn(text: string): boolean {
  for (const match of text.matchAll(BSN_SHAPED)) if (isValidBsn(match[0].replace(/[ .-]/g, ''))) return true;
  return false;
}

/** A text without a BSN in it (anonymous advice requests): a named rule, so generated validators can import it. */
export function withoutBsn(text: string): boolean {
  return !containsBsn(text);
}
