// The small shared rules of the API contract: CSV as spreadsheets read it, statistical disclosure
// control of published figures, summary statistics, and the HTTP status each named error carries.
import { describe, expect, it } from 'vitest';
import * as domain from '@cter/domain';
import { csvField, mean, median, protectDistribution, protectTotal, roundTo, toCsv } from '@cter/domain';

describe('CSV', () => {
  it('quotes fields with separators, doubles inner quotes and ends lines with CRLF', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1, null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });

  it('refuses a row whose width differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(RangeError);
  });
});

describe('disclosure control', () => {
  it('withholds a distribution with a count of 1 to 4 persons, publishes one of zeros and fives', () => {
    expect(protectDistribution({ a: 0, b: 5, c: 12 })).toEqual({ a: 0, b: 5, c: 12 });
    expect(protectDistribution({ a: 4, b: 20 })).toBeNull();
  });

  it('withholds a total whose remainder beside the published parts would reveal a small count', () => {
    expect(protectTotal(20, [10, 10])).toBe(20);
    expect(protectTotal(20, [10, 7])).toBeNull();
    expect(protectTotal(20, [10, 5])).toBe(20);
    expect(protectTotal(3, [])).toBeNull();
  });
});

describe('statistics', () => {
  it('median, mean and rounding', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 6])).toBe(3);
    expect(roundTo(2.345, 1)).toBe(2.3);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('named errors', () => {
  it.each([
    ['MalformedRequest', 400],
    ['NotAuthenticated', 403],
    ['NotAllowed', 403],
    ['NotFound', 404],
    ['Conflict', 409],
    ['PayloadTooLarge', 413],
    ['UnsupportedMediaType', 415],
    ['ValidationFailed', 422],
    ['IdempotencyKeyReused', 422],
  ] as const)('%s is %i', (name, status) => {
    const ErrorClass = domain[name] as unknown as new (message: string) => domain.DomainError;
    const error = new ErrorClass('why');
    expect(error).toBeInstanceOf(domain.DomainError);
    expect({ status: error.status, code: error.code }).toEqual({ status, code: name });
  });

  it('CaseNotFound is a 404 naming the case, StaleVersion a 409 naming both versions', () => {
    expect(new domain.CaseNotFound('c-1')).toMatchObject({ status: 404, code: 'NotFound', message: 'case c-1 not found' });
    expect(new domain.StaleVersion(3, 4)).toMatchObject({ status: 409, message: 'version 3 is not the current version 4; read the case again and retry' });
  });
});
