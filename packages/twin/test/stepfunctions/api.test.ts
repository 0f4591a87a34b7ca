// The twin's HTTP face with real clients: @aws-sdk/client-sfn for history, listing and errors, raw
// requests for the wire format, the clock control and the monitor page.
import { afterEach, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { entered, Fixture, inProcessFunctions, machineArn, spec } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

const MARKER = 'BSN-123456782-Jansen';

function startTwin() {
  const clock = new TwinClock();
  const twin = fixture.twin({
    clock,
    invokeLambda: inProcessFunctions({ register: (payload) => ({ registered: payload }) }).invoker,
    stateMachines: [
      spec('Intake', {
        StartAt: 'Register',
        States: {
          Register: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'register', 'Payload.$': '$' }, ResultPath: '$.registration', Next: 'Check' },
          Check: { Type: 'Choice', Choices: [{ Variable: '$.urgent', BooleanEquals: true, Next: 'Urgent' }], Default: 'Wait' },
          Wait: { Type: 'Wait', Seconds: 3600, Next: 'Done' },
          Urgent: { Type: 'Fail', Error: 'Case.Urgent', Cause: `cause with ${MARKER}` },
          Done: { Type: 'Succeed' },
        },
      }),
      { ...spec('Other', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), regionId: 'zaanstreek-waterland' },
      spec('Escapes', { StartAt: 'Look <b>here</b> & "there"', States: { 'Look <b>here</b> & "there"': { Type: 'Fail', Error: 'Case.<i>Odd</i>', Cause: MARKER } } }),
    ],
  });
  return { twin, clock };
}

function sdk(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
}

describe('HTTP API', () => {
  it('serves GetExecutionHistory and ListExecutions to the AWS SDK, each in one page', async () => {
    const { twin, clock } = startTwin();
    await twin.start(0);
    const sfn = sdk(twin.endpoint);
    const names = ['a', 'b', 'c'];
    for (const name of names) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('Intake'), name, input: JSON.stringify({ person: MARKER, urgent: name === 'b' }) }));
      clock.advance(1000);
    }
    const arnOf = (name: string) => `${machineArn('Intake').replace(':stateMachine:', ':execution:')}:${name}`;
    await twin.awaitExecution(arnOf('b'), { timeoutMs: 5000 });
    await entered(twin, arnOf('c'), 'Wait');
    await entered(twin, arnOf('a'), 'Wait');

    // Newest first, all in one page even when the client asks for less.
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn('Intake'), maxResults: 2 }));
    expect(listed.executions!.map((e) => [e.name, e.status])).toEqual([
      ['c', 'RUNNING'],
      ['b', 'FAILED'],
      ['a', 'RUNNING'],
    ]);
    expect(listed.executions![0]!.startDate).toBeInstanceOf(Date);
    expect(listed.executions![1]!.stopDate).toBeInstanceOf(Date);
    expect(listed.nextToken).toBeUndefined();

    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arnOf('a'), maxResults: 3 }));
    expect(page.nextToken).toBeUndefined();
    const all = page.events!;
    expect(all.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ChoiceStateEntered', 'ChoiceStateExited', 'WaitStateEntered']);
    expect(all.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all[0]!.timestamp).toBeInstanceOf(Date);
    expect(all[0]!.executionStartedEventDetails?.input).toContain(MARKER);
    expect(all[1]!.stateEnteredEventDetails?.name).toBe('Register');
    expect(all[2]!.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'eu-west-1' });
    const failed = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: arnOf('b') }))).events!;
    expect(failed.at(-1)!.executionFailedEventDetails).toEqual({ error: 'Case.Urgent', cause: `cause with ${MARKER}` });

    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arnOf('b') }));
    expect(described).toMatchObject({ status: 'FAILED', error: 'Case.Urgent', name: 'b' });
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());

    const stopped = await sfn.send(new StopExecutionCommand({ executionArn: arnOf('a') }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
  });

  it('returns the service errors in the AWS JSON shape', async () => {
    const { twin } = startTwin();
    await twin.start(0);
    const sfn = sdk(twin.endpoint);
    const missing = `${machineArn('Intake').replace(':stateMachine:', ':execution:')}:nope`;
    const error = await sfn.send(new DescribeExecutionCommand({ executionArn: missing })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionDoesNotExist);
    expect(error).toMatchObject({ message: `Execution Does Not Exist: '${missing}'`, $metadata: { httpStatusCode: 400 } });

    const raw = await fetch(twin.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.DescribeExecution', authorization: 'AWS4-HMAC-SHA256 Credential=x/20250101/eu-west-1/states/aws4_request, SignedHeaders=host, Signature=00' },
      body: JSON.stringify({ executionArn: missing }),
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await raw.json()).toEqual({ __type: 'com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist', message: `Execution Does Not Exist: '${missing}'` });

    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('Missing') }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    const unknown = await fetch(twin.endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.CreateActivity' }, body: '{}' });
    expect(unknown.status).toBe(400);
  });

  it('lists state machines; dates are epoch seconds on the wire', async () => {
    const { twin } = startTwin();
    await twin.start(0);
    const sfn = sdk(twin.endpoint);
    const list = await sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines!.map((m) => [m.name, m.type])).toEqual([
      ['Escapes', 'STANDARD'],
      ['Intake', 'STANDARD'],
      ['Other', 'STANDARD'],
    ]);

    const raw = await fetch(twin.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
      body: JSON.stringify({ stateMachineArn: machineArn('Other') }),
    });
    const body = (await raw.json()) as { startDate: unknown };
    expect(typeof body.startDate).toBe('number');
    expect(Math.abs((body.startDate as number) * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('moves the virtual clock over HTTP', async () => {
    const { twin, clock } = startTwin();
    await twin.start(0);
    const before = clock.nowMs();
    const advanced = await fetch(`${twin.endpoint}/_twin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 86_400 }) });
    const { now } = (await advanced.json()) as { now: string };
    expect(Date.parse(now) - before).toBeGreaterThanOrEqual(86_400_000);
    const target = new Date(before + 10 * 86_400_000).toISOString();
    await fetch(`${twin.endpoint}/_twin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: target }) });
    const read = (await (await fetch(`${twin.endpoint}/_twin/clock`)).json()) as { now: string };
    expect(Date.parse(read.now)).toBeGreaterThanOrEqual(Date.parse(target));
    const back = await fetch(`${twin.endpoint}/_twin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: new Date(before).toISOString() }) });
    expect(back.status).toBe(400);
  });

  it('renders the monitor without execution data, escaping names', async () => {
    const { twin } = startTwin();
    await twin.start(0);
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Intake'), name: 'case-1', input: JSON.stringify({ person: MARKER, urgent: false }) });
    await entered(twin, executionArn, 'Wait');
    const urgent = await twin.startExecution({ stateMachineArn: machineArn('Intake'), name: 'urgent', input: JSON.stringify({ person: MARKER, urgent: true }) });
    await twin.awaitExecution(urgent.executionArn, { timeoutMs: 5000 });

    const odd = await twin.startExecution({ stateMachineArn: machineArn('Escapes'), input: JSON.stringify({ person: MARKER }) });
    await twin.awaitExecution(odd.executionArn, { timeoutMs: 5000 });

    const index = await (await fetch(twin.monitorUrl)).text();
    expect(index).toContain('Region kennemerland');
    expect(index).toContain('Region zaanstreek-waterland');
    expect(index).toContain('case-1');
    expect(index).toContain('Case.&lt;i&gt;Odd&lt;/i&gt;');
    expect(index).not.toContain('<i>Odd</i>');
    expect(index).toContain('RUNNING');
    expect(index).toMatch(/<td>Wait<\/td>/);
    expect(index).toContain('Case.Urgent');
    expect(index).not.toContain(MARKER);

    const page = await (await fetch(`${twin.monitorUrl}/execution?arn=${encodeURIComponent(executionArn)}`)).text();
    for (const expected of ['ExecutionStarted', 'TaskScheduled', 'Register', 'ChoiceStateEntered', 'WaitStateEntered']) expect(page).toContain(expected);
    expect(page).not.toContain(MARKER);
    const failedPage = await (await fetch(`${twin.monitorUrl}/execution?arn=${encodeURIComponent(urgent.executionArn)}`)).text();
    expect(failedPage).toContain('Case.Urgent');
    expect(failedPage).not.toContain(MARKER);
    const oddPage = await (await fetch(`${twin.monitorUrl}/execution?arn=${encodeURIComponent(odd.executionArn)}`)).text();
    expect(oddPage).toContain('Look &lt;b&gt;here&lt;/b&gt; &amp; &quot;there&quot;');
    expect(oddPage).not.toContain('<b>here</b>');
    expect(oddPage).not.toContain(MARKER);
    expect((await fetch(`${twin.monitorUrl}/execution?arn=nope`)).status).toBe(404);
  });
});
