// What every measures handler does before its own work: load the case and apply the one
// authorization rule (invisible and unknown cases are the same 404), load the plan, find the
// measure, and retry a write whose plan changed meanwhile.
import { visibleCase, type Caller, type CaseViewLevel } from '@cter/access';
import { Conflict, InvalidTransition, NotFound, type CaseState } from '@cter/domain';
import type { ActionContext, Measure, Plan } from '@cter/measures-domain';
import type { StoredPlan } from '@cter/case-store';
import { cases, type CaseForMeasures } from '../adapters/cases';
import * as measures from '../adapters/measures-repository';

/** A plan is drafted in the consultation and lives on while the case is monitored or in aftercare. */
export const PLAN_STATES: ReadonlySet<CaseState> = new Set(['consultation', 'monitoring', 'aftercare']);

export { auditEntry } from '@cter/case-store';

export async function loadVisibleCase(caller: Caller, caseId: string): Promise<{ record: CaseForMeasures; level: CaseViewLevel }> {
  return visibleCase(caller, caseId, await cases.get(caseId));
}

export function assertPlanState(record: CaseForMeasures): void {
  if (!PLAN_STATES.has(record.state)) throw new InvalidTransition(`a plan of action is worked on in consultation, monitoring or aftercare; the case is in ${record.state}`);
}

/** The case's plan; a visible case without one is a state, not an unknown resource: 409, so it never looks like an invisible case. */
function requiredPlan(stored: StoredPlan | undefined): StoredPlan {
  if (!stored) throw new Conflict('the case has no plan of action yet');
  return stored;
}

export function measureIn(plan: Plan, measureId: string): Measure {
  const measure = plan.measures.find((m) => m.measureId === measureId);
  if (!measure) throw new NotFound(`measure ${measureId} is not part of the plan of this case`);
  return measure;
}

export function actionContext(caller: Caller, at = new Date().toISOString()): ActionContext {
  return { actor: { organisationId: caller.organisation.id }, at };
}

const ATTEMPTS = 4;

/**
 * Runs read-decide-write again when the plan item changed between the read and the write (another
 * partner moved another measure of the same plan): the domain rules then judge the fresh plan.
 */
export async function retryingOnPlanChange<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof measures.WriteRefused) || !error.failedAt(0) || i >= ATTEMPTS) {
        if (error instanceof measures.WriteRefused && error.failedAt(0)) throw new Conflict('the plan changed while this request was handled; read it again and retry');
        // Any other refused condition (a mentor's count changed meanwhile): nothing was written.
        if (error instanceof measures.WriteRefused) throw new Conflict('a concurrent change touched the same data; nothing was written, retry');
        throw error;
      }
    }
  }
}

/**
 * The frame of every write to one measure (httpRoute checked the route): the visible case in a plan state, then
 * `write` with the current plan and the measure, run again when the plan changed meanwhile. The case
 * and the plan are read side by side (one round trip); the plan is used only when the case is
 * visible, and each retry reads the plan again.
 */
export async function onMeasure<T>(
  request: { caller: Caller; route: string; path: { caseId: string; measureId: string } },
  write: (current: { record: CaseForMeasures; stored: StoredPlan; measure: Measure }) => Promise<T>,
): Promise<T> {
  const [{ record }, firstRead] = await Promise.all([loadVisibleCase(request.caller, request.path.caseId), measures.getPlan(request.path.caseId)]);
  assertPlanState(record);
  let attempts = 0;
  return retryingOnPlanChange(async () => {
    const stored = requiredPlan(attempts++ === 0 ? firstRead : await measures.getPlan(record.caseId));
    return write({ record, stored, measure: measureIn(stored.plan, request.path.measureId) });
  });
}
