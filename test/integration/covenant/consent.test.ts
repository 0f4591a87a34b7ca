// POST /cases/{caseId}/consents (record-consent) called directly with API Gateway proxy events,
// against DynamoDB Local alone: the consent is stored beside its case with its audit record, a
// repeat with the same Idempotency-Key is answered from the first, and refusals come before writes.
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke';
import { audit, newCase } from '../support/cases';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('covenant');
const { CaseRepository } = await import('@cter/case-store');
const { dynamo } = await import('@cter/store');
const recordConsent = (await import('../../../services/covenant/handlers/record-consent')).handler;
const cases = new CaseRepository(tables);

const consent = () => ({ recipients: ['ggz'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: new Date(Date.now() - 60_000).toISOString(), form: 'written' });

async function storedCase(): Promise<string> {
  const { record, event } = newCase();
  await cases.create(record, event, audit(record.caseId));
  return record.caseId;
}

const record = (organisation: string, caseId: string, body: unknown, headers?: Record<string, string>) =>
  invoke(recordConsent, organisation, { method: 'POST', resource: '/cases/{caseId}/consents', path: `/cases/${caseId}/consents`, pathParameters: { caseId }, body, ...(headers ? { headers } : {}) });

const itemsOf = async (table: string, caseId: string, prefix?: string) =>
  (
    await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ...(prefix ? { ':prefix': prefix } : {}) },
      }),
    )
  ).Items ?? [];

describe('POST /cases/{caseId}/consents (record-consent)', () => {
  it('records the consent held by the caller, beside its case, with its audit record', async () => {
    const caseId = await storedCase();
    const reply = await record('gemeente-haarlem', caseId, consent());
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ caseId, consentId: expect.any(String), recipients: ['ggz'], purposes: ['case-consultation'] });
    const stored = await itemsOf(tables.cases, caseId, 'CONSENT#');
    expect(stored).toEqual([expect.objectContaining({ consentId: reply.body.consentId, holder: 'gemeente-haarlem', holderType: 'municipality', state: 'active' })]);
    const writes = (await itemsOf(tables.audit, caseId)).filter((a) => a.organisationId === 'gemeente-haarlem');
    expect(writes).toEqual([expect.objectContaining({ action: 'write', categories: ['consent'], purpose: 'consent-registration' })]);
  });

  it('answers a repeat with the same Idempotency-Key from the first consent, and stores one', async () => {
    const caseId = await storedCase();
    const body = consent();
    const headers = { 'Idempotency-Key': `consent-${randomUUID()}` };
    const first = await record('gemeente-haarlem', caseId, body, headers);
    const again = await record('gemeente-haarlem', caseId, body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.consentId).toBe(first.body.consentId);
    expect(await itemsOf(tables.cases, caseId, 'CONSENT#')).toHaveLength(1);
  });

  it('refuses a caller that holds no consents (403), an unknown case (404) and an unknown recipient (422), writing nothing', async () => {
    const caseId = await storedCase();
    const police = await record('politie', caseId, consent());
    expect(police.status).toBe(403);
    expect(police.body.error.code).toBe('NotAllowed');
    const unknown = await record('gemeente-haarlem', randomUUID(), consent());
    expect(unknown.status).toBe(404);
    const recipient = await record('gemeente-haarlem', caseId, { ...consent(), recipients: ['nobody'] });
    expect(recipient.status).toBe(422);
    expect(recipient.body.error.details).toEqual([expect.objectContaining({ path: 'recipients.0' })]);
    expect(await itemsOf(tables.cases, caseId, 'CONSENT#')).toEqual([]);
  });
});
