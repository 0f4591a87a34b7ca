// POST /cases/{caseId}/decisions: a partner decides a pending human step. The task is claimed and
// the decision recorded in one transaction; the table's stream hands it to the waiting execution
// (on-case-change), so a recorded decision always reaches the work process.
import { assertRouteAllowed, caseViewLevel } from '@cter/access';
import { CaseIdPath, CaseNotFound, DecisionRequest, NotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { recordDecision } from '@cter/cases';
import { cases, tasks } from '../adapters/environment';
import { checkDecision } from '../domain/task';

export const handler = httpRoute({
  route: 'POST /cases/{caseId}/decisions',
  path: CaseIdPath,
  body: DecisionRequest,
  handle: async (request) => {
    const { caller, path, body } = request;
    assertRouteAllowed(caller, request.route);
    const record = await cases.get(path.caseId);
    if (!record || !caseViewLevel(caller, record)) throw new CaseNotFound(path.caseId);
    const task = await tasks.get(record.caseId, body.task);
    if (!task) throw new NotFound(`task ${body.task} not found on this case`);
    checkDecision(task, caller, record.municipality, body.outcome);

    const decidedAt = new Date().toISOString();
    const { record: next, event } = recordDecision(record, { kind: task.kind, outcome: body.outcome, reasoning: body.reasoning, taskId: task.taskId }, caller.organisation.id, decidedAt);
    await tasks.decide(task, { outcome: body.outcome, decidedBy: caller.organisation.id, decidedAt }, next, event, {
      caseId: record.caseId,
      action: 'write',
      route: request.route,
      organisationId: caller.organisation.id,
      regionId: caller.regionId,
      principalArn: caller.principalArn,
      categories: ['process'],
      purpose: 'case-work',
      requestId: request.requestId,
    });
    return { status: 202, body: { caseId: record.caseId, task: task.taskId, kind: task.kind, outcome: body.outcome, version: next.version } };
  },
});
