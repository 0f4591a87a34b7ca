// What the workflow functions read from their environment, checked once at load.
import { regionConfig } from '@cter/config';
import { CaseRepository } from '@cter/case-store';
import { idempotencyIn, requiredEnv } from '@cter/store';
import { TaskRepository } from './task-repository';

export const region = regionConfig(requiredEnv('REGION_ID'));
const tables = { cases: requiredEnv('CASES_TABLE'), audit: requiredEnv('AUDIT_TABLE') };
export const cases = new CaseRepository(tables);
export const tasks = new TaskRepository(tables);
/** Idempotency keys of this service's write routes, kept in the cases table. */
export const idempotency = idempotencyIn(tables.cases);
