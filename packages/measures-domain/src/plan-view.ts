// What a participant sees of a plan of action. Partners with a full or process view of the case
// (core partners, the ZVH) see the whole plan; an invited partner sees its own measures with their
// content and the goals they work towards, every other measure as status only; a ONE-on-ONE mentor
// sees only the measure of their own mentee. Measure shaping itself is measure-view.ts.
import { NotAllowed } from '@cter/domain';
import { factorsFor, isHealthFactor } from './factor-view';
import type { Measure, ProgressNote } from './measure';
import { mentorMaySee } from './mentor-access';
import { measureView, type MeasureView } from './measure-view';
import type { Plan } from './plan';
import type { Session } from './sessions';

export type PlanViewLevel = 'full' | 'process' | 'invited';

export interface PlanViewer {
  organisationId: string;
  /** The case-level view of the caller (from @cter/access). */
  level: PlanViewLevel;
  /** A ONE-on-ONE mentor reading as a person inside the mentoring organisation. */
  mentorId?: string;
  /** The covenant lists the viewer as a recipient of health data (factor-view.ts); absent: it is not. */
  healthData?: boolean;
}

/** Content the store keeps beside the plan: progress notes and, for ONE-on-ONE, the session log. */
export interface MeasureRecords {
  notes: ProgressNote[];
  sessions?: Session[];
}

export type MeasureViewWithRecords = MeasureView & { sessions?: Session[] };

/** The measures the viewer may see at all, each with the access it has. */
export function visibleMeasures(plan: Plan, viewer: PlanViewer): Array<{ measure: Measure; view: MeasureView }> {
  if (viewer.mentorId !== undefined) {
    const mentorId = viewer.mentorId;
    const own = plan.measures.filter((m) => m.owner.organisationId === viewer.organisationId && mentorMaySee(mentorId, m));
    if (own.length === 0) throw new NotAllowed(`mentor ${mentorId} is not the mentor of a measure of this case`);
    return own.map((measure) => ({ measure, view: measureView(measure, { organisationId: viewer.organisationId, mentorId }) }));
  }
  return plan.measures.map((measure) => ({ measure, view: measureView(measure, { organisationId: viewer.organisationId }) }));
}

/**
 * What was written on the measure by its current owner only. Notes and sessions are stored per
 * measure id; should a measure ever have changed hands (plan.ts refuses it once content exists),
 * the new owner, and whoever it disclosed to, still never sees what another organisation wrote.
 */
export function ownersRecords(measure: Pick<Measure, 'owner'>, records: MeasureRecords | undefined): MeasureRecords {
  const owner = measure.owner.organisationId;
  const notes = (records?.notes ?? []).filter((n) => n.authorOrganisationId === owner);
  return records?.sessions ? { notes, sessions: records.sessions.filter((s) => s.authorOrganisationId === owner) } : { notes };
}

/** Measures whose content (notes, sessions) the viewer reads; the handler loads their records. */
export function measuresWithContent(plan: Plan, viewer: PlanViewer): Measure[] {
  return visibleMeasures(plan, viewer)
    .filter((v) => v.view.access !== 'status')
    .map((v) => v.measure);
}

export function planView(plan: Plan, viewer: PlanViewer, records: ReadonlyMap<string, MeasureRecords>) {
  const measures: MeasureViewWithRecords[] = visibleMeasures(plan, viewer).map(({ measure, view }) => {
    if (view.access === 'status') return view;
    const own = ownersRecords(measure, records.get(view.measureId));
    return { ...view, notes: own.notes, ...(own.sessions ? { sessions: own.sessions } : {}) };
  });
  const header = {
    planId: plan.planId,
    caseId: plan.caseId,
    version: plan.version,
    status: plan.status,
    ...(plan.adoption ? { adoption: plan.adoption } : {}),
    ...(plan.inForceVersion !== undefined ? { inForceVersion: plan.inForceVersion } : {}),
    ...(plan.reopened ? { reopened: plan.reopened } : {}),
  };
  const wholePlan = viewer.mentorId === undefined && (viewer.level === 'full' || viewer.level === 'process');
  if (wholePlan) {
    return {
      ...header,
      targetGroups: plan.targetGroups,
      // Health-related factors only for the recipients of health data the covenant lists.
      riskFactors: factorsFor(plan.riskFactors, viewer.healthData === true),
      protectiveFactors: factorsFor(plan.protectiveFactors, viewer.healthData === true),
      goals: plan.goals,
      measures,
      changes: plan.changes,
      createdAt: plan.createdAt,
      createdBy: plan.createdBy,
    };
  }
  // Invited partners and mentors: only the goals their own measures work towards.
  const ownGoals = new Set(measures.filter((m) => m.access !== 'status').flatMap((m) => ('goalIds' in m ? m.goalIds : [])));
  return { ...header, goals: plan.goals.filter((g) => ownGoals.has(g.goalId)), measures };
}

/** Data categories a plan view exposes, for the audit trail. */
export function planViewCategories(plan: Plan, viewer: PlanViewer, records: ReadonlyMap<string, MeasureRecords>): string[] {
  const categories = ['plan'];
  if (viewer.mentorId === undefined && (viewer.level === 'full' || viewer.level === 'process')) {
    categories.push('risk-factors');
    if (viewer.healthData === true && [...plan.riskFactors, ...plan.protectiveFactors].some(isHealthFactor)) categories.push('special-health');
  }
  if (records.size > 0) categories.push('measure-content');
  if ([...records.values()].some((r) => r.sessions)) categories.push('mentoring-sessions');
  return categories;
}
