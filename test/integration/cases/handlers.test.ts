// The cases handlers called directly with API Gateway proxy events, against DynamoDB Local and the
// KMS server alone: POST /signals and GET /cases/{caseId}.
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueBsn } from '../../support/bsn';
import { invoke } from '../support/invoke';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('cases');
const { dynamo } = await import('@cter/store');
const registerSignal = (await import('../../../services/cases/handlers/register-signal')).handler;
const getCase = (await import('../../../services/cases/handlers/get-case')).handler;
const listCases = (await import('../../../services/cases/handlers/list-cases')).handler;

const documents = (): DynamoDBDocumentClient => dynamo();

function signal(bsn = uniqueBsn()) {
  return {
    subject: { name: 'Integratie Persoon', bsn, birthDate: '2005-03-14', municipality: 'haarlem' },
    reason: 'Zorgen over uitingen in de klas',
    reporter: { name: 'Mentor Van Dijk', phone: '+31 6 1234 5678' },
  };
}

const register = (organisation: string, body: unknown, headers?: Record<string, string>) =>
  invoke(registerSignal, organisation, { method: 'POST', resource: '/signals', path: '/signals', body, ...(headers ? { headers } : {}) });

async function auditOf(caseId: string): Promise<Array<Record<string, any>>> {
  const out = await documents().send(new QueryCommand({ TableName: tables.audit, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } }));
  return out.Items ?? [];
}

describe('POST /signals (register-signal)', () => {
  it('opens a case in signal-received, with its history event and audit record, and answers no personal data', async () => {
    const reply = await register('politie', signal());
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ caseId: expect.any(String), caseNumber: expect.stringMatching(/^KEN-\d{4}-\d+$/), state: 'signal-received', createdAt: expect.any(String) });
    expect(reply.headers.location).toBe(`/cases/${reply.body.caseId}`);

    const stored = await documents().send(new GetCommand({ TableName: tables.cases, Key: { pk: `CASE#${reply.body.caseId}`, sk: 'CASE' } }));
    expect(stored.Item).toMatchObject({ caseId: reply.body.caseId, state: 'signal-received', version: 1, municipality: 'haarlem', signal: { reportingOrganisation: 'politie' } });
    const history = await documents().send(new GetCommand({ TableName: tables.cases, Key: { pk: `CASE#${reply.body.caseId}`, sk: 'HISTORY#000001' } }));
    expect(history.Item).toBeDefined();
    const audit = await auditOf(reply.body.caseId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'write', organisationId: 'politie', caseId: reply.body.caseId });
  });

  it('answers a repeat with the same Idempotency-Key from the first case, and writes one case', async () => {
    const body = signal();
    const headers = { 'Idempotency-Key': `signal-${randomUUID()}` };
    const first = await register('politie', body, headers);
    const again = await register('politie', body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // The same key with another body is refused.
    const reused = await register('politie', signal(), headers);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IdempotencyKeyReused');
  });

  it('refuses an organisation type the route does not allow with 403', async () => {
    const reply = await register('onderwijs', signal());
    expect(reply.status).toBe(403);
    expect(reply.body.error).toMatchObject({ code: 'NotAllowed' });
  });

  it('refuses a body that does not match the contract with a JSON error naming the fields', async () => {
    const reply = await register('politie', { ...signal(), subject: { name: 'X', bsn: '123', birthDate: 'gisteren', municipality: 'haarlem' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('ValidationFailed');
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['subject.bsn', 'subject.birthDate']));
  });

  it('says what is wrong with a field the contract has no message of its own for', async () => {
    const { name: _name, ...subject } = signal().subject;
    const reply = await register('politie', { ...signal(), subject, reason: 42 });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'subject.name', message: 'required' },
        { path: 'reason', message: 'expected string' },
      ]),
    );
  });

  it('refuses a municipality the region does not serve', async () => {
    const reply = await register('politie', { ...signal(), subject: { ...signal().subject, municipality: 'amsterdam' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details[0].path).toBe('subject.municipality');
  });
});

describe('GET /cases/{caseId} (get-case)', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await register('politie', signal())).body.caseId;
  });

  const read = (organisation: string, id: string) =>
    invoke(getCase, organisation, { method: 'GET', resource: '/cases/{caseId}', path: `/cases/${id}`, pathParameters: { caseId: id } });

  it('shows a core partner the full case with its version as etag, and audits the read', async () => {
    const reply = await read('gemeente-haarlem', caseId);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ caseId, state: 'signal-received', version: 1, municipality: 'haarlem', subject: { name: 'Integratie Persoon' } });
    expect(reply.headers.etag).toBe('"1"');
    const reads = (await auditOf(caseId)).filter((r) => r.action === 'read');
    expect(reads).toEqual([expect.objectContaining({ organisationId: 'gemeente-haarlem', caseId })]);
  });

  it('answers 404 for an unknown case and for a case the caller may not see, alike', async () => {
    const unknown = await read('politie', randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NotFound');
    // Another municipality's case, and a case the triangle has not admitted for an invited partner.
    for (const organisation of ['gemeente-velsen', 'ggz']) {
      const hidden = await read(organisation, caseId);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.code).toBe('NotFound');
    }
  });

  it('refuses a case id that is not a UUID with 422', async () => {
    const reply = await read('politie', 'not-a-case');
    expect(reply.status).toBe(422);
    expect(reply.body.error.details).toEqual([{ path: 'caseId', message: 'a case id is a UUID' }]);
  });
});

describe('GET /cases (list-cases)', () => {
  it('says what is wrong with a query parameter (the gateway checks no query in AWS either)', async () => {
    const reply = await invoke(listCases, 'politie', { method: 'GET', resource: '/cases', path: '/cases', query: { limit: 'many' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details).toEqual([{ path: 'limit', message: 'expected number' }]);
  });
});
