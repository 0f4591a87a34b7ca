// GET /cases/{caseId}/plan: the plan of action as the caller may see it (plan-view.ts); with
// `version`, an earlier version as drafted and adopted; signed as a mentor's role session of the
// ONE-on-ONE organisation, what that mentor may see. A visible case without a plan answers `plan: null`. Every read is audited.
import { httpRoute } from '@cter/http';
import { ONE_ON_ONE_MEASURE_ID } from '@cter/measures-domain/catalogue/ids';
import { measuresWithContent, planView, planViewCategories, type MeasureRecords, type PlanViewer } from '@cter/measures-domain/plan-view';
import { receivesHealthData } from '@cter/measures-domain/factor-view';
import * as routes from '@cter/routes/measures';
import * as measures from '../adapters/measures-repository';
import { auditEntry, loadVisibleCase } from './measure-access';
import { callingMentor } from './mentor-caller';
import { versionView } from './plan-version-view';

export const handler = httpRoute(routes.getPlan, {
  handle: async (request) => {
    const { caller, path, query } = request;
    // One round trip for the three reads; the plan is shown only to whom the case is visible.
    // A mentor is the signed role session, never a query parameter: they read their own mentee's measure only.
    const [{ record, level }, stored, mentorId] = await Promise.all([loadVisibleCase(caller, path.caseId), measures.getPlan(path.caseId), callingMentor(caller)]);
    if (!stored) return { status: 200, body: { caseId: record.caseId, plan: null } };
    const viewer: PlanViewer = { organisationId: caller.organisation.id, level, healthData: receivesHealthData(caller.organisation.type), ...(mentorId !== undefined ? { mentorId } : {}) };

    if (query.version !== undefined) {
      const view = await versionView(record.caseId, stored.plan, query.version, viewer);
      await measures.recordRead(auditEntry(caller, request, record.caseId, 'read', ['plan'], 'case-work'));
      return { status: 200, body: { caseId: record.caseId, plan: view } };
    }

    const records = new Map<string, MeasureRecords>();
    for (const measure of measuresWithContent(stored.plan, viewer)) {
      const [notes, sessions] = await Promise.all([
        measures.notes(record.caseId, measure.measureId),
        measure.catalogueId === ONE_ON_ONE_MEASURE_ID ? measures.sessions(record.caseId, measure.measureId) : Promise.resolve(undefined),
      ]);
      records.set(measure.measureId, sessions ? { notes, sessions } : { notes });
    }
    const body = { caseId: record.caseId, plan: planView(stored.plan, viewer, records) };
    await measures.recordRead(auditEntry(caller, request, record.caseId, 'read', planViewCategories(stored.plan, viewer, records), 'case-work'));
    return { status: 200, body, headers: { etag: `"${stored.plan.version}"` } };
  },
});
