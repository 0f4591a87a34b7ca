// POST /cases/{caseId}/plan: the ZVH process director or the directing municipality drafts the plan
// of action (no basedOnVersion) or revises it (basedOnVersion: the version read last). Each call
// writes a new version with its change record; the consultation adopts a version by deciding the
// work process's plan-adoption task (POST /cases/{caseId}/decisions with planVersion). Measure ids
// are minted here (measure-ids.ts): a client names only the measures the plan already has.
import { randomUUID } from 'node:crypto';
import { Conflict, NotAllowed, StaleVersion } from '@cter/domain';
import { httpRoute, type HttpResult } from '@cter/http';
import { receivesHealthData } from '@cter/measures-domain/factor-view';
import { withMeasureIds } from '@cter/measures-domain/measure-ids';
import { createPlan, revisePlan, type Plan } from '@cter/measures-domain/plan';
import { planView } from '@cter/measures-domain/plan-view';
import type { StoredPlan, TransactItem } from '@cter/case-store';
import { putPlan, putPlanVersion, releaseMentorPlace } from '@cter/case-store';
import * as routes from '@cter/routes/measures';
import { casesTable, idempotency, region } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';
import { actionContext, assertPlanState, auditEntry, loadVisibleCase, retryingOnPlanChange } from './measure-access';

/** Mentors whose place a revision gives back: their measure left the plan, or became another measure or another owner's. */
function releasedMentors(before: Plan, after: Plan): { plan: Plan; mentorIds: string[] } {
  const mentorIds: string[] = [];
  const measuresAfter = after.measures.map((m) => {
    const previous = before.measures.find((p) => p.measureId === m.measureId);
    if (!m.mentorId || !previous) return m;
    if (m.catalogueId === previous.catalogueId && m.owner.organisationId === previous.owner.organisationId) return m;
    mentorIds.push(m.mentorId);
    const { mentorId: _released, ...rest } = m;
    return rest;
  });
  for (const previous of before.measures) {
    if (previous.mentorId && !after.measures.some((m) => m.measureId === previous.measureId)) mentorIds.push(previous.mentorId);
  }
  return { plan: { ...after, measures: measuresAfter }, mentorIds };
}

export const handler = httpRoute(routes.draftPlan, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    if (level === 'invited') throw new NotAllowed('invited partners do not draft the plan');
    assertPlanState(record);
    const { basedOnVersion, ...content } = body;

    return retryingOnPlanChange(async (): Promise<HttpResult> => {
      const stored = await measures.getPlan(record.caseId);
      const context = actionContext(caller);
      let next: StoredPlan;
      const items: TransactItem[] = [];
      if (basedOnVersion === undefined) {
        if (stored) throw new Conflict(`the case has a plan already (version ${stored.plan.version}); revise it with basedOnVersion`);
        const plan = createPlan({ planId: randomUUID(), caseId: record.caseId, regionId: region.id, ...content, measures: withMeasureIds(undefined, content.measures, randomUUID) }, context);
        next = { plan, rev: 1, personKey: randomUUID() };
        items.push(putPlan(casesTable, next, undefined));
      } else {
        if (!stored) throw new Conflict('the case has no plan of action yet; draft one without basedOnVersion');
        if (basedOnVersion !== stored.plan.version) throw new StaleVersion(basedOnVersion, stored.plan.version);
        const revised = releasedMentors(stored.plan, revisePlan(stored.plan, { basedOnVersion, ...content, measures: withMeasureIds(stored.plan, content.measures, randomUUID) }, context));
        next = { plan: revised.plan, rev: stored.rev + 1, personKey: stored.personKey };
        items.push(putPlan(casesTable, next, stored.rev));
        for (const mentorId of revised.mentorIds) {
          const mentor = await measures.getMentor(mentorId);
          if (mentor && mentor.activeMentees > 0) items.push(releaseMentorPlace(casesTable, mentorId));
        }
      }
      items.push(putPlanVersion(casesTable, next.plan, context.at, caller.organisation.id));
      await measures.write(items, auditEntry(caller, request, record.caseId, 'write', ['plan', 'risk-factors'], 'case-consultation'));
      const body = planView(next.plan, { organisationId: caller.organisation.id, level, healthData: receivesHealthData(caller.organisation.type) }, new Map());
      return basedOnVersion === undefined
        ? { status: 201, body, headers: { location: `/cases/${record.caseId}/plan`, etag: `"${next.plan.version}"` } }
        : { status: 200, body, headers: { etag: `"${next.plan.version}"` } };
    });
  },
});
