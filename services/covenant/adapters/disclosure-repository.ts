// Disclosures live beside their case. A disclosure is stored with its audit record in one
// transaction that also checks, at that very moment, that the case is still at the version the
// covenant decided on and that the consent it relies on is still active: a withdrawal or a change
// of stage in between refuses it instead of letting it through.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '@cter/domain';
import { auditPut, cancellationReasons, dynamo, guarded, type AuditEntry } from '@cter/store';
import { SharingRefused } from '@cter/covenant-domain/errors';
import type { DisclosureRecord } from '@cter/covenant-domain/disclosure';
import { consentKey, disclosureItem, queryCase, withoutKeys } from '@cter/case-store';

export class DisclosureRepository {
  constructor(private readonly tables: { cases: string; audit: string }) {}

  async record(disclosure: DisclosureRecord, audit: AuditEntry, checks: { caseVersion: number; consentId?: string }): Promise<void> {
    const caseKey = { pk: `CASE#${disclosure.caseId}`, sk: 'CASE' };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      { Put: { TableName: this.tables.cases, Item: disclosureItem(disclosure), ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(this.tables.audit, audit),
      { ConditionCheck: { TableName: this.tables.cases, Key: caseKey, ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': checks.caseVersion } } },
    ];
    if (checks.consentId) {
      items.push({
        ConditionCheck: {
          TableName: this.tables.cases,
          Key: consentKey(disclosure.caseId, checks.consentId),
          ConditionExpression: '#state = :active',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':active': 'active' },
        },
      });
    }
    try {
      await guarded(() => dynamo().send(new TransactWriteCommand({ TransactItems: items })));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[3] === 'ConditionalCheckFailed') {
        throw new SharingRefused(`consent ${checks.consentId} was withdrawn while the disclosure was being made`, [{ path: 'basis.consentId', message: 'withdrawn consent stops every further disclosure relying on it' }]);
      }
      if (reasons) throw new Conflict('the case changed while the disclosure was being decided; read it again and retry');
      throw error;
    }
  }

  /** Every disclosure of a case, oldest first (subject access, retention). */
  async list(caseId: string): Promise<DisclosureRecord[]> {
    return (await queryCase(this.tables.cases, caseId, 'DISCLOSURE#')).map((i) => withoutKeys<DisclosureRecord>(i));
  }
}
