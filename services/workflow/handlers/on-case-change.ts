// The cases table's stream drives the work process (a transactional outbox): a new case starts its
// execution, a decided task hands its decision to the waiting execution, and the items that record
// a fact of the catalogue go out as events (domain/events.ts). Redelivery is harmless: executions
// are named after the case, a completed task token cannot be completed twice, and an event's id is
// its fact's. Each record's log lines carry its case id as correlation id (the record's id where it
// has no case).
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import middy from '@middy/core';
import { inStreamOrder, logger, observability } from '@cter/http';
import { completeTask } from '../adapters/state-machine';
import { startExecution, startWorkProcess } from '../adapters/work-process';
import { voidDecision } from '@cter/case-store';
import { publish } from '../adapters/event-bus';
import { eventsOfChange } from '../domain/events';
import { updateCase } from './case-updates';
import { ENV } from '@cter/config';

type Image = Record<string, unknown>;

const region = process.env[ENV.regionId] ?? 'unknown';

async function onChange(eventName: string | undefined, image: Image, old: Image | undefined, time: string): Promise<void> {
  // Published first: a record retried after a failure publishes the same ids again, whereas a
  // decision handed to its execution twice would find the token completed.
  await publish(eventsOfChange({ eventName: eventName as 'INSERT' | 'MODIFY' | 'REMOVE' | undefined, image, old, time }, region));
  await act(eventName, image, old);
}

async function act(eventName: string | undefined, image: Image, old: Image | undefined): Promise<void> {
  if (eventName === 'INSERT' && image.entity === 'case') {
    if (image.transferIn) await startExecution('reception', String(image.caseId), { caseId: image.caseId });
    else await startWorkProcess(String(image.caseId), Boolean(image.detention));
    logger.info('work process started', { caseId: image.caseId });
    return;
  }
  if (eventName === 'MODIFY' && image.entity === 'case') {
    if (image.state === 'transfer-requested' && old?.state !== 'transfer-requested' && image.transfer) {
      const transfer = image.transfer as { toRegion: string; fromState: string };
      await startExecution('transfer', `${String(image.caseId)}-transfer-v${String(image.version)}`, { caseId: image.caseId, toRegion: transfer.toRegion, fromState: transfer.fromState });
    }
    // Detained during monitoring or aftercare (PUT /cases/{caseId}/detention): the re-integration
    // track starts, and its first step stops the running evaluation cycle. Ids only in its input.
    if (image.state === 'detention' && (old?.state === 'monitoring' || old?.state === 'aftercare')) {
      await startExecution('detention', `${String(image.caseId)}-detention-v${String(image.version)}`, { caseId: image.caseId });
    }
    return;
  }
  if (eventName === 'MODIFY' && image.entity === 'task' && image.status === 'done' && old?.status === 'open') {
    // A task outside the work process (the covenant's informing review) has no execution waiting on it.
    if (!image.token) return;
    const output = { outcome: image.outcome, decidedBy: image.decidedBy, decidedAt: image.decidedAt, taskId: image.taskId };
    const completion = await completeTask(String(image.token), output);
    if (completion === 'expired') await updateCase(String(image.caseId), 'on-case-change', (record, at) => voidDecision(record, String(image.taskId), at));
    logger.info('decision delivered', { caseId: image.caseId, taskId: image.taskId, completion });
  }
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observability())
  .handler(
    inStreamOrder(async (record) => {
      const change = record.dynamodb;
      const image = change?.NewImage ? unmarshall(change.NewImage as Record<string, AttributeValue>) : {};
      const old = change?.OldImage ? unmarshall(change.OldImage as Record<string, AttributeValue>) : undefined;
      const time = change?.ApproximateCreationDateTime ? new Date(change.ApproximateCreationDateTime * 1000).toISOString() : new Date().toISOString();
      await onChange(record.eventName, image, old, time);
    }, 'change not processed'),
  );
