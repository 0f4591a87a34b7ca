// Consents live beside their case (pk CASE#<id>, sk CONSENT#<id>). Recording and withdrawing go
// with their audit record in one transaction; a withdrawal is conditional on the consent being active.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '@cter/domain';
import { auditPut, cancellationReasons, dynamo, guarded, type AuditEntry, type EntityItem } from '@cter/store';
import type { ConsentRecord } from '@cter/covenant-domain/consent';
import { consentKey, queryCase, withoutKeys } from '@cter/case-store';

export class ConsentRepository {
  constructor(private readonly tables: { cases: string; audit: string }) {}

  async get(caseId: string, consentId: string): Promise<ConsentRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.cases, Key: consentKey(caseId, consentId), ConsistentRead: true })));
    return out.Item ? withoutKeys<ConsentRecord>(out.Item) : undefined;
  }

  async list(caseId: string): Promise<ConsentRecord[]> {
    return (await queryCase(this.tables.cases, caseId, 'CONSENT#')).map((i) => withoutKeys<ConsentRecord>(i));
  }

  async create(consent: ConsentRecord, audit: AuditEntry): Promise<void> {
    await guarded(() =>
      dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tables.cases, Item: { ...consentKey(consent.caseId, consent.consentId), entity: 'consent', ...consent } satisfies EntityItem, ConditionExpression: 'attribute_not_exists(pk)' } },
            auditPut(this.tables.audit, audit),
          ],
        }),
      ),
    );
  }

  /** Stores the withdrawn consent; Conflict when it was withdrawn meanwhile. */
  async withdraw(withdrawn: ConsentRecord, audit: AuditEntry): Promise<void> {
    try {
      await guarded(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tables.cases,
                  Item: { ...consentKey(withdrawn.caseId, withdrawn.consentId), entity: 'consent', ...withdrawn } satisfies EntityItem,
                  ConditionExpression: '#state = :active',
                  ExpressionAttributeNames: { '#state': 'state' },
                  ExpressionAttributeValues: { ':active': 'active' },
                },
              },
              auditPut(this.tables.audit, audit),
            ],
          }),
        ),
      );
    } catch (error) {
      if (cancellationReasons(error)) throw new Conflict(`consent ${withdrawn.consentId} was withdrawn meanwhile`);
      throw error;
    }
  }
}
