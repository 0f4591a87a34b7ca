// What AWS gives up on lands in the twin's queues, in the shapes AWS gives it, and the runbook's
// redrive (`npm run redrive`) gives it back to its function: a failed stream batch of the case-change
// consumer, a scheduled covenant run whose function failed (on-failure destination) and one whose
// invocation was refused (the schedule's dead-letter queue).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand, type Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { redrive, type RedriveOptions } from '../../scripts/redrive';
import { useOwnTwin } from '../support/own-twin';
import { keysOf } from '../support/twin-ops';
import { signalFor } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';

const REGION = 'kennemerland';
const DAY_MS = 86_400_000;
const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('dead letters and their redrive', () => {
  const own = useOwnTwin();
  const driver = new WorkflowDriver(own, REGION);

  const queueOf = (logicalIdPart: string) => {
    const twin = own.twin();
    const stack = twin.regions.get(REGION)!.stack.stackName;
    const queue = twin.sqs.queues().find((q) => q.name.startsWith(stack) && q.name.includes(logicalIdPart));
    if (!queue) throw new Error(`no queue ${logicalIdPart} in ${stack}`);
    return { ...queue, url: twin.sqs.queueUrl(queue.arn) };
  };
  const sqsAs = (profile?: string) => {
    const twin = own.twin();
    return new SQSClient({ endpoint: twin.endpoints.sqs, region: 'eu-west-1', credentials: keysOf(twin, profile) });
  };
  /** Reads without taking: the messages become visible again at once. */
  const peek = async (url: string): Promise<Message[]> => {
    const { Messages = [] } = await sqsAs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }));
    // Visible again at once, a message may come twice in one receive.
    return [...new Map(Messages.map((m) => [m.MessageId, m])).values()];
  };
  const target = (): NonNullable<RedriveOptions['twin']> => {
    const twin = own.twin();
    return { endpoints: twin.endpoints, credentials: keysOf(twin), region: 'eu-west-1' };
  };

  it('a stream batch the consumer keeps failing lands in CaseChangesFailed with where its records are, and the redrive starts the work process', async () => {
    const twin = own.twin();
    const queue = queueOf('CaseChangesFailed');
    twin.faults.inject({ functionName: 'OnCaseChange', times: 10_000, errorType: 'Error' });
    const reply = await own.call(`${REGION}.politie`, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const caseId = reply.body.caseId as string;
    await driver.settle();
    twin.faults.clear();

    const messages = await peek(queue.url);
    expect(messages.length).toBeGreaterThan(0);
    const record = JSON.parse(messages[0]!.Body!);
    expect(record.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', functionArn: expect.stringContaining(':function:') });
    expect(record.DDBStreamBatchInfo).toMatchObject({ shardId: expect.any(String), startSequenceNumber: expect.any(String), batchSize: expect.any(Number) });
    // Where the records are, never what they hold.
    expect(messages.map((m) => m.Body).join('')).not.toContain(caseId);
    expect(await driver.tasks('gemeente-haarlem', caseId)).toEqual([]);

    // The old runbook step: SQS moves messages back only to an SQS source queue, which this is not.
    await expect(sqsAs().send(new StartMessageMoveTaskCommand({ SourceArn: queue.arn }))).rejects.toThrow(/Dead Letter Queue/);

    const lines: string[] = [];
    const result = await redrive({ queue: queue.url, twin: target(), log: (line) => lines.push(line) });
    expect(lines.join('\n')).toMatch(/stream batch \(\d+ records\) -> .*OnCaseChange.* done; deleted/);
    expect(result).toMatchObject({ failed: 0, skipped: 0 });
    expect(result.redriven).toBe(messages.length);
    // The case-change consumer has now started the work process: the weighing asks the municipality.
    await driver.waitForTask('gemeente-haarlem', caseId, 'weighing-contribution', 'municipality');
    expect(await peek(queue.url)).toEqual([]);
  }, 300_000);

  it('a scheduled run whose function fails goes to its on-failure destination, one whose invocation is refused to the schedule\'s dead-letter queue; `npm run redrive` runs both again', async () => {
    const twin = own.twin();
    const queue = queueOf('ScheduledRunsFailed');
    // The function's own error: Lambda accepted the invocation, its record names the function.
    twin.faults.inject({ functionName: 'RunRetention', times: 1_000, errorType: 'Error' });
    twin.clock.advance(DAY_MS);
    await driver.settle();
    twin.faults.clear();
    // The invocation itself refused (the Lambda service's error): the Scheduler's dead letter.
    twin.faults.inject({ functionName: 'RunRetention', times: 1_000, errorType: 'Lambda.ServiceException' });
    twin.clock.advance(DAY_MS);
    await driver.settle();
    twin.faults.clear();

    const messages = await peek(queue.url);
    const records = messages.filter((m) => !m.MessageAttributes?.TARGET_ARN).map((m) => JSON.parse(m.Body!));
    const letters = messages.filter((m) => m.MessageAttributes?.TARGET_ARN);
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({ requestContext: { functionArn: expect.stringContaining('RunRetention'), condition: 'RetriesExhausted' }, requestPayload: { job: 'run-retention' } });
    expect(letters.length).toBeGreaterThan(0);
    expect(letters[0]!.MessageAttributes).toMatchObject({ TARGET_ARN: { StringValue: expect.stringContaining('RunRetention') }, ERROR_CODE: { StringValue: 'Lambda.ServiceException' }, SCHEDULE_ARN: expect.anything() });
    expect(JSON.parse(letters[0]!.Body!)).toEqual({ job: 'run-retention' });

    // Only the twin-ops profile reads the queues: a partner role is refused.
    await expect(sqsAs(`${REGION}.politie`).send(new ReceiveMessageCommand({ QueueUrl: queue.url }))).rejects.toThrow(/twin-ops|not authorized/);

    // The runbook's command, literally, against this twin's state folder.
    const { stdout } = await run('npm', ['run', '--silent', 'redrive', '--', '--twin', '--queue', queue.name], { env: { ...process.env, CTER_TWIN_STATE_DIR: own.stateDir! }, cwd: ROOT });
    expect(stdout).toMatch(new RegExp(`redriven ${messages.length}, failed again 0, skipped 0`));
    expect(await peek(queue.url)).toEqual([]);
  }, 300_000);
});
