// What the workflow functions read from their environment, checked once at load.
import { ENV, regionConfig } from '@cter/config';
import { CaseRepository } from '@cter/case-store';
import { idempotencyIn, requiredEnv } from '@cter/store';
import { TaskRepository } from './task-repository';

export const region = regionConfig(requiredEnv(ENV.regionId));
const tables = { cases: requiredEnv(ENV.casesTable), audit: requiredEnv(ENV.auditTable) };
export const cases = new CaseRepository(tables);
export const tasks = new TaskRepository(tables);
/** Idempotency keys of this service's write routes, kept in the cases table. */
export const idempotency = idempotencyIn(tables.cases);
