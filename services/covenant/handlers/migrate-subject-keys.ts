// On demand, once per region after the keyed subject lookup is deployed (`npm run migrate:subject-keys`
// on the twin; `aws lambda invoke` of this function in AWS): re-keys the subject lookup items of the
// old unkeyed scheme (adapters/subject-key-migration.ts). Idempotent.
import { logger } from '@cter/http';
import { PseudonymKey } from '@cter/store';
import { tables } from '../adapters/environment';
import { migrateSubjectKeys } from '../adapters/subject-key-migration';
import { scheduledJob } from './scheduled-job';

const keys = PseudonymKey.fromEnvironment();

export const handler = scheduledJob('migrate-subject-keys', async () => {
  const result = await migrateSubjectKeys(tables.cases, keys);
  logger.info('subject keys migrated', result);
  return result;
});
