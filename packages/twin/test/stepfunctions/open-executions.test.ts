// What one call costs must not grow with the executions the twin holds: the knee bench leaves
// hundreds of executions open on a task, and every later request paid for each of them. Counted,
// not timed: which executions' journals a SendTaskSuccess reads, and how many timers the clock
// walks past to schedule or cancel one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { EndpointGuard } from '../../src/endpoint-auth.js';
import { IamAuthorizer } from '../../src/iam-authorizer.js';
import { TwinIdentities } from '../../src/identity.js';
import { StepFunctionsTwin, TwinClock } from '../../src/stepfunctions/index.js';
import { ACCOUNT, Fixture, functionArn, inProcessFunctions, machineArn, REGION, spec, tokenFor } from './helpers.js';

const fixture = new Fixture();
afterEach(async () => {
  vi.restoreAllMocks();
  await fixture.cleanup();
});

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/work-process`;

describe('a call with many executions open', () => {
  it('SendTaskSuccess reads the journal of its own execution only, not every execution the twin holds', async () => {
    const identities = new TwinIdentities(() => Date.now());
    const credential = { profile: 'kennemerland.work-process', roleArn: ROLE_ARN, region: REGION, accessKeyId: 'AKIAWORKPROCESS00001', secretAccessKey: 'w'.repeat(40) };
    identities.addProfiles([credential]);
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'states:SendTaskSuccess', Resource: machineArn('Human') }] };
    const authorizer = new IamAuthorizer(new Map([[ROLE_ARN, { roleArn: ROLE_ARN, roleName: 'work-process', identityPolicies: [{ name: 'answer', policy }], boundaryPolicies: [] }]]));
    const functions = inProcessFunctions({ createTodo: () => ({ created: true }) });
    const definition = {
      StartAt: 'Assess',
      States: { Assess: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: functionArn('createTodo'), Payload: { 'taskToken.$': '$$.Task.Token' } }, End: true } },
    };
    // With the guard, the endpoint authorizes SendTaskSuccess against the task's state machine, as the twin runs it.
    const guard = new EndpointGuard(identities, authorizer, 'states', [REGION]);
    const twin = new StepFunctionsTwin({ clock: new TwinClock(), invokeLambda: functions.invoker, stateMachines: [spec('Human', definition)], guard, log: () => undefined });
    fixture.twins.push(twin);
    await twin.start(0);

    const open: string[] = [];
    for (let i = 0; i < 20; i++) open.push((await twin.startExecution({ stateMachineArn: machineArn('Human'), name: `case-${i}` })).executionArn);
    const tokens = await Promise.all(open.map((arn) => tokenFor(twin, arn, 'Assess')));

    // Every execution's journal reports when it is read.
    const read = new Set<string>();
    for (const arn of open) {
      const record = twin.executionSnapshot(arn)!.record;
      const journal = record.journal;
      record.journal = new Proxy(journal, {
        get: (target, key, receiver) => (read.add(arn), Reflect.get(target, key, receiver)),
        ownKeys: (target) => (read.add(arn), Reflect.ownKeys(target)),
      });
    }

    const sfn = new SFNClient({ endpoint: twin.endpoint, region: REGION, credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey } });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: tokens[7]!, output: '{"decision":"approved"}' }));
    expect((await twin.awaitExecution(open[7]!, { timeoutMs: 5000 })).status).toBe('SUCCEEDED');
    expect([...read]).toEqual([open[7]]);
  });

  it('StartExecution compares the definition with the machine once, not on every start', async () => {
    const definition = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
    const twin = fixture.twin({ clock: new TwinClock(), invokeLambda: inProcessFunctions({}).invoker, stateMachines: [spec('Quick', definition)] });
    await twin.start(0);
    // The project's definitions are tens of kilobytes of JSON; serialising one twice per start showed in the knee's profile.
    const stringify = vi.spyOn(JSON, 'stringify');
    for (let i = 0; i < 10; i++) await twin.startExecution({ stateMachineArn: machineArn('Quick'), name: `run-${i}` });
    expect(stringify.mock.calls.filter(([value]) => value === definition).length).toBeLessThanOrEqual(2);
  });
});
