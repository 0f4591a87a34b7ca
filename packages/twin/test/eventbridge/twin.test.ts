// The EventBridge twin end to end: PutEvents over the signed JSON protocol, rules and Lambda targets
// (fixture functions in worker threads), cross-bus forwarding, input shaping, retries, scheduled rules
// on the virtual clock, subscribers, the archive, and a clean stop.
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeServiceError, type EventEnvelope, type RuleSpec } from '../../src/eventbridge/index.js';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { ACCOUNT, busArn, callEvents, CREDENTIALS, entry, Fixture, fixtureFunctions, functionArn, recordingInvoker, REGION, ruleArn, waitFor } from './helpers.js';

const fixture = new Fixture();
const aws = promisify(execFile);
// The AWS CLI is an independent client; skip its test where it is not installed.
const hasCli = await aws('aws', ['--version']).then(
  () => true,
  () => false,
);
afterEach(() => fixture.cleanup());

const BUS = 'cter-kennemerland-events';
const bus = { name: BUS, arn: busArn(BUS), regionId: 'kennemerland' };
const onCaseClosed = (targets: RuleSpec['targets'], pattern: object = { source: ['cter.cases'], 'detail-type': ['case.closed'] }): RuleSpec => ({
  name: 'OnCaseClosed',
  arn: ruleArn(BUS, 'OnCaseClosed'),
  busName: BUS,
  eventPattern: pattern,
  state: 'ENABLED',
  targets,
});

describe('PutEvents and rules', () => {
  it('delivers a matching event to a Lambda target as the envelope; a non-matching one is not delivered', async () => {
    const clock = new TwinClock(new Date('2030-03-01T09:00:00Z'));
    const { invoker, calls, hosts } = fixtureFunctions(clock, ['record']);
    fixture.hosts.push(...hosts);
    const twin = await fixture.started({ buses: [bus], rules: [onCaseClosed([{ id: 'Record', arn: functionArn('record') }])], clock, invokeLambda: invoker });

    const { status, body } = await callEvents(twin.endpoint, 'PutEvents', {
      Entries: [
        entry('case.closed', { caseId: 'c-1', confidentiality: 'internal' }, { EventBusName: BUS }),
        entry('case.admitted', { caseId: 'c-2' }, { EventBusName: BUS }),
      ],
    });
    expect(status).toBe(200);
    expect(body.FailedEntryCount).toBe(0);
    const [closed, admitted] = body.Entries as Array<{ EventId: string }>;
    await twin.idle();

    expect(calls.map((c) => c.name)).toEqual(['record']);
    const payload = calls[0]!.payload as EventEnvelope;
    expect(payload).toEqual({
      version: '0',
      id: closed!.EventId,
      'detail-type': 'case.closed',
      source: 'cter.cases',
      account: ACCOUNT,
      time: expect.stringMatching(/^2030-03-01T09:00:\d\dZ$/),
      region: REGION,
      resources: [],
      detail: { caseId: 'c-1', confidentiality: 'internal' },
    });
    expect(calls[0]!.ok).toBe(true);
    // Both were accepted on the bus; only the matching one went to the target.
    expect(twin.publishedEvents({ bus: BUS }).map((e) => e.id)).toEqual([closed!.EventId, admitted!.EventId]);
  });

  it('validates entries as the service does: per-entry errors, request-level limits', async () => {
    const { invoker, calls } = recordingInvoker();
    const twin = await fixture.started({ buses: [bus], rules: [onCaseClosed([{ id: 'Record', arn: functionArn('record') }])], invokeLambda: invoker });
    const { status, body } = await callEvents(twin.endpoint, 'PutEvents', {
      Entries: [
        { DetailType: 'case.closed', Detail: '{}' },
        { Source: 'cter.cases', Detail: '{}' },
        { Source: 'cter.cases', DetailType: 'case.closed' },
        { Source: 'cter.cases', DetailType: 'case.closed', Detail: '["array"]' },
        { Source: 'cter.cases', DetailType: 'case.closed', Detail: '{broken' },
        { Source: 'aws.events', DetailType: 'case.closed', Detail: '{}' },
        entry('case.closed', { caseId: 'c-1' }, { EventBusName: 'no-such-bus' }),
        // By ARN, with the time the SDK sends (epoch seconds).
        entry('case.closed', { caseId: 'c-2' }, { EventBusName: busArn(BUS), Time: Date.parse('2030-01-02T03:04:05Z') / 1000 }),
      ],
    });
    expect(status).toBe(200);
    expect(body.FailedEntryCount).toBe(7);
    expect(body.Entries).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus no-such-bus does not exist.' },
      { EventId: expect.any(String) },
    ]);
    await twin.idle();
    expect(calls).toHaveLength(1);
    expect((calls[0]!.payload as EventEnvelope).time).toBe('2030-01-02T03:04:05Z');

    const eleven = await callEvents(twin.endpoint, 'PutEvents', { Entries: Array.from({ length: 11 }, () => entry('case.closed', {})) });
    expect(eleven.status).toBe(400);
    expect(eleven.body.__type).toBe('ValidationException');
    const big = await callEvents(twin.endpoint, 'PutEvents', { Entries: [entry('case.closed', { blob: 'x'.repeat(256 * 1024) })] });
    expect(big).toEqual({ status: 400, body: { __type: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' } });
    await expect(twin.putEvents([])).rejects.toBeInstanceOf(EventBridgeServiceError);
  });

  it('matches with pattern operators (prefix, anything-but, numeric, exists, $or)', async () => {
    const { invoker, calls } = recordingInvoker();
    const rule = (name: string, pattern: object): RuleSpec => ({ name, arn: ruleArn(BUS, name), busName: BUS, eventPattern: pattern, state: 'ENABLED', targets: [{ id: name, arn: functionArn(name) }] });
    const twin = await fixture.started({
      buses: [bus],
      rules: [
        rule('prefix', { 'detail-type': [{ prefix: 'measure.' }] }),
        rule('anythingBut', { detail: { confidentiality: [{ 'anything-but': ['secret', 'restricted'] }] } }),
        rule('numeric', { detail: { level: [{ numeric: ['>=', 3, '<', 5] }] } }),
        rule('exists', { detail: { deferredUntil: [{ exists: true }] } }),
        rule('or', { $or: [{ source: ['cter.covenant'] }, { detail: { urgent: [true] } }] }),
      ],
      invokeLambda: invoker,
    });
    const results = await twin.putEvents([
      entry('measure.started', { confidentiality: 'secret', level: 1 }, { EventBusName: BUS }),
      entry('case.closed', { confidentiality: 'internal', level: 4 }, { EventBusName: BUS }),
      entry('subject.inform_deferred', { confidentiality: 'restricted', deferredUntil: '2030-05-01' }, { EventBusName: BUS }),
      entry('case.referred', { confidentiality: 'secret', urgent: true }, { EventBusName: BUS }),
      { Source: 'cter.covenant', DetailType: 'covenant.version_published', Detail: JSON.stringify({ confidentiality: 'secret' }), EventBusName: BUS },
    ]);
    expect(results.every((r) => 'EventId' in r)).toBe(true);
    await twin.idle();
    const byRule = (name: string) => calls.filter((c) => c.name === name).map((c) => (c.payload as EventEnvelope)['detail-type']);
    expect(byRule('prefix')).toEqual(['measure.started']);
    expect(byRule('anythingBut')).toEqual(['case.closed']);
    expect(byRule('numeric')).toEqual(['case.closed']);
    expect(byRule('exists')).toEqual(['subject.inform_deferred']);
    expect(byRule('or').sort()).toEqual(['case.referred', 'covenant.version_published']);
  });

  it('forwards to another bus (another region) whose own rule invokes its target', async () => {
    const { invoker, calls } = recordingInvoker();
    const central = { name: 'partner-hub', arn: busArn('partner-hub', 'eu-central-1'), regionId: 'hub' };
    const forward: RuleSpec = { ...onCaseClosed([{ id: 'ToHub', arn: central.arn }]), name: 'ForwardClosed', arn: ruleArn(BUS, 'ForwardClosed') };
    const hubRule: RuleSpec = {
      name: 'HubCases',
      arn: ruleArn('partner-hub', 'HubCases', 'eu-central-1'),
      busName: 'partner-hub',
      eventPattern: { source: ['cter.cases'] },
      state: 'ENABLED',
      targets: [{ id: 'HubFn', arn: functionArn('hubFn', 'eu-central-1') }],
    };
    const twin = await fixture.started({ buses: [bus, central], rules: [forward, hubRule], invokeLambda: invoker });
    const [result] = await twin.putEvents([entry('case.closed', { caseId: 'c-9' }, { EventBusName: BUS })]);
    await twin.idle();
    expect(calls.map((c) => c.name)).toEqual(['hubFn']);
    const delivered = calls[0]!.payload as EventEnvelope;
    expect(delivered.id).toBe((result as { EventId: string }).EventId);
    expect(delivered.region).toBe(REGION); // the event keeps where it was published
    expect(twin.publishedEvents({ bus: central.arn }).map((e) => e.id)).toEqual([delivered.id]);
    expect(twin.publishedEvents({ bus: 'partner-hub', region: 'eu-central-1' })).toHaveLength(1);
  });

  it('applies InputPath, InputTransformer and Input to Lambda targets', async () => {
    const { invoker, calls } = recordingInvoker();
    const twin = await fixture.started({
      buses: [bus],
      rules: [
        onCaseClosed([
          { id: 'Path', arn: functionArn('path'), inputPath: '$.detail' },
          {
            id: 'Transform',
            arn: functionArn('transform'),
            inputTransformer: { inputPathsMap: { caseId: '$.detail.caseId', type: '$.detail-type' }, inputTemplate: '{"caseId": <caseId>, "summary": "<type> for <caseId>", "rule": <aws.events.rule-name>}' },
          },
          { id: 'Constant', arn: functionArn('constant'), input: '{"job":"notify"}' },
        ]),
      ],
      invokeLambda: invoker,
    });
    await twin.putEvents([entry('case.closed', { caseId: 'c-1' }, { EventBusName: BUS })]);
    await twin.idle();
    const payloadOf = (name: string) => calls.find((c) => c.name === name)?.payload;
    expect(payloadOf('path')).toEqual({ caseId: 'c-1' });
    expect(payloadOf('transform')).toEqual({ caseId: 'c-1', summary: 'case.closed for c-1', rule: 'OnCaseClosed' });
    expect(payloadOf('constant')).toEqual({ job: 'notify' });
  });

  it('retries a failing target on the virtual clock (capped locally), logs ids and types only, then gives up', async () => {
    const clock = new TwinClock();
    const { invoker, calls, hosts } = fixtureFunctions(clock, ['fail', 'flaky']);
    fixture.hosts.push(...hosts);
    const letters: Array<{ queue: string; body: any; attributes: Record<string, string> | undefined }> = [];
    const twin = await fixture.started({
      deadLetter: (queue, body, attributes) => letters.push({ queue, body: JSON.parse(body), attributes }),
      buses: [bus],
      rules: [
        onCaseClosed([
          { id: 'Fail', arn: functionArn('fail'), retryPolicy: { maximumRetryAttempts: 10 }, deadLetterArn: 'arn:aws:sqs:eu-west-1:000000000000:dlq' },
          { id: 'Flaky', arn: functionArn('flaky') },
          { id: 'Missing', arn: functionArn('missing') },
        ]),
      ],
      clock,
      invokeLambda: invoker,
    });
    await twin.putEvents([entry('case.closed', { caseId: 'c-secret-id', note: 'personal data' }, { EventBusName: BUS })]);
    await twin.idle();

    expect(calls.filter((c) => c.name === 'fail').map((c) => c.errorType)).toEqual(['TargetFailure', 'TargetFailure', 'TargetFailure']);
    expect(calls.filter((c) => c.name === 'flaky').map((c) => c.ok)).toEqual([false, false, true]);
    // A missing function is not retried.
    expect(calls.filter((c) => c.name === 'missing')).toHaveLength(1);
    const logs = fixture.logs.join('\n');
    expect(logs).toMatch(/-> Fail: attempt 1\/3 failed \(TargetFailure\), retrying in 20 ms/);
    expect(logs).toMatch(/-> Fail: failed \(TargetFailure\), giving up after 3 attempts/);
    expect(logs).toMatch(/-> Fail: to the target's dead-letter queue arn:aws:sqs:eu-west-1:000000000000:dlq/);
    expect(logs).toMatch(/-> Missing: failed \(ResourceNotFoundException\), giving up after not retryable/);
    expect(logs).not.toMatch(/personal data|c-secret-id|target failure/);
    // EventBridge's dead letter: the event itself, what failed in the message attributes.
    expect(letters).toEqual([
      {
        queue: 'arn:aws:sqs:eu-west-1:000000000000:dlq',
        body: expect.objectContaining({ 'detail-type': 'case.closed', detail: { caseId: 'c-secret-id', note: 'personal data' } }),
        attributes: expect.objectContaining({ TARGET_ARN: functionArn('fail'), ERROR_CODE: 'TargetFailure', RULE_ARN: expect.stringContaining(':rule/') }),
      },
    ]);
  });

  it('honours a RetryPolicy of zero retries and logs non-Lambda targets once', async () => {
    const { invoker, calls } = recordingInvoker(['fail']);
    const twin = await fixture.started({
      buses: [bus],
      rules: [onCaseClosed([{ id: 'Once', arn: functionArn('fail'), retryPolicy: { maximumRetryAttempts: 0 } }, { id: 'Queue', arn: 'arn:aws:sqs:eu-west-1:000000000000:partner-queue' }])],
      invokeLambda: invoker,
    });
    await twin.putEvents([entry('case.closed', {}, { EventBusName: BUS }), entry('case.closed', {}, { EventBusName: BUS })]);
    await twin.idle();
    expect(calls).toHaveLength(2);
    expect(fixture.logs.filter((l) => l.includes('target Queue') && l.includes('the twin does not deliver to sqs targets'))).toHaveLength(1);
  });
});

describe('scheduled rules on the virtual clock', () => {
  it('fires a daily rule once per day advanced, an hourly one 24 times, a nightly one once', async () => {
    const clock = new TwinClock(new Date('2030-01-01T00:30:00Z'));
    const { invoker, calls } = recordingInvoker();
    const scheduled = (name: string, expression: string): RuleSpec => ({
      name,
      arn: ruleArn('default', name),
      busName: 'default',
      scheduleExpression: expression,
      state: 'ENABLED',
      targets: [{ id: name, arn: functionArn(name) }],
    });
    const twin = await fixture.started({
      buses: [{ name: 'default', arn: busArn('default'), regionId: 'kennemerland' }],
      rules: [scheduled('daily', 'cron(30 0 * * ? *)'), scheduled('hourly', 'cron(30 * * * ? *)'), scheduled('nightly', 'cron(0 2 * * ? *)'), { ...scheduled('disabled', 'cron(* * * * ? *)'), state: 'DISABLED' }],
      clock,
      invokeLambda: invoker,
    });
    const count = (name: string) => calls.filter((c) => c.name === name).length;
    expect(calls).toHaveLength(0);

    clock.advance(24 * 3600_000);
    await twin.idle();
    expect([count('daily'), count('hourly'), count('nightly'), count('disabled')]).toEqual([1, 24, 1, 0]);
    const daily = calls.find((c) => c.name === 'daily')!.payload as EventEnvelope;
    expect(daily).toMatchObject({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT, region: REGION, resources: [ruleArn('default', 'daily')], detail: {} });
    expect(daily.time).toBe('2030-01-02T00:30:00Z');
    expect((calls.find((c) => c.name === 'nightly')!.payload as EventEnvelope).time).toBe('2030-01-01T02:00:00Z');

    clock.advance(24 * 3600_000);
    await twin.idle();
    expect([count('daily'), count('hourly'), count('nightly')]).toEqual([2, 48, 2]);

    await twin.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs a Scheduler schedule in its ScheduleExpressionTimezone: 03:15 in Amsterdam before and after summer time starts', async () => {
    // Summer time starts on Sunday 31 March 2030: 03:15 Amsterdam is 02:15 UTC before it, 01:15 UTC after.
    const clock = new TwinClock(new Date('2030-03-29T00:00:00Z'));
    const firedAt: string[] = [];
    const twin = await fixture.started({
      buses: [{ name: 'default', arn: busArn('default'), regionId: 'kennemerland' }],
      rules: [
        {
          name: 'default/retention',
          arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/retention`,
          busName: 'default',
          scheduleExpression: 'cron(15 3 * * ? *)',
          scheduleTimezone: 'Europe/Amsterdam',
          state: 'ENABLED',
          targets: [{ id: 'Target', arn: functionArn('retention'), input: '{"job":"run-retention"}' }],
        },
      ],
      clock,
      invokeLambda: async () => (runs++, { ok: true, result: null }),
    });
    // Five minutes at a time, noting the clock whenever the schedule has run.
    let runs = 0;
    for (let step = 0; step < 4 * 24 * 12; step++) {
      clock.advance(5 * 60_000);
      await twin.idle();
      if (runs > firedAt.length) firedAt.push(clock.now().toISOString().slice(0, 16)); // the clock also runs in real time
    }
    expect(firedAt).toEqual(['2030-03-29T02:15', '2030-03-30T02:15', '2030-03-31T01:15', '2030-04-01T01:15']);
    await twin.stop();
  });
});

describe('local subscribers and the archive', () => {
  it('streams matched events to a server-sent-events subscriber', async () => {
    const { invoker } = recordingInvoker();
    const twin = await fixture.started({ buses: [bus], rules: [], invokeLambda: invoker });
    const pattern = encodeURIComponent(JSON.stringify({ 'detail-type': ['case.closed'] }));
    const abort = new AbortController();
    const response = await fetch(`${twin.endpoint}/_twin/events/stream?bus=${BUS}&pattern=${pattern}`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: RegExp) => {
      while (!needle.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil(/: subscribed/);

    const [, closed] = await twin.putEvents([entry('case.admitted', { caseId: 'c-1' }, { EventBusName: BUS }), entry('case.closed', { caseId: 'c-1' }, { EventBusName: BUS })]);
    await readUntil(/^data: .*\n\n/m);
    const dataLines = text.split('\n').filter((l) => l.startsWith('data: '));
    expect(dataLines).toHaveLength(1);
    const streamed = JSON.parse(dataLines[0]!.slice('data: '.length)) as EventEnvelope;
    expect(streamed.id).toBe((closed as { EventId: string }).EventId);
    expect(streamed['detail-type']).toBe('case.closed');
    abort.abort();
    await reader.cancel().catch(() => undefined);

    const invalid = await fetch(`${twin.endpoint}/_twin/events/stream?bus=${BUS}&pattern=${encodeURIComponent('{"source":"x"}')}`);
    expect(invalid.status).toBe(400);
    const unknown = await fetch(`${twin.endpoint}/_twin/events/stream?bus=nope`);
    expect(unknown.status).toBe(404);
  });

  it('posts matched events to a loopback webhook; lists and deletes subscriptions; refuses other hosts', async () => {
    const received: Array<{ headers: IncomingMessage['headers']; body: EventEnvelope }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as EventEnvelope });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { invoker } = recordingInvoker();
      const twin = await fixture.started({ buses: [bus], rules: [], invokeLambda: invoker });
      const subscribe = (body: unknown) => fetch(`${twin.endpoint}/_twin/events/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

      const created = await subscribe({ bus: BUS, pattern: { 'detail-type': [{ prefix: 'case.' }] }, url: `http://127.0.0.1:${port}/hook` });
      expect(created.status).toBe(201);
      const subscription = (await created.json()) as { id: string; busArn: string };
      expect(subscription.busArn).toBe(bus.arn);

      const [closed] = await twin.putEvents([entry('case.closed', { caseId: 'c-1' }, { EventBusName: BUS }), entry('measure.started', {}, { EventBusName: BUS })]);
      await twin.idle();
      expect(received.map((r) => r.body.id)).toEqual([(closed as { EventId: string }).EventId]);
      expect(received[0]!.headers['content-type']).toBe('application/json');
      expect(received[0]!.headers['x-twin-subscription-id']).toBe(subscription.id);

      const listed = (await (await fetch(`${twin.endpoint}/_twin/events/subscriptions`)).json()) as { subscriptions: Array<{ id: string }> };
      expect(listed.subscriptions.map((s) => s.id)).toEqual([subscription.id]);
      expect((await fetch(`${twin.endpoint}/_twin/events/subscriptions/${subscription.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(`${twin.endpoint}/_twin/events/subscriptions/${subscription.id}`, { method: 'DELETE' })).status).toBe(404);
      await twin.putEvents([entry('case.closed', {}, { EventBusName: BUS })]);
      await twin.idle();
      expect(received).toHaveLength(1);

      for (const url of ['http://example.com/hook', 'http://10.0.0.5:8080/hook', 'http://127.0.0.1.nip.io/hook', 'file:///etc/passwd', 'not a url']) {
        const refused = await subscribe({ bus: BUS, url });
        expect(refused.status, url).toBe(400);
      }
      expect((await subscribe({ bus: 'nope', url: `http://localhost:${port}/` })).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers GET /_twin/events with the last events per bus, filtered by detail type', async () => {
    const { invoker } = recordingInvoker();
    const twin = await fixture.started({ buses: [bus], rules: [], invokeLambda: invoker, archiveLimit: 3 });
    await twin.putEvents(['case.closed', 'case.admitted', 'case.closed', 'case.closed', 'case.closed'].map((t, i) => entry(t, { n: i }, { EventBusName: BUS })));
    const all = (await (await fetch(`${twin.endpoint}/_twin/events?bus=${BUS}`)).json()) as { count: number; events: EventEnvelope[] };
    expect(all.events.map((e) => e.detail.n)).toEqual([2, 3, 4]);
    const closed = (await (await fetch(`${twin.endpoint}/_twin/events?bus=${BUS}&detailType=case.admitted`)).json()) as { count: number };
    expect(closed.count).toBe(0);
    expect((await fetch(`${twin.endpoint}/_twin/events?bus=unknown`)).status).toBe(404);
  });
});

describe('operations and clients', () => {
  it('serves PutEvents only: another operation is an UnknownOperationException', async () => {
    const { invoker } = recordingInvoker();
    const twin = await fixture.started({ buses: [bus], rules: [], invokeLambda: invoker });
    const unknown = await callEvents(twin.endpoint, 'CreateEventBus', { Name: 'x' });
    expect(unknown.body.__type).toBe('UnknownOperationException');
  });

  it.skipIf(!hasCli)('accepts the AWS CLI: put-events with --endpoint-url and with AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
    const { invoker, calls } = recordingInvoker();
    const twin = await fixture.started({ buses: [bus], rules: [onCaseClosed([{ id: 'Record', arn: functionArn('record') }])], invokeLambda: invoker });
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: REGION,
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    };
    const entries = JSON.stringify([{ Source: 'cter.cases', DetailType: 'case.closed', Detail: '{"caseId":"c-cli"}', EventBusName: BUS }]);
    const viaFlag = await aws('aws', ['events', 'put-events', '--endpoint-url', twin.endpoint, '--entries', entries, '--output', 'json'], { env });
    expect(JSON.parse(viaFlag.stdout)).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    const viaEnv = await aws('aws', ['events', 'put-events', '--entries', entries, '--output', 'json'], { env: { ...env, AWS_ENDPOINT_URL_EVENTBRIDGE: twin.endpoint } });
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ FailedEntryCount: 0 });
    await twin.idle();
    expect(calls).toHaveLength(2);
  });

  it('refuses a rule whose bus, pattern or schedule would not deploy', () => {
    const { invoker } = recordingInvoker();
    expect(() => fixture.twin({ buses: [bus], rules: [{ ...onCaseClosed([]), busName: 'nope' }], invokeLambda: invoker })).toThrow(/event bus nope does not exist/);
    expect(() => fixture.twin({ buses: [bus], rules: [onCaseClosed([], { source: 'not-a-list' })], invokeLambda: invoker })).toThrow(/Event pattern is not valid/);
    expect(() => fixture.twin({ buses: [bus], rules: [{ ...onCaseClosed([]), eventPattern: undefined, scheduleExpression: 'rate(1 days)' }], invokeLambda: invoker })).toThrow(/ScheduleExpression/);
  });
});
