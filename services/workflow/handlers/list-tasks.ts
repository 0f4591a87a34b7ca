// GET /cases/{caseId}/tasks: the open decisions of the case that the caller may take.
import { assertRouteAllowed, caseViewLevel } from '@cter/access';
import { CaseIdPath, CaseNotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { cases, tasks } from '../adapters/environment';
import { mayTake, taskView } from '../domain/task';

export const handler = httpRoute({
  route: 'GET /cases/{caseId}/tasks',
  path: CaseIdPath,
  handle: async (request) => {
    const { caller, path } = request;
    assertRouteAllowed(caller, request.route);
    const record = await cases.get(path.caseId);
    if (!record || !caseViewLevel(caller, record)) throw new CaseNotFound(path.caseId);
    const open = (await tasks.list(record.caseId)).filter((t) => t.status === 'open' && mayTake(caller, t, record.municipality));
    return { status: 200, body: { caseId: record.caseId, state: record.state, tasks: open.map(taskView) } };
  },
});
