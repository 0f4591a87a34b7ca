// What the measures functions read from their environment, checked once at load.
import { ENV, regionConfig } from '@cter/config';
import { idempotencyIn, requiredEnv } from '@cter/store';

export const region = regionConfig(requiredEnv(ENV.regionId));
export const casesTable = requiredEnv(ENV.casesTable);
export const auditTable = requiredEnv(ENV.auditTable);
/** Idempotency keys of this service's write routes, kept in the cases table. */
export const idempotency = idempotencyIn(casesTable);
