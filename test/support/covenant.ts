// Test helpers of the covenant service: cases seeded without a running work process, the audit trail
// and every item of a case read straight from the tables (of the shared twin or a file's own twin),
// and a twin's functions invoked by construct id (the scheduled jobs, on demand).
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { inject } from 'vitest';
import type { CaseState } from '@cter/domain';
import type { IssuedCredential, Twin } from '@cter/twin';
import { keysOf } from './twin-ops';
import { KmsMac } from '@cter/store';
import { dynamo, PseudonymKey, subjectLookupItem } from '@cter/store';
import { caseItem, historyItem, openCase, type Participant } from '@cter/case-store';
import type { TaskRecord } from '@cter/case-store';
import { seededAdmission } from './admission';
import { signalFor } from './signed-client';
import { dynamoClient, tableName } from './tables';

process.env.AWS_ENDPOINT_URL_DYNAMODB ??= inject('twin').endpoints.dynamodb;
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

const PREFIX: Record<string, string> = { kennemerland: 'KEN', 'zaanstreek-waterland': 'ZWL', 'noord-holland-noord': 'NHN' };
const tablesOf = (region: string) => ({ cases: tableName(region, 'DataCasesTable'), audit: tableName(region, 'DataAuditTable') });

/** A region's pseudonymisation key on a twin's KMS, by its alias, signed like any SDK call. */
export function pseudonymKeyOn(twin: { endpoints: { kms: string }; credentials: IssuedCredential[] }, region: string): PseudonymKey {
  // Signed as the twin-ops profile: the twin's KMS answers the functions' keys and ops only.
  const client = new KmsMac({ endpoint: twin.endpoints.kms, region: 'eu-west-1', credentials: keysOf(twin) });
  return new PseudonymKey(`alias/cter/${region}/subject-lookup`, client);
}

export interface QuietCase {
  caseId: string;
  caseNumber: string;
  bsn: string;
  name: string;
}

/**
 * A case in a given state whose work process does not run: the case item is inserted under another
 * entity and then turned into a case, so the stream's INSERT filter (new cases start the intake)
 * never matches. Nothing moves it on behind the test's back.
 */
export async function seedQuietCase(region: string, options: { municipality: string; state: CaseState; participants?: Array<Omit<Participant, 'since'>> }, where: RegionTables = sharedTables(region)): Promise<QuietCase> {
  const tables = where;
  const client = DynamoDBDocumentClient.from(where.client, { marshallOptions: { removeUndefinedValues: true } });
  const at = new Date().toISOString();
  const signal = signalFor(options.municipality);
  const { record, event } = openCase({ caseId: randomUUID(), caseNumber: `${PREFIX[region]}-QUIET-${randomUUID().slice(0, 6)}`, regionId: region, signal, reportingOrganisation: 'politie', at });
  const seeded = { ...record, state: options.state, ...seededAdmission(options.state, at), participants: (options.participants ?? []).map((p) => ({ ...p, since: at })) };
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tables.cases, Item: { ...caseItem(seeded), entity: 'seeding' } } },
        { Put: { TableName: tables.cases, Item: historyItem(seeded.caseId, event) } },
        { Put: { TableName: tables.cases, Item: subjectLookupItem(await where.pseudonyms.subjectKeyOf(signal.subject.bsn), seeded.caseId) } },
      ],
    }),
  );
  await client.send(new UpdateCommand({ TableName: tables.cases, Key: { pk: `CASE#${seeded.caseId}`, sk: 'CASE' }, UpdateExpression: 'SET entity = :case', ExpressionAttributeValues: { ':case': 'case' } }));
  return { caseId: seeded.caseId, caseNumber: seeded.caseNumber, bsn: signal.subject.bsn, name: signal.subject.name };
}

/** The body of a disclosure the police make to the mental health care partner, on their legal basis. */
export function policeDisclosureToGgz() {
  return {
    recipients: ['ggz'],
    categories: ['police-information'],
    items: [{ category: 'police-information', label: 'Politiecontacten', content: 'Twee meldingen van overlast in 2025.' }],
    purpose: 'case-consultation',
    basis: { kind: 'legal-basis', reference: 'wpg-20' },
    proportionality: 'Alleen wat de behandeling raakt.',
    subsidiarity: 'Niet uit eigen bron te weten.',
  };
}

/** A consent already withdrawn (recording its withdrawal again answers 409). */
export async function seedWithdrawnConsent(region: string, caseId: string): Promise<string> {
  const consentId = randomUUID();
  const now = new Date().toISOString();
  await dynamo().send(
    new PutCommand({
      TableName: tablesOf(region).cases,
      Item: {
        pk: `CASE#${caseId}`,
        sk: `CONSENT#${consentId}`,
        entity: 'consent',
        consentId,
        caseId,
        holder: 'ggz',
        holderType: 'mental-health-care',
        recipients: ['gemeente-haarlem'],
        categories: ['care-information'],
        purposes: ['case-consultation'],
        givenAt: now,
        form: 'written',
        state: 'withdrawn',
        withdrawnAt: now,
        recordedAt: now,
        recordedBy: 'ggz',
        covenantVersion: 'cter-2023',
      },
    }),
  );
  return consentId;
}

/** An open task of a case outside any execution (no token): deciding it writes history and audit, nothing else. */
export async function seedOpenTask(region: string, caseId: string, kind: TaskRecord['kind'] = 'evaluation', assignees: TaskRecord['assignees'] = ['zvh'], allowedOutcomes = ['continue']): Promise<string> {
  const taskId = randomUUID();
  const now = new Date();
  const task: TaskRecord = {
    taskId,
    caseId,
    kind,
    title: 'Seeded task',
    assignees,
    allowedOutcomes,
    status: 'open',
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + 86_400_000).toISOString(),
    executionArn: '',
    stateName: 'Seeded',
    token: '',
  };
  await dynamo().send(new PutCommand({ TableName: tablesOf(region).cases, Item: { pk: `CASE#${caseId}`, sk: `TASK#${taskId}`, entity: 'task', ...task } }));
  return taskId;
}

export type AuditRecord = Record<string, any>;

/** Where a region's tables are: the shared twin's (default) or a test file's own twin's. */
export interface RegionTables {
  client: DynamoDBClient;
  cases: string;
  audit: string;
  /** The region's HMAC key on the same twin (subject lookup keys, case pseudonyms). */
  pseudonyms: PseudonymKey;
}

export function sharedTables(region: string): RegionTables {
  return { client: dynamoClient(), ...tablesOf(region), pseudonyms: pseudonymKeyOn(inject('twin'), region) };
}

export function ownTwinTables(twin: Twin, region: string): RegionTables {
  const tables = twin.regions.get(region)!.tables;
  const named = (prefix: string) => Object.entries(tables).find(([logicalId]) => logicalId.startsWith(prefix))![1];
  return {
    client: new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    cases: named('DataCasesTable'),
    audit: named('DataAuditTable'),
    pseudonyms: pseudonymKeyOn(twin, region),
  };
}

/** The audit records of a case, oldest first, read straight from the region's audit table. */
export async function auditRecords(where: RegionTables, caseId: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let startKey: Record<string, any> | undefined;
  do {
    const out = await where.client.send(
      new QueryCommand({ TableName: where.audit, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `CASE#${caseId}` } }, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    records.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return records;
}

/**
 * Every item of a table that mentions one of `needles` anywhere (key or value): a full scan,
 * test-only, to prove that destruction left nothing behind.
 */
export async function itemsMentioning(where: RegionTables, table: 'cases' | 'audit', needles: string[]): Promise<AuditRecord[]> {
  const found: AuditRecord[] = [];
  let startKey: Record<string, any> | undefined;
  do {
    const out = await where.client.send(new ScanCommand({ TableName: where[table], ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of out.Items ?? []) {
      const plain = unmarshall(item);
      const text = JSON.stringify(plain);
      if (needles.some((n) => text.includes(n))) found.push(plain);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** The twin's virtual "now" (functions see it; it may be ahead of real time). */
export async function twinNow(): Promise<Date> {
  const reply = await fetch(`${inject('twin').endpoints.stepfunctions}/_twin/clock`);
  return new Date(((await reply.json()) as { now: string }).now);
}

/** A function of a twin's region by its construct id (`RunRetention`, `ReviewInforming`, ...). */
export function functionOf(twin: Twin, region: string, construct: string) {
  const runtime = twin.regions.get(region)!;
  const found = Object.entries(runtime.stack.template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Metadata?.['aws:cdk:path'] ?? '').endsWith(`/${construct}/Function/Resource`));
  if (!found) throw new Error(`no function ${construct} in ${region}`);
  return runtime.functions.get(found[0])!;
}

/** Invokes a twin's function by construct id and returns its result (throws on a function error). */
export async function invokeFunction<T = any>(twin: Twin, region: string, construct: string, event: unknown): Promise<T> {
  const result = await functionOf(twin, region, construct).invoke(event);
  if (!result.ok) throw new Error(`${construct} failed: ${result.errorType}: ${result.errorMessage}`);
  return result.result as T;
}
