// The API Gateway request models and the schema conversion of @cter/api-spec: a model refuses what
// is structurally wrong (type, required and unknown fields) and never what only zod checks.
import { describe, expect, it } from 'vitest';
import { modelViolations, requestModel } from '@cter/api-spec';

describe('requestModel and modelViolations', () => {
  const model = requestModel('POST /signals')!.schema;

  it('has a model for a route with a body and none for a route without', () => {
    expect(model).toBeDefined();
    expect(requestModel('GET /cases/{caseId}')).toBeUndefined();
  });

  it('refuses a wrong type, a missing required field and an unknown field', () => {
    expect(modelViolations(model, 'a string')).not.toEqual([]);
    expect(modelViolations(model, { reason: 'x', reporter: { name: 'r' } }).join(' ')).toContain('subject');
    const unknown = modelViolations(model, { subject: { name: 'n', bsn: '123456782', birthDate: '2005-03-14', municipality: 'haarlem' }, reason: 'x', reporter: { name: 'r' }, extra: true });
    expect(unknown.join(' ')).toContain('extra');
  });

  it('leaves content checks (a BSN\'s check digit, date formats) to the function', () => {
    const body = { subject: { name: 'n', bsn: '123456789', birthDate: 'yesterday', municipality: 'haarlem' }, reason: 'x', reporter: { name: 'r', phone: '+31 6 1234 5678' } };
    expect(modelViolations(model, body)).toEqual([]);
  });
});
