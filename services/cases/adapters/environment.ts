// What the cases functions read from their environment, checked once at load.
import { regionConfig } from '@cter/config';
import { idempotencyIn, requiredEnv } from '@cter/store';
import { CaseRepository } from '@cter/case-store';
import { ConsultationRepository } from './consultation-repository';
import { AdviceRepository } from './advice-repository';

export const region = regionConfig(requiredEnv('REGION_ID'));
export const tables = { cases: requiredEnv('CASES_TABLE'), audit: requiredEnv('AUDIT_TABLE') };
export const repository = new CaseRepository(tables);
/** Idempotency keys of this service's write routes, kept in the cases table. */
export const idempotency = idempotencyIn(tables.cases);
export const consultations = new ConsultationRepository(tables);
export const adviceRequests = new AdviceRepository(tables);
