// An earlier version of the plan, shaped like the current one: partners with a full or process
// view see it whole; invited partners and mentors see only their own measures and their goals.
import { NotFound } from '@cter/domain';
import { factorsFor } from '@cter/measures-domain/factor-view';
import { mentorMaySee } from '@cter/measures-domain/mentor-access';
import type { Plan } from '@cter/measures-domain/plan';
import type { PlanViewer } from '@cter/measures-domain/plan-view';
import * as measures from '../adapters/measures-repository';

export async function versionView(caseId: string, current: Plan, version: number, viewer: PlanViewer) {
  const stored = await measures.getPlanVersion(caseId, version);
  if (!stored) throw new NotFound(`the plan has no version ${version}`);
  const header = { planId: stored.content.planId, version: stored.content.version, status: stored.status, draftedAt: stored.draftedAt, draftedBy: stored.draftedBy, ...(stored.adoption ? { adoption: stored.adoption } : {}) };
  if (viewer.mentorId === undefined && (viewer.level === 'full' || viewer.level === 'process')) {
    const healthData = viewer.healthData === true;
    return { ...header, ...stored.content, riskFactors: factorsFor(stored.content.riskFactors, healthData), protectiveFactors: factorsFor(stored.content.protectiveFactors, healthData) };
  }
  // The mentor of a measure is known from the current plan; a version only records what was agreed.
  const mine = new Set(
    current.measures
      .filter((m) => m.owner.organisationId === viewer.organisationId && (viewer.mentorId === undefined || mentorMaySee(viewer.mentorId, m)))
      .map((m) => m.measureId),
  );
  const ownMeasures = stored.content.measures.filter((m) => mine.has(m.measureId) && m.owner.organisationId === viewer.organisationId);
  const goals = new Set(ownMeasures.flatMap((m) => m.goalIds));
  return { ...header, goals: stored.content.goals.filter((g) => goals.has(g.goalId)), measures: ownMeasures };
}
