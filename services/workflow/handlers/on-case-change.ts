// The cases table's stream drives the work process (a transactional outbox): a new case starts its
// execution, a decided task hands its decision to the waiting execution, and the changes partners
// subscribe to go out as events. Redelivery is harmless: executions are named after the case, a
// completed task token cannot be completed twice, and events carry the stream record's id. Each
// record's log lines carry its case id as correlation id (the record's id where it has no case).
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import middy from '@middy/core';
import { correlate, logger, observability } from '@cter/http';
import { completeTask } from '../adapters/state-machine';
import { startExecution, startWorkProcess } from '../adapters/work-process';
import { voidDecision } from '@cter/cases';
import type { CaseState } from '@cter/domain';
import { publish } from '../adapters/event-bus';
import { caseEvent, stateChangeEventType } from '../domain/events';
import { updateCase } from './case-updates';

type Image = Record<string, unknown>;

const region = process.env.REGION_ID ?? 'unknown';

async function onChange(eventName: string | undefined, image: Image, old: Image | undefined, eventId: string, time: string): Promise<void> {
  if (eventName === 'INSERT' && image.entity === 'case') {
    if (image.transferIn) await startExecution('reception', String(image.caseId), { caseId: image.caseId });
    else await startWorkProcess(String(image.caseId), Boolean(image.detention));
    await publish([caseEvent('signal.received', region, String(image.caseId), eventId, time, String(image.caseNumber))]);
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
    const type = stateChangeEventType(old?.state as CaseState | undefined, image.state as CaseState);
    if (type) await publish([caseEvent(type, region, String(image.caseId), eventId, time, String(image.caseNumber))]);
    return;
  }
  if (eventName === 'INSERT' && image.entity === 'event') {
    // The measures service's outbox (measure.assigned | started | ended), written with the change it reports.
    const event = caseEvent(String(image.type), region, String(image.caseId), String(image.eventId), String(image.occurredAt));
    await publish([{ ...event, source: `urn:cter:${region}:measures`, subject: `${String(image.caseId)}/measures/${String(image.measureId)}` }]);
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
  .handler(async (event) => {
    for (const record of event.Records) {
      const change = record.dynamodb;
      const eventId = record.eventID ?? String(change?.SequenceNumber);
      correlate((change?.NewImage ?? change?.OldImage)?.caseId?.S, eventId);
      logger.appendKeys({ eventId });
      try {
        const image = change?.NewImage ? unmarshall(change.NewImage as Record<string, AttributeValue>) : {};
        const old = change?.OldImage ? unmarshall(change.OldImage as Record<string, AttributeValue>) : undefined;
        const time = change?.ApproximateCreationDateTime ? new Date(change.ApproximateCreationDateTime * 1000).toISOString() : new Date().toISOString();
        await onChange(record.eventName, image, old, eventId, time);
      } catch (error) {
        // Retry from this record on: the stream keeps per-case order.
        logger.error('change not processed', { sequenceNumber: change?.SequenceNumber, errorName: (error as Error).name });
        return { batchItemFailures: [{ itemIdentifier: change?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  });
