// GET /cases/{caseId}/tasks: the open decisions of the case that the caller may take.
import { caseViewLevel } from '@cter/access';
import { CaseNotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/workflow';
import { cases, tasks } from '../adapters/environment';
import { mayTake, taskView } from '../domain/task';

export const handler = httpRoute(routes.listTasks, {
  handle: async (request) => {
    const { caller, path } = request;
    // One round trip for both reads; the tasks are shown only after the checks below.
    const [record, all] = await Promise.all([cases.get(path.caseId), tasks.list(path.caseId)]);
    if (!record) throw new CaseNotFound(path.caseId);
    const open = all.filter((t) => t.status === 'open' && mayTake(caller, t, record.municipality));
    // A partner assigned a step (the process director on an escalation, prison and probation on a
    // release) sees that task even where it may not see the case; tasks hold no personal data.
    if (!caseViewLevel(caller, record) && open.length === 0) throw new CaseNotFound(path.caseId);
    return { status: 200, body: { caseId: record.caseId, state: record.state, tasks: open.map(taskView) } };
  },
});
