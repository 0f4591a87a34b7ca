// eventBridgeOf on a CDK-shaped template: a named bus referenced by {Ref}, a pattern rule with a
// {Fn::GetAtt} Lambda target, a cross-region bus target, a scheduled rule on the default bus and
// Scheduler schedules; then the twin built from it delivers to the function ARNs the twin runs.
import { describe, expect, it } from 'vitest';
import type { StackArtifact } from '../../src/assembly.js';
import { CfnResolver } from '../../src/cfn-resolver.js';
import { EventBridgeTwin, eventBridgeOf, type EventEnvelope } from '../../src/eventbridge/index.js';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { recordingInvoker } from './helpers.js';

const stack: StackArtifact = {
  stageName: 'kennemerland',
  stackName: 'cter-kennemerland',
  awsRegion: 'eu-west-1',
  directory: '/nonexistent',
  template: {
    Resources: {
      CaseEvents1A2B3C: { Type: 'AWS::Events::EventBus', Properties: { Name: 'cter-kennemerland-case-events' } },
      NotifyPartners9F8E: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' } },
      RetentionSweepB7C6: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'cter-kennemerland-retention-sweep', Handler: 'index.handler' } },
      EventsDlq4D5E: { Type: 'AWS::SQS::Queue' },
      OnCaseClosedRule0A1B: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventBusName: { Ref: 'CaseEvents1A2B3C' },
          EventPattern: { source: ['cter.cases'], 'detail-type': ['case.closed', 'case.transferred'], detail: { confidentiality: [{ 'anything-but': 'secret' }] } },
          State: 'ENABLED',
          Targets: [
            {
              Arn: { 'Fn::GetAtt': ['NotifyPartners9F8E', 'Arn'] },
              Id: 'Target0',
              RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['EventsDlq4D5E', 'Arn'] } },
            },
            {
              Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-central-1:', { Ref: 'AWS::AccountId' }, ':event-bus/default']] },
              Id: 'Target1',
            },
            {
              Arn: { 'Fn::GetAtt': ['NotifyPartners9F8E', 'Arn'] },
              Id: 'Target2',
              InputTransformer: { InputPathsMap: { caseId: '$.detail.caseId' }, InputTemplate: '{"caseId": <caseId>}' },
            },
          ],
        },
      },
      NotifyPartnersAllowEventRule: {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['NotifyPartners9F8E', 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['OnCaseClosedRule0A1B', 'Arn'] } },
      },
      NightlyRetentionRuleC3D4: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'cter-kennemerland-nightly-retention',
          ScheduleExpression: 'cron(0 2 * * ? *)',
          State: 'ENABLED',
          Targets: [{ Arn: { 'Fn::GetAtt': ['RetentionSweepB7C6', 'Arn'] }, Id: 'Target0', Input: '{"job":"retention"}' }],
        },
      },
      HourlyEvaluationSchedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          ScheduleExpression: 'cron(30 * * * ? *)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: { 'Fn::GetAtt': ['RetentionSweepB7C6', 'Arn'] }, RoleArn: 'arn:aws:iam::000000000000:role/scheduler', Input: '{"job":"evaluations"}' },
        },
      },
      AmsterdamSchedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          ScheduleExpression: 'cron(0 9 * * ? *)',
          ScheduleExpressionTimezone: 'Europe/Amsterdam',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: { 'Fn::GetAtt': ['RetentionSweepB7C6', 'Arn'] }, RoleArn: 'arn:aws:iam::000000000000:role/scheduler' },
        },
      },
    },
  },
};

describe('eventBridgeOf', () => {
  const resolver = new CfnResolver(stack);
  const notifyArn = resolver.attribute('NotifyPartners9F8E', 'Arn');
  const sweepArn = resolver.attribute('RetentionSweepB7C6', 'Arn');

  it('reads buses, rules, targets and simple schedules with resolved references', () => {
    const { buses, rules, skipped } = eventBridgeOf(stack, resolver);
    expect(buses).toEqual([
      { name: 'default', arn: 'arn:aws:events:eu-west-1:000000000000:event-bus/default', regionId: 'kennemerland' },
      { name: 'cter-kennemerland-case-events', arn: 'arn:aws:events:eu-west-1:000000000000:event-bus/cter-kennemerland-case-events', regionId: 'kennemerland' },
    ]);
    expect(notifyArn).toBe('arn:aws:lambda:eu-west-1:000000000000:function:cter-kennemerland-NotifyPartners9F8E');

    const onClosed = rules.find((r) => r.name === 'cter-kennemerland-OnCaseClosedRule0A1B')!;
    expect(onClosed).toEqual({
      name: 'cter-kennemerland-OnCaseClosedRule0A1B',
      arn: 'arn:aws:events:eu-west-1:000000000000:rule/cter-kennemerland-case-events/cter-kennemerland-OnCaseClosedRule0A1B',
      busName: 'cter-kennemerland-case-events',
      state: 'ENABLED',
      eventPattern: { source: ['cter.cases'], 'detail-type': ['case.closed', 'case.transferred'], detail: { confidentiality: [{ 'anything-but': 'secret' }] } },
      targets: [
        { id: 'Target0', arn: notifyArn, retryPolicy: { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3600 }, deadLetterArn: resolver.attribute('EventsDlq4D5E', 'Arn') },
        { id: 'Target1', arn: 'arn:aws:events:eu-central-1:000000000000:event-bus/default' },
        { id: 'Target2', arn: notifyArn, inputTransformer: { inputTemplate: '{"caseId": <caseId>}', inputPathsMap: { caseId: '$.detail.caseId' } } },
      ],
    });

    const nightly = rules.find((r) => r.name === 'cter-kennemerland-nightly-retention')!;
    expect(nightly).toMatchObject({
      arn: 'arn:aws:events:eu-west-1:000000000000:rule/cter-kennemerland-nightly-retention',
      busName: 'default',
      scheduleExpression: 'cron(0 2 * * ? *)',
      targets: [{ id: 'Target0', arn: sweepArn, input: '{"job":"retention"}' }],
    });
    expect(nightly.eventPattern).toBeUndefined();

    const hourly = rules.find((r) => r.name === 'default/cter-kennemerland-HourlyEvaluationSchedule')!;
    expect(hourly).toMatchObject({ arn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule/default/cter-kennemerland-HourlyEvaluationSchedule', scheduleExpression: 'cron(30 * * * ? *)', targets: [{ arn: sweepArn, input: '{"job":"evaluations"}' }] });
    expect(rules.find((r) => r.name === 'default/cter-kennemerland-AmsterdamSchedule')).toMatchObject({ scheduleExpression: 'cron(0 9 * * ? *)', scheduleTimezone: 'Europe/Amsterdam' });
    expect(skipped).toEqual([]);
  });

  it('runs in the twin: events reach the function ARNs the twin hosts; schedules fire on the clock', async () => {
    const { buses, rules } = eventBridgeOf(stack, resolver);
    const clock = new TwinClock(new Date('2030-01-01T00:30:00Z'));
    const { invoker, calls } = recordingInvoker();
    const twin = new EventBridgeTwin({ buses, rules, clock, invokeLambda: invoker, log: () => undefined });
    await twin.start(0);
    try {
      await twin.putEvents([
        { Source: 'cter.cases', DetailType: 'case.closed', Detail: JSON.stringify({ caseId: 'c-1', confidentiality: 'internal' }), EventBusName: 'cter-kennemerland-case-events' },
        { Source: 'cter.cases', DetailType: 'case.closed', Detail: JSON.stringify({ caseId: 'c-2', confidentiality: 'secret' }), EventBusName: 'cter-kennemerland-case-events' },
      ]);
      await twin.idle();
      expect(calls.map((c) => [c.name, c.payload])).toEqual([
        ['cter-kennemerland-NotifyPartners9F8E', expect.objectContaining({ 'detail-type': 'case.closed', detail: { caseId: 'c-1', confidentiality: 'internal' } })],
        ['cter-kennemerland-NotifyPartners9F8E', { caseId: 'c-1' }],
      ]);
      // The cross-region target is a bus the twin does not have (no eu-central-1 stack here).
      expect(twin.publishedEvents({ bus: 'cter-kennemerland-case-events' }).map((e: EventEnvelope) => e.detail.caseId)).toEqual(['c-1', 'c-2']);

      calls.length = 0;
      clock.advance(24 * 3600_000);
      await twin.idle();
      const sweeps = calls.filter((c) => c.name === 'cter-kennemerland-retention-sweep').map((c) => c.payload);
      expect(sweeps.filter((p) => (p as { job: string }).job === 'retention')).toHaveLength(1);
      expect(sweeps.filter((p) => (p as { job: string }).job === 'evaluations')).toHaveLength(24);
    } finally {
      await twin.stop();
    }
    expect(clock.pendingTimers).toBe(0);
  });
});
