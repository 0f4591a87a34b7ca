// The Dutch citizen service number (burgerservicenummer, BSN): nine digits passing the 11-test.

/** True when `value` is nine digits whose weighted sum (9..2, then -1) is a multiple of 11. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}
