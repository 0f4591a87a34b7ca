// Retention of anonymous advice requests (key scheme: @cter/store advice-items): the queue (pk
// ADVICE-RETENTION, sorted by deadline) is read by key, never by scanning. A due request is destroyed
// with its list summaries and its queue item in one transaction, conditional on its deadline not
// having moved (a message written meanwhile keeps it). The facts a process report counts (ids, kinds,
// moments) and the audit records (ids only) stay; neither holds the text.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ADVICE_REGION_PK, ADVICE_RETENTION_QUEUE, adviceAskerPk, adviceKey, cancellationReasons, dynamo, guarded, queryAll } from '@cter/store';

export class AdviceRetention {
  constructor(private readonly casesTable: string) {}

  /** Destroys every advice request whose deadline is on or before `now`; returns how many. */
  async destroyDue(now: Date): Promise<number> {
    const due = await queryAll({
      TableName: this.casesTable,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': ADVICE_RETENTION_QUEUE, ':until': `${now.toISOString()}#\uffff` },
      ConsistentRead: true,
    });
    let destroyed = 0;
    for (const entry of due) if (await this.destroy(String(entry.adviceRequestId), String(entry.deleteAfter), { pk: String(entry.pk), sk: String(entry.sk) })) destroyed += 1;
    return destroyed;
  }

  private async destroy(adviceRequestId: string, deleteAfter: string, queueKey: { pk: string; sk: string }): Promise<boolean> {
    const [request] = await queryAll({ TableName: this.casesTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': adviceKey(adviceRequestId).pk }, ConsistentRead: true });
    const Delete = (Key: { pk: string; sk: string }) => ({ Delete: { TableName: this.casesTable, Key } });
    if (!request || request.deleteAfter !== deleteAfter) {
      // Destroyed already, or its deadline moved (the queue holds the new one): only this entry goes.
      await guarded(() => dynamo().send(new TransactWriteCommand({ TransactItems: [Delete(queueKey)] })));
      return false;
    }
    const summarySk = `${String(request.createdAt)}#${adviceRequestId}`;
    try {
      await guarded(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: this.casesTable, Key: adviceKey(adviceRequestId), ConditionExpression: 'deleteAfter = :deleteAfter', ExpressionAttributeValues: { ':deleteAfter': deleteAfter } } },
              Delete({ pk: adviceAskerPk(String(request.askedBy)), sk: summarySk }),
              Delete({ pk: ADVICE_REGION_PK, sk: summarySk }),
              Delete(queueKey),
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      // A message moved the deadline meanwhile: the request stays, the next run finds its new entry.
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}
