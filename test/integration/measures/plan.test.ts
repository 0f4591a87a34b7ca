// The measures routes GET /measures/catalogue and POST /cases/{caseId}/plan, and the measures
// repository, against DynamoDB Local alone: a plan is drafted and revised by version, every write
// is conditional on the plan's revision read and carries its audit record.
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke';
import { audit, newCase } from '../support/cases';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('measures');
const { CaseRepository, putPlan } = await import('@cter/case-store');
const { dynamo } = await import('@cter/store');
const measures = await import('../../../services/measures/adapters/measures-repository');
const { WriteRefused } = measures;
const getCatalogue = (await import('../../../services/measures/handlers/get-catalogue')).handler;
const draftPlan = (await import('../../../services/measures/handlers/draft-plan')).handler;
const cases = new CaseRepository(tables);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const plan = (statement = 'Volgt vier dagen per week een opleiding') => ({
  targetGroups: ['young-adults'],
  riskFactors: ['social-isolation'],
  protectiveFactors: ['school-attendance'],
  goals: [{ goalId: 'g-school', lifeDomain: 'education-and-work', statement }],
  measures: [{ catalogueId: 'daytime-activity', owner: { organisationId: 'gemeente-haarlem', organisationType: 'municipality' }, goalIds: ['g-school'], start: day(0), plannedEnd: day(180) }],
});

/** A case in consultation, admitted: where a plan of action is drafted. */
async function caseInConsultation(): Promise<string> {
  const { record, event } = newCase();
  const admitted = { ...record, state: 'consultation' as const, admission: { at: record.createdAt, version: 1 } };
  await cases.create(admitted, event, audit(record.caseId));
  return record.caseId;
}

const draft = (organisation: string, caseId: string, body: unknown) =>
  invoke(draftPlan, organisation, { method: 'POST', resource: '/cases/{caseId}/plan', path: `/cases/${caseId}/plan`, pathParameters: { caseId }, body });

describe('GET /measures/catalogue (get-catalogue)', () => {
  const read = (organisation: string, query?: Record<string, string>) =>
    invoke(getCatalogue, organisation, { method: 'GET', resource: '/measures/catalogue', path: '/measures/catalogue', ...(query ? { query } : {}) });

  it('answers the catalogue in force and the published versions', async () => {
    const reply = await read('jeugdzorg');
    expect(reply.status).toBe(200);
    expect(reply.body.versions.length).toBeGreaterThan(0);
    expect(reply.body.versions.map((v: { version: string }) => v.version)).toContain(reply.body.catalogue.version);
    expect(JSON.stringify(reply.body.catalogue)).toContain('daytime-activity');
  });

  it('answers 404 for an unknown version, 403 for an organisation type the route does not allow', async () => {
    const unknown = await read('politie', { version: '1999.9' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NotFound');
    const school = await read('onderwijs');
    expect(school.status).toBe(403);
  });
});

describe('POST /cases/{caseId}/plan (draft-plan)', () => {
  it('drafts the first version (201, ids minted, etag), audited; a revision on it answers version 2', async () => {
    const caseId = await caseInConsultation();
    const first = await draft('gemeente-haarlem', caseId, plan());
    expect(first.status).toBe(201);
    expect(first.headers.etag).toBe('"1"');
    expect(first.body).toMatchObject({ caseId, version: 1 });
    expect(first.body.measures[0].measureId).toEqual(expect.any(String));
    const writes = await dynamo().send(new QueryCommand({ TableName: tables.audit, KeyConditionExpression: 'pk = :pk', FilterExpression: 'organisationId = :o', ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':o': 'gemeente-haarlem' } }));
    expect(writes.Items).toEqual([expect.objectContaining({ action: 'write', route: 'POST /cases/{caseId}/plan' })]);

    const kept = { ...plan('Volgt vijf dagen per week een opleiding'), basedOnVersion: 1, measures: [{ ...plan().measures[0], measureId: first.body.measures[0].measureId }] };
    const revised = await draft('zvh', caseId, kept);
    expect(revised.status).toBe(200);
    expect(revised.headers.etag).toBe('"2"');
    expect((await measures.getPlanVersion(caseId, 1))).toBeDefined();
    expect((await measures.getPlan(caseId))?.plan.version).toBe(2);

    // A revision on a version that is no longer the last.
    const stale = await draft('gemeente-haarlem', caseId, kept);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('StaleVersion');
  });

  it('refuses a second first draft (409), an organisation type the route does not allow (403), an unknown case (404) and a bad body (422)', async () => {
    const caseId = await caseInConsultation();
    expect((await draft('gemeente-haarlem', caseId, plan())).status).toBe(201);
    const again = await draft('gemeente-haarlem', caseId, plan());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('Conflict');
    expect((await draft('politie', caseId, plan())).status).toBe(403);
    expect((await draft('gemeente-haarlem', randomUUID(), plan())).status).toBe(404);
    const bad = await draft('gemeente-haarlem', caseId, { ...plan(), goals: 'none' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('goals');
  });
});

describe('the measures repository', () => {
  it('refuses a plan write from a revision that is no longer current with WriteRefused, leaving the plan as it was', async () => {
    const caseId = await caseInConsultation();
    expect((await draft('gemeente-haarlem', caseId, plan())).status).toBe(201);
    const stored = (await measures.getPlan(caseId))!;
    expect(stored.rev).toBe(1);
    const next = { ...stored, rev: 2 };
    await measures.write([putPlan(tables.cases, next, 1)], audit(caseId));
    const refused = measures.write([putPlan(tables.cases, { ...stored, rev: 2 }, 1)], audit(caseId));
    await expect(refused).rejects.toBeInstanceOf(WriteRefused);
    await expect(refused).rejects.toSatisfy((e: InstanceType<typeof WriteRefused>) => e.failedAt(0));
    expect((await measures.getPlan(caseId))?.rev).toBe(2);
    // A new plan item where one exists is refused too.
    await expect(measures.write([putPlan(tables.cases, stored, undefined)], audit(caseId))).rejects.toBeInstanceOf(WriteRefused);
  });

  it('keeps the mentor pool: put, get, list', async () => {
    const mentorId = `mentor-${randomUUID()}`;
    const put = await measures.putMentor({ mentorId, regionId: 'kennemerland', capacity: 2, languages: ['nl'], gender: 'female' });
    expect(put).toMatchObject({ mentorId, activeMentees: 0 });
    expect(await measures.getMentor(mentorId)).toMatchObject({ mentorId, capacity: 2 });
    expect((await measures.mentors()).map((m) => m.mentorId)).toContain(mentorId);
  });
});
