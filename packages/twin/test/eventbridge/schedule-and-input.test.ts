// Schedule expressions (six-field AWS cron, in UTC or a time zone) and target input shaping (InputPath,
// InputTransformer placeholders in and out of JSON strings, Input).
import { describe, expect, it } from 'vitest';
import { InvalidScheduleExpressionError, parseSchedule, type EventEnvelope } from '../../src/eventbridge/index.js';
import { selectPath } from '../../src/json-path.js';
import { targetPayload } from '../../src/eventbridge/input.js';

const at = (iso: string) => Date.parse(iso);
const next = (expression: string, after: string) => {
  const ms = parseSchedule(expression).next(at(after));
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

describe('schedule expressions', () => {
  it('cron: six fields in UTC with names, ranges, steps, L, W and #', () => {
    expect(next('cron(0 8 * * ? *)', '2030-01-01T09:00:00Z')).toBe('2030-01-02T08:00:00.000Z');
    expect(next('cron(0 8 * * ? *)', '2030-01-01T07:59:59Z')).toBe('2030-01-01T08:00:00.000Z');
    // Strictly after: a run at exactly `after` is not the next one.
    expect(next('cron(0 8 * * ? *)', '2030-01-01T08:00:00Z')).toBe('2030-01-02T08:00:00.000Z');
    expect(next('cron(0/15 * * * ? *)', '2030-01-01T10:01:00Z')).toBe('2030-01-01T10:15:00.000Z');
    // 2030-01-04 is a Friday: the next MON-FRI 09:30 after Friday noon is Monday.
    expect(next('cron(30 9 ? * MON-FRI *)', '2030-01-04T12:00:00Z')).toBe('2030-01-07T09:30:00.000Z');
    expect(next('cron(0 0 L * ? *)', '2030-02-03T00:00:00Z')).toBe('2030-02-28T00:00:00.000Z');
    // Second Tuesday of January 2030 is the 8th.
    expect(next('cron(0 12 ? JAN 3#2 2030)', '2030-01-01T00:00:00Z')).toBe('2030-01-08T12:00:00.000Z');
    // 2030-06-01 is a Saturday: 1W is Monday the 3rd.
    expect(next('cron(0 6 1W * ? *)', '2030-05-31T00:00:00Z')).toBe('2030-06-03T06:00:00.000Z');
    // Last Friday of the month.
    expect(next('cron(0 6 ? * 6L *)', '2030-01-01T00:00:00Z')).toBe('2030-01-25T06:00:00.000Z');
    expect(next('cron(0 0 1 1 ? 2029)', '2030-01-01T00:00:00Z')).toBeUndefined();
  });

  it('cron in a time zone follows its daylight saving time', () => {
    const amsterdam = (expression: string, after: string) => new Date(parseSchedule(expression, 'Europe/Amsterdam').next(at(after))!).toISOString();
    // Summer time starts on 31 March 2030 and ends on 27 October 2030.
    expect(amsterdam('cron(15 3 * * ? *)', '2030-03-30T12:00:00Z')).toBe('2030-03-31T01:15:00.000Z');
    expect(amsterdam('cron(15 3 * * ? *)', '2030-10-26T12:00:00Z')).toBe('2030-10-27T02:15:00.000Z');
  });

  it('cron: rejects what AWS rejects; rate and at are not run by the twin', () => {
    for (const bad of ['rate(1 day)', 'at(2030-01-01T12:00:00)', 'every day', 'cron(0 8 * * *)', 'cron(0 8 * * * *)', 'cron(0 8 ? * ? *)', 'cron(60 8 * * ? *)', 'cron(0 8 * * ? 1969)', 'cron(0 8 ? * 8 *)']) {
      expect(() => parseSchedule(bad), bad).toThrow(InvalidScheduleExpressionError);
    }
  });
});

const envelope: EventEnvelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'case.closed',
  source: 'cter.cases',
  account: '000000000000',
  time: '2030-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: { caseId: 'c-1', confidentiality: 'internal', ids: ['a', 'b'], nested: { n: 2 } },
};
const rule = { name: 'OnCaseClosed', arn: 'arn:aws:events:eu-west-1:000000000000:rule/bus/OnCaseClosed' };

describe('target input', () => {
  it('selects JSONPath subsets', () => {
    expect(selectPath(envelope, '$')).toBe(envelope);
    expect(selectPath(envelope, '$.detail.caseId')).toBe('c-1');
    expect(selectPath(envelope, '$.detail-type')).toBe('case.closed');
    expect(selectPath(envelope, "$['detail-type']")).toBe('case.closed');
    expect(selectPath(envelope, '$.detail.ids[1]')).toBe('b');
    expect(selectPath(envelope, '$.detail.missing.deeper')).toBeUndefined();
  });

  it('Input, InputPath and the event itself', () => {
    expect(targetPayload({ id: 't', arn: 'x', input: '{"job":"retention"}' }, envelope, rule)).toEqual({ job: 'retention' });
    expect(targetPayload({ id: 't', arn: 'x', inputPath: '$.detail' }, envelope, rule)).toEqual(envelope.detail);
    expect(targetPayload({ id: 't', arn: 'x' }, envelope, rule)).toBe(envelope);
  });

  it('InputTransformer: bare placeholders insert JSON, quoted ones text; predefined variables; plain-text templates', () => {
    const transformed = targetPayload(
      {
        id: 't',
        arn: 'x',
        inputTransformer: {
          inputPathsMap: { caseId: '$.detail.caseId', nested: '$.detail.nested', ids: '$.detail.ids', type: '$.detail-type', missing: '$.detail.nope' },
          inputTemplate: '{"case": <caseId>, "label": "case <caseId> is <type>", "nested": <nested>, "ids": <ids>, "rule": "<aws.events.rule-name>", "missing": <missing>, "quote": "say \\"<caseId>\\""}',
        },
      },
      envelope,
      rule,
    );
    expect(transformed).toEqual({ case: 'c-1', label: 'case c-1 is case.closed', nested: { n: 2 }, ids: ['a', 'b'], rule: 'OnCaseClosed', missing: null, quote: 'say "c-1"' });
    const text = targetPayload({ id: 't', arn: 'x', inputTransformer: { inputPathsMap: { caseId: '$.detail.caseId' }, inputTemplate: 'case <caseId> closed' } }, envelope, rule);
    expect(text).toBe('case c-1 closed');
    const whole = targetPayload({ id: 't', arn: 'x', inputTransformer: { inputTemplate: '{"event": <aws.events.event>}' } }, envelope, rule);
    expect(whole).toEqual({ event: envelope });
  });
});
