// What an error tells the caller: a domain error below 500 (and 503, with Retry-After) says what is
// wrong; a domain error of 500 says no more than any internal error (its message may quote Cedar's
// diagnostics, policy ids or data), only its code and the request id.
import { describe, expect, it } from 'vitest';
import { DomainError, ServiceUnavailable, ValidationFailed } from '@cter/domain';
import { errorResponse } from '../src/errors';

class EvaluationBroke extends DomainError {
  readonly status = 500;
  readonly code = 'CovenantEvaluationFailed';
}

const body = (result: { body: string }) => JSON.parse(result.body) as { error: { code: string; message: string; details: unknown[]; requestId: string } };

describe('errorResponse', () => {
  it('tells a 4xx caller what is wrong', () => {
    const result = errorResponse(new ValidationFailed('the municipality is not served by this region', [{ path: 'subject.municipality', message: 'not a municipality of kennemerland' }]), 'req-1');
    expect(result.statusCode).toBe(422);
    expect(body(result).error).toEqual({ code: 'ValidationFailed', message: 'the municipality is not served by this region', details: [{ path: 'subject.municipality', message: 'not a municipality of kennemerland' }], requestId: 'req-1' });
  });

  it('keeps a 500 domain error to its code and the request id: no message, no details', () => {
    const result = errorResponse(new EvaluationBroke('Cedar refused the request: policy cter-2023-art-9 for subject 123456782', [{ path: 'policy', message: 'cter-2023-art-9' }]), 'req-2');
    expect(result.statusCode).toBe(500);
    expect(body(result).error).toEqual({ code: 'CovenantEvaluationFailed', message: 'internal error; quote the request id when reporting it', details: [], requestId: 'req-2' });
    expect(result.body).not.toMatch(/Cedar|cter-2023|123456782/);
  });

  it('says when to come back on 503', () => {
    const result = errorResponse(new ServiceUnavailable('the case store is not reachable', 5), 'req-3');
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(body(result).error.message).toBe('the case store is not reachable');
  });
});
