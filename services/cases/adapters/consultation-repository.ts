// Consultations live beside their case (pk CASE#<id>, sk CONSULTATION#<id>), so retention destroys
// them with the case. They are written only with a new version of the case (CaseRepository.update):
// the case, its history event, the audit record and the consultation in one transaction.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, guarded, queryAll, type EntityItem } from '@cter/store';
import type { ConsultationRecord } from '../domain/consultation';
import type { GuardedPut, Tables } from '@cter/case-store';

const consultationKey = (caseId: string, consultationId: string) => ({ pk: `CASE#${caseId}`, sk: `CONSULTATION#${consultationId}` });

function strip(item: Record<string, unknown>): ConsultationRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as ConsultationRecord;
}

/** The stored item of a consultation. */
export function consultationItem(consultation: ConsultationRecord): EntityItem {
  return { ...consultationKey(consultation.caseId, consultation.consultationId), entity: 'consultation', ...consultation };
}

/** The held consultation, written only while the stored one is still scheduled (an outcome is recorded once). */
export function heldConsultation(consultation: ConsultationRecord): GuardedPut {
  return {
    item: consultationItem(consultation),
    condition: '#status = :scheduled',
    names: { '#status': 'status' },
    values: { ':scheduled': 'scheduled' },
    conflict: `the outcome of consultation ${consultation.consultationId} is recorded already`,
  };
}

export class ConsultationRepository {
  constructor(private readonly tables: Tables) {}

  async get(caseId: string, consultationId: string): Promise<ConsultationRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.cases, Key: consultationKey(caseId, consultationId), ConsistentRead: true })));
    return out.Item ? strip(out.Item) : undefined;
  }

  async list(caseId: string): Promise<ConsultationRecord[]> {
    const items = await queryAll({
      TableName: this.tables.cases,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':prefix': 'CONSULTATION#' },
      ConsistentRead: true,
    });
    return items.map(strip);
  }
}
