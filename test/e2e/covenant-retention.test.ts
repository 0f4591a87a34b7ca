// Retention and destruction, and reviews of deferred informing, on a twin of this file's own: these
// tests move the virtual clock by a year and more, which would disturb the shared twin. The case
// walks the real work process (signal, weighing, no action); the final state sets the deadline of
// the covenant version in force; the retention job, run past it, leaves nothing of the person in
// any table and a destruction record behind.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { runFunction } from '../../scripts/run-function';
import { keysOf, sfnCall } from '../support/twin-ops';
import { auditRecords, invokeFunction, itemsMentioning, ownTwinTables, seedQuietCase } from '../support/covenant';
import { settled, useOwnTwin } from '../support/own-twin';
import { signalFor } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';
import { ASSEMBLY_DIR } from '../support/assembly';

const own = useOwnTwin();
const REGION = 'kennemerland';
const as = (organisation: string) => `${REGION}.${organisation}`;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const dutchDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const addMonths = (iso: string, months: number) => {
  const date = new Date(iso);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString();
};

// Walking the work process and jumping the clock by a year (every daily schedule runs on the way)
// takes seconds; on a busy machine more than the default 30.
const SLOW = { timeout: 240_000 };


/** Moves the twin's clock (forward only) and lets every schedule that fell due run. */
async function clockTo(at: Date): Promise<void> {
  own.twin().clock.set(at);
  await settled(own.twin());
}

describe('a signal not taken up', SLOW, () => {
  const signal = signalFor('haarlem');
  const disclosed = 'Aangehouden in 2025 wegens bedreiging via sociale media.';
  let caseId: string;
  let caseNumber: string;
  let deleteAfter: string;
  let reviewTask: string;

  it('collects personal data in every corner while it is weighed', async () => {
    const wf = new WorkflowDriver(own, REGION);
    const registered = await own.call(as('politie'), 'POST', '/signals', { body: signal, headers: { 'idempotency-key': `retention-${crypto.randomUUID()}` } });
    expect(registered.status).toBe(201);
    caseId = registered.body.caseId;
    caseNumber = registered.body.caseNumber;
    await wf.settle();
    await wf.waitForState(caseId, 'weighing');

    const disclosure = await own.call(as('politie'), 'POST', `/cases/${caseId}/disclosures`, {
      body: {
        recipients: ['gemeente-haarlem'],
        categories: ['criminal-data'],
        items: [{ category: 'criminal-data', label: 'Aanhouding', content: disclosed }],
        purpose: 'weighing',
        basis: { kind: 'legal-basis', reference: 'wpg-20' },
        proportionality: 'Alleen de aanhouding die de weging raakt.',
        subsidiarity: 'De gemeente kan dit niet uit eigen bron weten.',
      },
    });
    expect(disclosure.status, JSON.stringify(disclosure.body)).toBe(201);
    const now = own.twin().clock.now();
    const consent = await own.call(as('gemeente-haarlem'), 'POST', `/cases/${caseId}/consents`, {
      body: { recipients: ['ggz'], categories: ['identity'], purposes: ['case-consultation'], givenAt: now.toISOString(), form: 'oral' },
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    const deferral = await own.call(as('gemeente-haarlem'), 'POST', `/cases/${caseId}/informing`, {
      body: { kind: 'deferred', ground: 'ongoing-investigation', reason: 'Lopend onderzoek van de politie', reviewAt: dutchDate(new Date(now.getTime() + DAY)) },
    });
    expect(deferral.status, JSON.stringify(deferral.body)).toBe(201);
  });

  it('turns the deferral of informing into a task of the municipality once its review date comes', async () => {
    const wf = new WorkflowDriver(own, REGION);
    await wf.contributeAll(caseId, 'haarlem');
    await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'no-action');
    await wf.waitForState(caseId, 'no-action');

    expect(await invokeFunction(own.twin(), REGION, 'ReviewInforming', { job: 'informing-review' })).toMatchObject({ opened: 0 });
    // Two days on, the daily schedule (03:45 Dutch time on the twin's clock) has opened the review task;
    // running the job once more on demand finds nothing left to open.
    await clockTo(new Date(own.twin().clock.nowMs() + 2 * DAY));
    await invokeFunction(own.twin(), REGION, 'ReviewInforming', { job: 'informing-review' });
    const reviews = (await wf.tasks('gemeente-haarlem', caseId)).filter((t) => t.kind === 'informing-review');
    expect(reviews).toHaveLength(1);
    const task = reviews[0]!;
    reviewTask = task.taskId;
    expect(task).toMatchObject({ kind: 'informing-review', assignees: ['municipality'], allowedOutcomes: [] });

    const informed = await own.call(as('gemeente-haarlem'), 'POST', `/cases/${caseId}/informing`, { body: { kind: 'informed', informedAt: own.twin().clock.now().toISOString(), channel: 'conversation' } });
    expect(informed.status, JSON.stringify(informed.body)).toBe(201);
    expect(informed.body.closedReviewTasks).toEqual([reviewTask]);
    await wf.settle();
    expect((await wf.tasks('gemeente-haarlem', caseId)).map((t) => t.kind)).not.toContain('informing-review');
  });

  it('gets the retention deadline of the covenant version in force when the weighing decided', async () => {
    const record = await new WorkflowDriver(own, REGION).caseOf(caseId);
    expect(record.retention).toMatchObject({ rule: 'signal-not-taken-up', covenantVersion: 'cter-2023', article: '16(3)', from: expect.any(String) });
    expect(record.retention.deleteAfter).toBe(addMonths(record.retention.from, 12));
    deleteAfter = record.retention.deleteAfter;
  });

  it('keeps everything until the deadline', async () => {
    await clockTo(new Date(Date.parse(deleteAfter) - HOUR));
    await invokeFunction(own.twin(), REGION, 'RunRetention', { job: 'run-retention' });
    expect((await own.call(as('politie'), 'GET', `/cases/${caseId}`)).status).toBe(200);
  });

  it('destroys the personal data in every table past the deadline, and proves it with a destruction record', async () => {
    const tables = ownTwinTables(own.twin(), REGION);
    const personal = [signal.subject.bsn, signal.subject.name, signal.reason, signal.reporter.name, signal.reporter.phone, disclosed];
    const before = await itemsMentioning(tables, 'cases', [caseId]);
    expect(new Set(before.map((i) => i.entity))).toEqual(new Set(['case', 'history', 'task', 'disclosure', 'consent', 'informing', 'reference', 'subject-case', 'idempotency', 'retention-deadline']));

    // Past the deadline: the daily schedule may run the job first (03:15 Dutch time on the twin's clock); the
    // run on demand then finds nothing left, so the end state is what is asserted.
    await clockTo(new Date(own.twin().clock.nowMs() + 2 * HOUR));
    await invokeFunction(own.twin(), REGION, 'RunRetention', { job: 'run-retention' });
    await settled(own.twin());

    expect(await itemsMentioning(tables, 'cases', [caseId, caseNumber, ...personal])).toEqual([]);
    expect(await itemsMentioning(tables, 'audit', personal)).toEqual([]);
    // The audit stays for its own retention, under a keyed pseudonym: the raw case id is nowhere in the audit table.
    expect(await auditRecords(tables, caseId)).toEqual([]);
    expect(await itemsMentioning(tables, 'audit', [caseId])).toEqual([]);
    expect((await own.call(as('politie'), 'GET', `/cases/${caseId}`)).status).toBe(404);
    const report = await own.call(as('privacy-officer'), 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect(report.body.cases).toEqual([]);

    const trail = await own.call(as('privacy-officer'), 'GET', `/cases/${caseId}/audit`);
    expect(trail.status, JSON.stringify(trail.body)).toBe(200);
    expect(trail.body).not.toHaveProperty('caseNumber');
    const pseudonym = trail.body.destruction.casePseudonym;
    // Keyed: not the old unkeyed hash of the id, which anyone holding a case id list could test.
    expect(pseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonym).not.toBe(createHash('sha256').update(`cter-case-v1\u0000${caseId}`).digest('hex'));
    expect(pseudonym).toBe(await tables.pseudonyms.casePseudonymOf(caseId));
    // Every record of the case is still answered for, without the case id, expiring five years after the destruction.
    expect(trail.body.records.length).toBeGreaterThan(5);
    expect(trail.body.records.length).toBe(trail.body.destruction.pseudonymisedAuditRecords);
    for (const record of trail.body.records) {
      expect(record).not.toHaveProperty('caseId');
      expect(record).toMatchObject({ casePseudonym: pseudonym, organisationId: expect.any(String), route: expect.any(String), at: expect.any(String) });
    }
    const destroyedAt = new Date(trail.body.destruction.destroyedAt);
    const fiveYearsOn = new Date(destroyedAt);
    fiveYearsOn.setUTCFullYear(destroyedAt.getUTCFullYear() + 5);
    fiveYearsOn.setUTCMilliseconds(0); // the table's TTL attribute holds epoch seconds
    expect(trail.body.destruction.auditExpiresAt).toBe(fiveYearsOn.toISOString());
    const stored = await tables.client.send(new QueryCommand({ TableName: tables.audit, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `PSEUDONYM#${pseudonym}` } }, ConsistentRead: true }));
    const items = (stored.Items ?? []).map((i) => unmarshall(i));
    // The trail read just now is recorded too, under the pseudonym and expiring with the rest.
    expect(items.length).toBe(trail.body.records.length + 1);
    expect(items.filter((i) => i.route === 'GET /cases/{caseId}/audit' && i.organisationId === 'privacy-officer')).toHaveLength(1);
    for (const item of items) expect(item.expiresAt).toBe(Math.floor(fiveYearsOn.getTime() / 1000));
    expect(trail.body.destruction).toMatchObject({
      caseNumber,
      regionId: REGION,
      rule: 'signal-not-taken-up',
      article: '16(3)',
      covenantVersion: 'cter-2023',
      deleteAfter,
      // The deferral's review left the queue when it became a task.
      deletedItems: { case: 1, disclosure: 1, consent: 1, informing: 2, reference: 1, 'subject-lookup': 1, idempotency: 1, task: 6 },
    });
    expect(trail.body.destruction.deletedItems.history).toBeGreaterThan(3);
    expect(trail.body.destruction.totalDeleted).toBe(Object.values(trail.body.destruction.deletedItems as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(JSON.stringify(trail.body)).not.toContain(signal.subject.bsn);
  });

  it('runs again without finding anything (a second run is harmless)', async () => {
    const run = await invokeFunction(own.twin(), REGION, 'RunRetention', { job: 'run-retention' });
    expect(run).toMatchObject({ due: 0, destroyed: [] });
  });
});

describe('a closed case', SLOW, () => {
  it('is kept five years from closure under the covenant version in force, then destroyed', async () => {
    const tables = ownTwinTables(own.twin(), REGION);
    const { caseId, bsn } = await seedQuietCase(REGION, { municipality: 'velsen', state: 'monitoring' }, tables);
    // The step the monitoring cycle's RecordClosed state runs (the work process itself is walked in
    // workflow.test.ts), from a cycle execution of the case that waits for its evaluation: record-state
    // asks Step Functions which version that execution runs.
    const cycle = `arn:aws:states:eu-west-1:000000000000:execution:cter-${REGION}-monitoring:${caseId}-cycle-1`;
    const started = await sfnCall(own.twin(), 'StartExecution', { stateMachineArn: `arn:aws:states:eu-west-1:000000000000:stateMachine:cter-${REGION}-monitoring:live`, name: `${caseId}-cycle-1`, input: JSON.stringify({ caseId, cycle: 1, mode: 'monitoring', dueAt: '2099-01-01T00:00:00Z' }) });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    await invokeFunction(own.twin(), REGION, 'RecordState', { caseId, toState: 'closed', eventType: 'case.closed', executionArn: cycle });
    await sfnCall(own.twin(), 'StopExecution', { executionArn: cycle });
    const closed = await new WorkflowDriver(own, REGION).caseOf(caseId);
    expect(closed.state).toBe('closed');
    expect(closed.retention).toMatchObject({ rule: 'case-closed', covenantVersion: 'cter-2023', article: '16(3)' });
    expect(closed.retention.deleteAfter).toBe(addMonths(closed.retention.from, 60));
    expect(await auditRecords(tables, caseId)).toContainEqual(expect.objectContaining({ route: 'workflow:record-state', organisationId: 'workflow', covenantVersion: 'cter-2023' }));

    await clockTo(new Date(Date.parse(closed.retention.deleteAfter) - DAY));
    await invokeFunction(own.twin(), REGION, 'RunRetention', {});
    expect((await own.call(as('politie'), 'GET', `/cases/${caseId}`)).status).toBe(200);
    // Past the deadline the daily schedule runs the job on the twin's clock; the on-demand path of
    // `npm run twin:run-retention` (the same asset, a worker and a clock of its own) finds the case
    // destroyed or destroys it itself: runs claim a deadline, so they never split one case.
    await clockTo(new Date(own.twin().clock.nowMs() + 2 * DAY));
    const result = await runFunction({ assemblyDir: ASSEMBLY_DIR, region: REGION, construct: 'RunRetention', event: { job: 'on-demand' }, endpoints: own.twin().endpoints, credentials: keysOf(own.twin()) });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    await settled(own.twin());
    expect((await own.call(as('politie'), 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect(await itemsMentioning(tables, 'cases', [caseId, bsn])).toEqual([]);
    expect((await own.call(as('privacy-officer'), 'GET', `/cases/${caseId}/audit`)).body.destruction).toMatchObject({ rule: 'case-closed', covenantVersion: 'cter-2023', deletedItems: { case: 1, 'subject-lookup': 1 } });
  });
});
