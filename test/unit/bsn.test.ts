import { describe, expect, it } from 'vitest';
import { containsBsn, isValidBsn } from '@cter/domain';

describe('BSN 11-test', () => {
  it.each(['111222333', '123456782', '999999990'])('accepts %s', (bsn) => expect(isValidBsn(bsn)).toBe(true));
  it.each(['123456789', '111222334', '000000000', '12345678', '1234567890', '12345678a', ''])('refuses %s', (bsn) => expect(isValidBsn(bsn)).toBe(false));
});

describe('a BSN in free text (advice requests are anonymous)', () => {
  it.each(['BSN 111222333.', 'nummer 123 456 782 graag', 'zie 1234.56.782', 'bsn:999-999-990', '123456782'])('finds one in %j', (text) => expect(containsBsn(text)).toBe(true));
  it.each([
    'leerling van 14 uit groep 8',
    'bel 0612345678 (tien cijfers)',
    'nummer 123456789 haalt de 11-proef niet',
    'een reeks 1234567820 van tien cijfers',
    'postcode 2011 AB, huisnummer 12',
  ])('finds none in %j', (text) => expect(containsBsn(text)).toBe(false));
});
