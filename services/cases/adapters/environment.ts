// What the cases functions read from their environment, checked once at load.
import { ENV, regionConfig } from '@cter/config';
import { idempotencyIn, requiredEnv } from '@cter/store';
import { CaseRepository } from '@cter/case-store';
import { ConsultationRepository } from './consultation-repository';
import { AdviceRepository } from './advice-repository';

export const region = regionConfig(requiredEnv(ENV.regionId));
export const tables = { cases: requiredEnv(ENV.casesTable), audit: requiredEnv(ENV.auditTable) };
export const repository = new CaseRepository(tables);
/** Idempotency keys of this service's write routes, kept in the cases table. */
export const idempotency = idempotencyIn(tables.cases);
export const consultations = new ConsultationRepository(tables);
export const adviceRequests = new AdviceRepository(tables);
