// A DynamoDB stream consumer's batch, record by record in stream order, with ReportBatchItemFailures:
// the first record that fails is reported and the batch is retried from it on, so the stream's
// per-case order holds. Each record's log lines carry its case id as correlation id (the record's id
// where it has no case) and its event id.
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { correlate } from './correlation';
import { logger } from './logger';

/** The batch handler that runs `handle` on each record in order; `failure` is the log message of a record that failed. */
export function inStreamOrder(handle: (record: DynamoDBRecord) => Promise<void>, failure: string): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  return async (event) => {
    for (const record of event.Records) {
      const change = record.dynamodb;
      const eventId = record.eventID ?? String(change?.SequenceNumber);
      correlate((change?.NewImage ?? change?.OldImage)?.caseId?.S, eventId);
      logger.appendKeys({ eventId });
      try {
        await handle(record);
      } catch (error) {
        logger.error(failure, { sequenceNumber: change?.SequenceNumber, errorName: (error as Error).name });
        return { batchItemFailures: [{ itemIdentifier: change?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}
