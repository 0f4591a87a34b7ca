// The cases table's stream drives the work process (a transactional outbox): a new case starts its
// execution, a decided task hands its decision to the waiting execution. Redelivery is harmless:
// executions are named after the case, and a completed task token cannot be completed twice.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '@cter/http';
import { completeTask } from '../adapters/state-machine';
import { startWorkProcess } from '../adapters/work-process';
import { voidDecision } from '@cter/cases';
import { updateCase } from './case-updates';

type Image = Record<string, unknown>;

async function onChange(eventName: string | undefined, image: Image, old: Image | undefined): Promise<void> {
  if (eventName === 'INSERT' && image.entity === 'case') {
    await startWorkProcess(String(image.caseId), image.detention as { releaseDate: string } | undefined);
    logger.info('work process started', { caseId: image.caseId });
    return;
  }
  if (eventName === 'MODIFY' && image.entity === 'task' && image.status === 'done' && old?.status === 'open') {
    const output = { outcome: image.outcome, decidedBy: image.decidedBy, decidedAt: image.decidedAt, taskId: image.taskId };
    const completion = await completeTask(String(image.token), output);
    if (completion === 'expired') await updateCase(String(image.caseId), 'on-case-change', (record, at) => voidDecision(record, String(image.taskId), at));
    logger.info('decision delivered', { caseId: image.caseId, taskId: image.taskId, completion });
  }
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    for (const record of event.Records) {
      const change = record.dynamodb;
      try {
        const image = change?.NewImage ? unmarshall(change.NewImage as Record<string, AttributeValue>) : {};
        const old = change?.OldImage ? unmarshall(change.OldImage as Record<string, AttributeValue>) : undefined;
        await onChange(record.eventName, image, old);
      } catch (error) {
        // Retry from this record on: the stream keeps per-case order.
        logger.error('change not processed', { sequenceNumber: change?.SequenceNumber, errorName: (error as Error).name });
        return { batchItemFailures: [{ itemIdentifier: change?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  });
