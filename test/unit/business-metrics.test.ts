// Business metrics (`@cter/http/metrics`): a function notes its counts as it goes, and the
// observability chain publishes them once per invocation as one EMF line on stdout (Powertools
// Metrics, loaded on the first flush), also when the handler throws; an invocation that counted
// nothing writes no line.
import type { Context } from 'aws-lambda';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUSINESS_METRICS, METRICS_NAMESPACE } from '@cter/config';
import { observability } from '@cter/http';
import { countMetric } from '@cter/http/metrics';

const context = { awsRequestId: 'req-1', functionName: 'register-signal', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** A handler on the platform's observability chain that counts what the event says, then maybe throws. */
const handler = middy(async (event: { counts: Array<[keyof typeof BUSINESS_METRICS, number]>; fail?: boolean }) => {
  for (const [name, count] of event.counts) countMetric(BUSINESS_METRICS[name], count);
  if (event.fail) throw new Error('the handler failed');
  return 'done';
}).use(observability());

let written: string[] = [];
beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const emfLines = () => written.flatMap((w) => w.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));

describe('business metrics', () => {
  it('publishes an invocation’s counts as one EMF line with the agreed namespace and dimensions', async () => {
    await expect(handler({ counts: [['signalsReceived', 1], ['tasksOverdue', 3]] }, context)).resolves.toBe('done');
    const [line, ...more] = emfLines();
    expect(more).toEqual([]);
    expect(line._aws.CloudWatchMetrics).toEqual([{ Namespace: METRICS_NAMESPACE, Dimensions: [['service', 'region']], Metrics: [{ Name: 'SignalsReceived', Unit: 'Count' }, { Name: 'TasksOverdue', Unit: 'Count' }] }]);
    expect(line).toMatchObject({ SignalsReceived: 1, TasksOverdue: 3 });
  });

  it('writes nothing for an invocation that counted nothing, and does not carry counts over', async () => {
    await handler({ counts: [] }, context);
    expect(emfLines()).toEqual([]);
    await handler({ counts: [['decisionsRecorded', 1]] }, context);
    await handler({ counts: [] }, context);
    expect(emfLines().map((l) => l.DecisionsRecorded)).toEqual([1]);
  });

  it('publishes what was counted before the handler threw', async () => {
    await expect(handler({ counts: [['disclosuresRefused', 1]], fail: true }, context)).rejects.toThrow('the handler failed');
    expect(emfLines().map((l) => l.DisclosuresRefused)).toEqual([1]);
  });
});
