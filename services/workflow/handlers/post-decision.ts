// POST /cases/{caseId}/decisions: a partner decides a pending human step. The task is claimed and
// the decision recorded in one transaction; the table's stream hands it to the waiting execution
// (on-case-change), so a recorded decision always reaches the work process. A plan-adoption
// decision names the plan version it adopts; the adoption is written in the same transaction, as is
// the reopening of the plan by an evaluation that adjusts it.
import { caseViewLevel } from '@cter/access';
import { CaseNotFound, NotFound, ValidationFailed } from '@cter/domain';
import { BUSINESS_METRICS, ENV } from '@cter/config';
import { httpRoute } from '@cter/http';
import { countMetric } from '@cter/http/metrics';
import { auditEntry, decisionAdoptsPlan, decisionReopensPlan, planAdoptionItems, planReopeningItems, recordDecision, type TransactItem } from '@cter/case-store';
import * as routes from '@cter/routes/workflow';
import { requiredEnv } from '@cter/store';
import { cases, idempotency, tasks } from '../adapters/environment';
import { checkDecision, mayTake, type TaskRecord } from '../domain/task';

const casesTable = requiredEnv(ENV.casesTable);

/** The items that adopt the named plan version, for a decision that adopts a plan; none for other decisions. */
async function planAdoption(task: TaskRecord, planVersion: number | undefined, decidedAt: string): Promise<TransactItem[]> {
  if (!decisionAdoptsPlan(task)) {
    if (planVersion !== undefined) throw new ValidationFailed('planVersion is only for adopting a plan', [{ path: 'planVersion', message: `a ${task.kind} decision adopts no plan` }]);
    return [];
  }
  if (planVersion === undefined) throw new ValidationFailed('name the plan version the consultation adopts', [{ path: 'planVersion', message: 'required to adopt a plan' }]);
  return planAdoptionItems(casesTable, task.caseId, planVersion, { taskId: task.taskId, decidedAt });
}

export const handler = httpRoute(routes.decide, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    const record = await cases.get(path.caseId);
    if (!record) throw new CaseNotFound(path.caseId);
    const task = await tasks.get(record.caseId, body.task);
    // The case is visible to the caller, or the caller is assigned this very step (see list-tasks).
    const assigned = task?.status === 'open' && mayTake(caller, task, record.municipality);
    if (!caseViewLevel(caller, record) && !assigned) throw new CaseNotFound(path.caseId);
    if (!task) throw new NotFound(`task ${body.task} not found on this case`);
    checkDecision(task, caller, record.municipality, body.outcome);

    const decidedAt = new Date().toISOString();
    const planItems = [
      ...(await planAdoption(task, body.planVersion, decidedAt)),
      ...(decisionReopensPlan(task, body.outcome) ? await planReopeningItems(casesTable, task.caseId, { taskId: task.taskId, decidedAt, decidedBy: caller.organisation.id }) : []),
    ];
    const { record: next, event } = recordDecision(record, { kind: task.kind, outcome: body.outcome, reasoning: body.reasoning, taskId: task.taskId }, caller.organisation.id, decidedAt);
    const audit = auditEntry(caller, request, record.caseId, 'write', planItems.length ? ['process', 'plan'] : ['process'], 'case-work', new Date(decidedAt));
    await tasks.decide(task, { outcome: body.outcome, decidedBy: caller.organisation.id, decidedAt }, next, event, audit, planItems);
    countMetric(BUSINESS_METRICS.decisionsRecorded);
    return { status: 202, body: { caseId: record.caseId, task: task.taskId, kind: task.kind, outcome: body.outcome, version: next.version, ...(body.planVersion !== undefined ? { planVersion: body.planVersion } : {}) } };
  },
});
