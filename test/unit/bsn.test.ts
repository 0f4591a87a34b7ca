import { describe, expect, it } from 'vitest';
import { isValidBsn } from '@cter/domain';

describe('BSN 11-test', () => {
  it.each(['111222333', '123456782', '999999990'])('accepts %s', (bsn) => expect(isValidBsn(bsn)).toBe(true));
  it.each(['123456789', '111222334', '000000000', '12345678', '1234567890', '12345678a', ''])('refuses %s', (bsn) => expect(isValidBsn(bsn)).toBe(false));
});
