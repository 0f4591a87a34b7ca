// Where the covenant service keeps its records, and the reads other services need of them (the
// recipients' case view, the retention deadline a final state sets). Wasm-free and small: the
// cases and workflow functions import this module, never the Cedar engine.
//
//   cases table   pk CASE#<caseId>           sk DISCLOSURE#<at>#<id> | CONSENT#<id> | INFORMING#<at>#<id>
//                 pk RETENTION               sk <deleteAfter>#<caseId>            (deadline queue; ids and dates only)
//                 pk REVIEW#informing        sk <reviewAt>#<caseId>#<informingId> (review queue; ids and dates only)
//                 pk SUBJECT#<hmac(bsn)>     sk CASE#<caseId>                     (written by the cases service's IndexSubject)
//                 pk SUBJECT-PENDING         sk CASE#<caseId>                     (with a new case, until IndexSubject replaces it)
//                 pk COVENANT                sk VERSION#<id>                      (a version in force here, once)
//   audit table   pk CASE#<caseId>           sk <at>#<uuid>                       (audit records)
//                 pk PSEUDONYM#<hmac(caseId)> sk <at>#<uuid>                      (audit records of a destroyed case)
//                 pk DESTRUCTION#<hmac(caseId)> sk DESTRUCTION                    (destruction records)
import type { CaseRecord, ReceivedDisclosure } from './case';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, guarded, queryAll, type EntityItem, type EntityKind } from '@cter/store';
import { caseRecordOf } from './case-repository';
import type { DisclosureRecord } from '@cter/covenant-domain/disclosure';
import type { RetentionDeadline } from '@cter/covenant-domain/versions';

export const casePk = (caseId: string) => `CASE#${caseId}`;
export const disclosureKey = (caseId: string, at: string, disclosureId: string) => ({ pk: casePk(caseId), sk: `DISCLOSURE#${at}#${disclosureId}` });
export const consentKey = (caseId: string, consentId: string) => ({ pk: casePk(caseId), sk: `CONSENT#${consentId}` });
export const informingKey = (caseId: string, at: string, informingId: string) => ({ pk: casePk(caseId), sk: `INFORMING#${at}#${informingId}` });

export const RETENTION_QUEUE = 'RETENTION';
export const retentionQueueKey = (deleteAfter: string, caseId: string) => ({ pk: RETENTION_QUEUE, sk: `${deleteAfter}#${caseId}` });
export const REVIEW_QUEUE = 'REVIEW#informing';
export const reviewQueueKey = (reviewAt: string, caseId: string, informingId: string) => ({ pk: REVIEW_QUEUE, sk: `${reviewAt}#${caseId}#${informingId}` });
/** The record that a covenant version came into force in the region (written once per version). */
export const covenantVersionKey = (versionId: string) => ({ pk: 'COVENANT', sk: `VERSION#${versionId}` });
/** Where the destruction record of a case is: under the case id's keyed pseudonym (PseudonymKey.casePseudonymOf). */
export const destructionKey = (casePseudonym: string) => ({ pk: `DESTRUCTION#${casePseudonym}`, sk: 'DESTRUCTION' });

/** The deadline queue item a final state writes with the case (same transaction): ids and dates, no personal data. */
export function retentionQueueItem(caseId: string, caseNumber: string, deadline: RetentionDeadline): EntityItem {
  return { ...retentionQueueKey(deadline.deleteAfter, caseId), entity: 'retention-deadline', caseId, caseNumber, ...deadline };
}

/** The stored item of a disclosure (beside its case). */
export function disclosureItem(disclosure: DisclosureRecord): EntityItem {
  return { ...disclosureKey(disclosure.caseId, disclosure.disclosedAt, disclosure.disclosureId), entity: 'disclosure', ...disclosure };
}

/** One disclosure of a case by its time and id (the transfer reads the hand-over it recorded). */
export async function getDisclosure(casesTable: string, caseId: string, disclosedAt: string, disclosureId: string): Promise<DisclosureRecord | undefined> {
  const out = await guarded(() => dynamo().send(new GetCommand({ TableName: casesTable, Key: disclosureKey(caseId, disclosedAt, disclosureId), ConsistentRead: true })));
  return out.Item ? withoutKeys<DisclosureRecord>(out.Item) : undefined;
}

/** Strips keys and bookkeeping attributes from a stored item. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as T;
}

/** Every item of a case's partition whose sort key starts with `prefix`, in key order. */
export async function queryCase(table: string, caseId: string, prefix: string, filter?: { expression: string; values: Record<string, unknown> }): Promise<Array<Record<string, unknown>>> {
  return queryAll({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': prefix, ...filter?.values },
    ...(filter ? { FilterExpression: filter.expression } : {}),
    ConsistentRead: true,
  });
}

/**
 * A case and the disclosures made to `organisationId` on it (what its case view shows of them), in
 * one query of the case's partition from `CASE` to the last `DISCLOSURE#`, filtered in DynamoDB: the
 * items between them (consents, consultations) and other recipients' disclosures never reach the
 * function. One round trip where a GetItem and a Query side by side were two (docs/performance.md).
 */
export async function caseWithDisclosuresTo(casesTable: string, caseId: string, organisationId: string): Promise<{ record: CaseRecord | undefined; received: ReceivedDisclosure[] }> {
  const items = await queryAll({
    TableName: casesTable,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :case AND :lastDisclosure',
    FilterExpression: 'entity = :caseKind OR (entity = :disclosureKind AND contains(recipientIds, :recipient))',
    ExpressionAttributeValues: {
      ':pk': casePk(caseId),
      ':case': 'CASE',
      ':lastDisclosure': 'DISCLOSURE#\uffff',
      ':caseKind': 'case' satisfies EntityKind,
      ':disclosureKind': 'disclosure' satisfies EntityKind,
      ':recipient': organisationId,
    },
    ConsistentRead: true,
  });
  const stored = items.find((i) => i.entity === 'case');
  const received = items
    .filter((i) => i.entity === 'disclosure')
    .map((i) => ({
      disclosureId: String(i.disclosureId),
      sender: String(i.sender),
      disclosedAt: String(i.disclosedAt),
      purpose: String(i.purpose),
      covenantVersion: String(i.covenantVersion),
      items: i.items as ReceivedDisclosure['items'],
    }));
  return { record: stored ? caseRecordOf(stored) : undefined, received };
}
