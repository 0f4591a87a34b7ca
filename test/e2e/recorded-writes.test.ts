// What the functions send to DynamoDB, and what they leave in it, observed on a twin of this file's
// own whose functions reach DynamoDB Local through a recording proxy (AWS_ENDPOINT_URL_DYNAMODB),
// while partners walk a case through the work process and call the routes that write audit records:
// every Put into an audit table, alone or in a transaction, is create-only; every item left in the
// cases tables is of a kind placed in packages/store/src/case-partition.ts.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '@cter/store';
import { useOwnTwin } from '../support/own-twin';
import { ownTwinTables, policeDisclosureToGgz } from '../support/covenant';
import { signalFor } from '../support/signed-client';
import { startMeteringProxy, type MeteringProxy } from '../support/metering-proxy';
import { WorkflowDriver } from '../support/workflow-driver';

const REGION = 'kennemerland';
const REGIONS = ['kennemerland', 'zaanstreek-waterland', 'noord-holland-noord'];
const as = (organisation: string) => `${REGION}.${organisation}`;

/** The functions that write audit records on the walk below: reads and writes of every service, and workflow steps. */
const AUDIT_WRITERS = [
  'RegisterSignal', 'GetCase', 'GetCaseHistory', 'UpdateSubject', 'InviteParticipant', 'PostDecision', 'RecordState', 'ScheduleEvaluation',
  'CreateAdviceRequest', 'ConvertAdviceRequest', 'ProcessReport',
  'CovenantRecordDisclosure', 'CovenantRecordConsent', 'CovenantWithdrawConsent', 'CovenantRecordInforming', 'CovenantGetAuditTrail',
  'MeasuresDraftPlan', 'MeasuresGetPlan', 'MeasuresAddProgressNote',
];
/** The kinds of item the walk leaves in the cases tables. */
const STORED_KINDS = [
  'case', 'case-number-counter', 'history', 'task', 'reference', 'subject-case', 'idempotency', 'disclosure', 'consent', 'informing', 'informing-review',
  'plan', 'plan-version', 'note', 'event', 'advice-request', 'advice-summary', 'advice-retention', 'advice-fact',
];

let proxy: MeteringProxy;
beforeAll(async () => {
  proxy = await startMeteringProxy('passthrough', { keepRequests: true });
});
// Hooks run in order: the proxy listens before the twin starts its functions with its endpoint.
const own = useOwnTwin({ functionEnvironment: () => ({ AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint }) });
beforeAll(() => proxy.setUpstream(own.twin().endpoints.dynamodb));
afterAll(() => proxy?.stop());

interface AuditPut {
  fn: string;
  operation: string;
  /** As sent: the item in DynamoDB JSON. */
  put: { TableName?: string; ConditionExpression?: string; Item?: { route?: { S?: string } } };
}

/** Every Put into an audit table the functions sent: PutItem, or a Put inside TransactWriteItems. */
function auditPuts(): AuditPut[] {
  const auditTables = new Set(REGIONS.map((region) => ownTwinTables(own.twin(), region).audit));
  const functionByKey = new Map<string, string>();
  for (const region of own.twin().regions.values()) {
    for (const host of region.functions.values()) functionByKey.set(host.definition.environment.AWS_ACCESS_KEY_ID ?? '', host.definition.name);
  }
  const found: AuditPut[] = [];
  for (const call of proxy.calls) {
    const fn = functionByKey.get(call.accessKeyId ?? '') ?? `unknown key ${call.accessKeyId}`;
    const request = call.request as { TableName?: string; TransactItems?: Array<{ Put?: AuditPut['put'] }> } & AuditPut['put'];
    const puts = call.operation === 'PutItem' ? [request] : call.operation === 'TransactWriteItems' ? (request.TransactItems ?? []).flatMap((i) => (i.Put ? [i.Put] : [])) : [];
    for (const put of puts) if (auditTables.has(String(put.TableName))) found.push({ fn, operation: call.operation, put });
  }
  return found;
}

/** Repeats a write that a concurrent write of the work process made stale (409 StaleVersion). */
async function retryingStale(write: () => Promise<{ status: number; body: any }>) {
  for (let attempt = 1; ; attempt++) {
    const reply = await write();
    if (reply.status !== 409 || attempt >= 5) return reply;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

describe('what the functions write', () => {
  it('walks a case and the audited routes on the recorded twin', { timeout: 600_000 }, async () => {
    const driver = new WorkflowDriver(own, REGION);
    // Signal, weighing, triangle, plan drafted and adopted: the case is in monitoring.
    const caseId = await driver.admitted();
    await driver.invite(caseId, 'ggz');
    const ok = (reply: { status: number; body: unknown }, status: number) => expect(reply.status, JSON.stringify(reply.body)).toBe(status);

    const renamed = await retryingStale(async () => {
      const { version } = await driver.caseOf(caseId);
      return own.call(as('gemeente-haarlem'), 'PATCH', `/cases/${caseId}`, { body: { version, subject: { name: 'Gecorrigeerde Naam' }, reasoning: 'Naam verkeerd gespeld' } });
    });
    ok(renamed, 200);
    ok(await own.call(as('politie'), 'GET', `/cases/${caseId}/history`), 200);
    ok(await own.call(as('politie'), 'POST', `/cases/${caseId}/disclosures`, { body: policeDisclosureToGgz() }), 201);
    const consentBody = { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: own.twin().clock.now().toISOString(), form: 'written' };
    const consent = await own.call(as('ggz'), 'POST', `/cases/${caseId}/consents`, { body: consentBody });
    ok(consent, 201);
    ok(await own.call(as('ggz'), 'POST', `/cases/${caseId}/consents/${consent.body.consentId}/withdrawal`, { body: {} }), 200);
    ok(await own.call(as('gemeente-haarlem'), 'POST', `/cases/${caseId}/informing`, { body: { kind: 'deferred', ground: 'safety', reason: 'Dreiging richting het gezin', reviewAt: '2099-01-01' } }), 201);
    const plan = await own.call(as('gemeente-haarlem'), 'GET', `/cases/${caseId}/plan`);
    ok(plan, 200);
    const daytime = plan.body.plan.measures.find((m: { catalogueId: string }) => m.catalogueId === 'daytime-activity').measureId;
    ok(await own.call(as('gemeente-haarlem'), 'POST', `/cases/${caseId}/measures/${daytime}/notes`, { body: { text: 'Intake bij het werkleerbedrijf gepland' } }), 201);
    ok(await own.call(as('privacy-officer'), 'GET', `/cases/${caseId}/audit`), 200);
    ok(await own.call(as('zvh'), 'GET', '/reports/process?from=2019-01-01&to=2019-03-31'), 200);

    // An anonymous advice request converted into a case, and a signal sent twice with one
    // Idempotency-Key (the replay is audited as a read).
    const asked = await own.call(as('politie'), 'POST', '/advice-requests', { body: { concern: 'Zorgen over een jongere in de wijk', contact: { name: 'Wijkagent', phone: '+31 23 555 0123' } } });
    ok(asked, 201);
    ok(await own.call(as('politie'), 'POST', `/advice-requests/${asked.body.adviceRequestId}/conversion`, { body: { subject: signalFor('haarlem').subject, reason: 'Na adviesvraag' } }), 201);
    const signal = signalFor('haarlem');
    const headers = { 'idempotency-key': `recorded-${caseId}` };
    const first = await own.call(as('politie'), 'POST', '/signals', { body: signal, headers });
    ok(first, 201);
    const again = await own.call(as('politie'), 'POST', '/signals', { body: signal, headers });
    expect(again.body.caseId).toBe(first.body.caseId);
    await driver.settle();
  });

  it('sends every audit record as a create-only Put (attribute_not_exists(pk)), alone or in a transaction', () => {
    const puts = auditPuts();
    // The walk above reaches the audit table through single puts and transactions of many functions.
    expect(new Set(puts.map((p) => p.operation))).toEqual(new Set(['PutItem', 'TransactWriteItems']));
    // Function names without region and hash: `cter-kennemerland-GetCaseFunction0060B75A` is GetCase.
    const writers = [...new Set(puts.map((p) => p.fn.replace(/^cter-[a-z-]+?-(?=[A-Z])/, '').replace(/Function[0-9A-F]{8}$/, '')))];
    expect(writers).toEqual(expect.arrayContaining(AUDIT_WRITERS));
    const unconditional = puts.filter((p) => p.put.ConditionExpression !== 'attribute_not_exists(pk)').map((p) => `${p.fn} ${p.operation} ${p.put.ConditionExpression ?? '(no condition)'} ${p.put.Item?.route?.S ?? ''}`);
    expect(unconditional).toEqual([]);
  });

  it('leaves in the cases tables only items of a placed kind', async () => {
    const kinds = new Map<string, string>();
    for (const region of REGIONS) {
      const tables = ownTwinTables(own.twin(), region);
      let startKey: Record<string, any> | undefined;
      do {
        const out = await tables.client.send(new ScanCommand({ TableName: tables.cases, ExclusiveStartKey: startKey, ConsistentRead: true }));
        for (const item of (out.Items ?? []).map((i) => unmarshall(i))) kinds.set(String(item.entity), `${item.pk} ${item.sk}`);
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }
    const unplaced = [...kinds].filter(([kind]) => !ENTITY_KINDS.has(kind)).map(([kind, key]) => `${kind} (e.g. ${key})`);
    expect(unplaced, 'add each to CASE_PARTITION_KINDS or OUTSIDE_CASE_PARTITION in packages/store/src/case-partition.ts').toEqual([]);
    expect([...kinds.keys()]).toEqual(expect.arrayContaining(STORED_KINDS));
  });
});
