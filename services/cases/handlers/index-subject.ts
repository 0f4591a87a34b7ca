// From the cases table's stream: a new case's pending marker (ids only) becomes its subject lookup
// item, keyed with the region's HMAC key (one KMS GenerateMac). Registering a signal writes the marker
// in the case's transaction instead of taking the MAC itself, so the request makes no KMS call and
// the partner-facing functions hold no right to the key. Until this has run, subject access finds the
// case by its marker (services/covenant/adapters/subject-index.ts). Redelivery is harmless: see
// replacePendingMarker. Logs carry the case id, never the BSN.
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { ENV } from '@cter/config';
import { inStreamOrder, logger, observability } from '@cter/http';
import { PseudonymKey, requiredEnv, subjectBsnOf } from '@cter/store';
import { replacePendingMarker } from '../adapters/subject-index';

const casesTable = requiredEnv(ENV.casesTable);
/** The region's HMAC key; a function without it fails at load. */
const keys = PseudonymKey.fromEnvironment();

async function index(caseId: string): Promise<'indexed' | 'done-before' | 'case-gone'> {
  const bsn = await subjectBsnOf(casesTable, caseId);
  if (bsn === undefined) return 'case-gone';
  return replacePendingMarker(casesTable, caseId, await keys.subjectKeyOf(bsn));
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observability())
  .handler(
    // A record that fails is retried from it on; the marker keeps the case findable meanwhile.
    inStreamOrder(async (record) => {
      const marker = record.dynamodb?.NewImage;
      const caseId = marker?.caseId?.S;
      // The mapping's filter lets only new markers through; a redriven batch (npm run redrive) holds every record of its range.
      if (record.eventName !== 'INSERT' || marker?.entity?.S !== 'subject-pending' || !caseId) return;
      logger.info('subject lookup', { caseId, outcome: await index(caseId) });
    }, 'subject lookup not written'),
  );
