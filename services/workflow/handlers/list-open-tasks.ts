// GET /tasks: the open tasks the caller may take across the cases of its region, earliest due first,
// what a partner works from each morning. Read from the open-task index (no scan); each task is
// checked against its case by the same rule as GET /cases/{caseId}/tasks. Tasks hold no personal
// data; the case number is shown only where the caller may see the case.
import { caseViewLevel } from '@cter/access';
import { httpRoute } from '@cter/http';
import type { CaseRecord } from '@cter/case-store';
import * as routes from '@cter/routes/workflow';
import { cases, tasks } from '../adapters/environment';
import { mayTake } from '../domain/task';

export const handler = httpRoute(routes.listOpenTasks, {
  handle: async (request) => {
    const { caller, query } = request;
    const page = await tasks.openFor(caller.organisation.type, caller.organisation.municipality, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    // The cases of the page side by side: one round trip, not one per case.
    const caseIds = [...new Set(page.items.map((t) => t.caseId))];
    const records = new Map<string, CaseRecord | undefined>(await Promise.all(caseIds.map(async (caseId) => [caseId, await cases.get(caseId)] as const)));
    const items = page.items.flatMap((task) => {
      const record = records.get(task.caseId);
      if (!record || !mayTake(caller, task, record.municipality)) return [];
      return [
        {
          taskId: task.taskId,
          caseId: task.caseId,
          ...(caseViewLevel(caller, record) ? { caseNumber: record.caseNumber } : {}),
          kind: task.kind,
          title: task.title,
          ...(task.topic ? { topic: task.topic } : {}),
          allowedOutcomes: task.allowedOutcomes,
          createdAt: task.createdAt,
          dueAt: task.dueAt,
        },
      ];
    });
    return { status: 200, body: { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  },
});
