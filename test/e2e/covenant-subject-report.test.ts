// The subject report (art. 15 GDPR) carries what the person has a right to see, shaped by an
// allowlist per record type: never a Step Functions task token (the transfer's answer token would
// let its holder answer the transfer), execution ARNs or other workflow internals. Driven through a
// real transfer between regions on a twin of this file's own (the work process runs).
import { describe, expect, it } from 'vitest';
import { useOwnTwin } from '../support/own-twin';
import { WorkflowDriver } from '../support/workflow-driver';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { call, signalFor } from '../support/signed-client';
import { callAsMentor, caseWithPlan, keptMeasures, mentorWithPlaces, youngAdultPlan } from '../support/measures';
import { twinNow } from '../support/covenant';
import { dynamoClient, tableName } from '../support/tables';

const own = useOwnTwin();

/** Every key name and string value of a JSON document, at any depth. */
function walk(value: unknown, keys: string[] = [], strings: string[] = []): { keys: string[]; strings: string[] } {
  if (Array.isArray(value)) value.forEach((v) => walk(v, keys, strings));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.push(k);
      walk(v, keys, strings);
    }
  } else if (typeof value === 'string') strings.push(value);
  return { keys, strings };
}

describe('the subject report of a transferred case', { timeout: 240_000 }, () => {
  it('keeps tokens and workflow internals out, in the sending and the receiving region', async () => {
    const ken = new WorkflowDriver(own, 'kennemerland');
    const zw = new WorkflowDriver(own, 'zaanstreek-waterland');
    const signal = signalFor('beverwijk');
    const registered = await own.call('kennemerland.politie', 'POST', '/signals', { body: signal });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const caseId = registered.body.caseId as string;
    await ken.settle();
    await ken.waitForState(caseId, 'weighing');
    await ken.contributeAll(caseId, 'beverwijk');
    const current = await ken.caseOf(caseId);
    const offered = await own.call('kennemerland.gemeente-beverwijk', 'POST', `/cases/${caseId}/transfers`, {
      body: { version: current.version, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'betrokkene is verhuisd; warme overdracht besproken' },
    });
    expect(offered.status, JSON.stringify(offered.body)).toBe(202);
    await ken.waitForState(caseId, 'transfer-requested');

    // The receiving region registered the offer, with the answer token of the waiting transfer execution.
    let incoming: any;
    const deadline = Date.now() + 60_000;
    while (!incoming && Date.now() < deadline) {
      await zw.settle();
      const report = await own.call('zaanstreek-waterland.privacy-officer', 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
      expect(report.status, JSON.stringify(report.body)).toBe(200);
      incoming = report.body.cases.length ? report : undefined;
    }
    expect(incoming, 'the receiving region registered no case for the person').toBeDefined();
    const sending = await own.call('kennemerland.privacy-officer', 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect(sending.status).toBe(200);

    for (const report of [incoming.body, sending.body]) {
      const { keys, strings } = walk(report);
      expect(keys.filter((k) => /token|execution|workflow|arn/i.test(k))).toEqual([]);
      expect(strings.filter((s) => s.startsWith('arn:') || s.length > 400)).toEqual([]);
      expect(report.cases).toHaveLength(1);
      // What the person is entitled to stays: their data, where it came from, how long it is kept.
      expect(report.cases[0].case.subject).toMatchObject({ bsn: signal.subject.bsn, name: signal.subject.name });
    }
    expect(incoming.body.cases[0].case.transferIn).toEqual({ fromRegion: 'kennemerland', originCaseId: caseId, originCaseNumber: registered.body.caseNumber, receivedAt: expect.any(String) });
    expect(sending.body.cases[0].case.transfer).toMatchObject({ toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', requestedAt: expect.any(String) });
    expect(sending.body.cases[0].history.map((e: any) => e.type)).toContain('case.transfer_requested');
  });
});

/** What the region's table holds under the case's partition, counted by item kind (`entity`). */
async function partitionKinds(region: string, caseId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let startKey: Record<string, any> | undefined;
  do {
    const out = await dynamoClient().send(
      new QueryCommand({ TableName: tableName(region, 'DataCasesTable'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `CASE#${caseId}` } }, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of out.Items ?? []) {
      const kind = item.entity?.S ?? 'unlabelled';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return counts;
}

describe('the subject report holds everything the region stores about the person', { timeout: 300_000 }, () => {
  it('a case with plan versions, measures, a progress note, a ONE-on-ONE session, a consultation and tasks', async () => {
    const REGION = 'kennemerland';
    // Through the real API and work process: weighed, admitted, the plan adopted by the consultation.
    const { caseId, measures, adoptedOn } = await caseWithPlan(REGION, { adopted: true });
    const bsn: string = (await call(`${REGION}.gemeente-haarlem`, 'GET', `/cases/${caseId}`)).body.subject.bsn;
    const mentorId = await mentorWithPlaces(REGION);
    expect((await call(`${REGION}.one-on-one`, 'POST', `/cases/${caseId}/measures/${measures.mentor}/mentor`, { body: { mentorId } })).status).toBe(200);
    expect((await call(`${REGION}.one-on-one`, 'POST', `/cases/${caseId}/measures/${measures.mentor}/transitions`, { body: { action: 'start', startedOn: adoptedOn } })).status).toBe(200);
    const session = { date: adoptedOn, durationMinutes: 75, themes: ['family', 'future-plans'], progress: { 'working-relationship': 4, 'self-reliance': 2, 'social-connection': 3, 'future-perspective': 5, resilience: 3 } };
    const logged = await callAsMentor(REGION, mentorId, 'POST', `/cases/${caseId}/measures/${measures.mentor}/sessions`, { body: session });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const noteText = 'Eerste gesprek over dagbesteding gevoerd';
    const noted = await call(`${REGION}.gemeente-haarlem`, 'POST', `/cases/${caseId}/measures/${measures.daytime}/notes`, { body: { text: noteText } });
    expect(noted.status, JSON.stringify(noted.body)).toBe(201);
    const drafted = (await call(`${REGION}.zvh`, 'GET', `/cases/${caseId}/plan`)).body.plan;
    const revision = { ...youngAdultPlan(), basedOnVersion: 1, measures: keptMeasures(drafted, youngAdultPlan().measures) };
    revision.goals = [revision.goals[0]!, { ...revision.goals[1]!, statement: 'Heeft drie vrienden buiten het netwerk' }];
    const revised = await call(`${REGION}.zvh`, 'POST', `/cases/${caseId}/plan`, { body: revision });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    const agenda = ['Voortgang ONE-on-ONE', 'Herziening plan van aanpak'];
    const scheduledAt = new Date((await twinNow()).getTime() + 86_400_000).toISOString();
    const consultation = await call(`${REGION}.zvh`, 'POST', `/cases/${caseId}/consultations`, { body: { scheduledAt, attendees: ['zvh', 'gemeente-haarlem'], agenda } });
    expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);

    const reply = await call(`${REGION}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.cases).toHaveLength(1);
    const report = reply.body.cases[0];
    // The plan as it stands and every version the consultations discussed, with the measures' lifecycle.
    expect(report.plan).toMatchObject({ version: 2, status: 'draft', inForceVersion: 1 });
    expect(report.plan.measures.find((m: any) => m.measureId === measures.mentor)).toMatchObject({ status: 'active', startedOn: adoptedOn, mentorId });
    expect(report.planVersions.map((v: any) => [v.content.version, v.status])).toEqual([[1, 'adopted'], [2, 'draft']]);
    expect(report.planVersions[1].content.goals[1].statement).toBe('Heeft drie vrienden buiten het netwerk');
    expect(report.progressNotes).toEqual([expect.objectContaining({ measureId: measures.daytime, text: noteText, authorOrganisationId: 'gemeente-haarlem' })]);
    expect(report.sessions).toEqual([expect.objectContaining({ measureId: measures.mentor, date: adoptedOn, durationMinutes: 75, themes: session.themes, progress: session.progress })]);
    expect(report.consultations).toEqual([expect.objectContaining({ consultationId: consultation.body.consultationId, agenda, attendees: ['zvh', 'gemeente-haarlem'] })]);
    expect(report.tasks.map((t: any) => t.kind)).toEqual(expect.arrayContaining(['weighing-contribution', 'weighing-decision', 'triangle-decision', 'plan-adoption']));
    expect(report.tasks.find((t: any) => t.kind === 'plan-adoption')).toMatchObject({ status: 'done', outcome: 'adopted', decidedBy: 'zvh' });

    // Every item the partition holds was read and is either in the report or withheld for a stated reason.
    const stored = await partitionKinds(REGION, caseId);
    expect(report.contents).toEqual(stored);
    for (const kind of Object.keys(stored)) {
      expect(report.sections[kind] ?? report.withheld[kind], `item kind ${kind} is neither reported nor withheld with a reason`).toBeTruthy();
    }
    // Withheld are bookkeeping items only (idempotency pointers, the outbox's ids-only event copies).
    for (const kind of Object.keys(report.withheld)) expect(['reference', 'event']).toContain(kind);
    for (const reason of Object.values(report.withheld)) expect(reason).toMatch(/\w+ \w+/);
    // Nothing of the workflow's internals: no task tokens or execution ARNs.
    const { keys, strings } = walk(report);
    expect(keys.filter((k) => /token|execution|arn$|personKey|rev$/i.test(k))).toEqual([]);
    expect(strings.filter((s) => s.startsWith('arn:'))).toEqual([]);
  });
});
