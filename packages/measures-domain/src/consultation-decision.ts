// The decision of the case consultation that adopts a plan version. On the platform it is the
// decision on the work process's plan-adoption task (POST /cases/{caseId}/decisions).
import * as z from 'zod/mini';
import { CaseId, EntityId, IsoDateTime } from './references';

export const ConsultationDecision = /* @__PURE__ */ (() => z
  .strictObject({
    decisionId: EntityId,
    consultationId: EntityId,
    caseId: CaseId,
    outcome: z.literal('adopt-plan'),
    planId: EntityId,
    planVersion: z.int().check(z.gte(1)),
    decidedAt: IsoDateTime,
  })
  .check(z.describe('The decision of the case consultation (besluit casusoverleg) that adopts a plan version')))();
export type ConsultationDecision = z.infer<typeof ConsultationDecision>;
