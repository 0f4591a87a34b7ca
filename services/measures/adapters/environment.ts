// What the measures functions read from their environment, checked once at load.
import { ENV, regionConfig } from '@cter/config';
import { idempotencyIn, requiredEnv } from '@cter/store';
import { MeasuresRepository } from './measures-repository';

export const region = regionConfig(requiredEnv(ENV.regionId));
const tables = { cases: requiredEnv(ENV.casesTable), audit: requiredEnv(ENV.auditTable) };
export const casesTable = tables.cases;
export const measures = new MeasuresRepository(tables);
/** Idempotency keys of this service's write routes, kept in the cases table. */
export const idempotency = idempotencyIn(tables.cases);
