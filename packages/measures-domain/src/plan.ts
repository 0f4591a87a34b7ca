// A plan of action (plan van aanpak) and its versions: drafted, adopted by a consultation decision,
// revised into a new version with a change record. Measure status runs in measure-lifecycle.ts
// and does not make a new version: a version records what the consultation agreed.
import { findOrganisation, type RegionId } from '@cter/config';
import { InvalidTransition, StaleVersion, ValidationFailed, type ErrorDetail } from '@cter/domain';
import type { ProtectiveFactor, RiskFactor } from '../catalogue/factors';
import { CURRENT_RULES, findCatalogueMeasure } from '../catalogue/published';
import type { CatalogueRules } from '../catalogue/schema';
import type { TargetGroup } from '../catalogue/target-groups';
import type { ActionContext } from './action-context';
import { measureAssigned, type MeasureAssigned } from './events';
import type { Measure } from './measure';
import { diffPlanContent, type FieldChange } from './plan-diff';
import { ConsultationDecision } from './consultation-decision';
import { planContentProblems } from './plan-content-rules';
import type { CreatePlanRequest, GoalInput, LifeDomain, PlanContent, PlannedMeasureInput, RevisePlanRequest } from './plan-schema';
import { targetGroupFit } from './target-fit';
import { parseInput } from './validation';

export interface Goal {
  goalId: string;
  lifeDomain: LifeDomain;
  statement: string;
}

export interface PlanChange {
  fromVersion: number;
  toVersion: number;
  changedAt: string;
  changedBy: string;
  fields: FieldChange[];
}

export interface PlanAdoption {
  decisionId: string;
  consultationId: string;
  adoptedAt: string;
}

export interface PlanReopening {
  /** The evaluation decision (its task id) that asked for the adjustment. */
  decisionId: string;
  at: string;
  by: string;
}

export interface Plan {
  planId: string;
  caseId: string;
  regionId: RegionId;
  version: number;
  status: 'draft' | 'adopted';
  targetGroups: TargetGroup[];
  goals: Goal[];
  measures: Measure[];
  /** The risk and protective factors the consultation recorded; measures are fitted to them. */
  riskFactors: RiskFactor[];
  protectiveFactors: ProtectiveFactor[];
  createdAt: string;
  createdBy: string;
  /** The adoption of this version; absent while it is a draft. */
  adoption?: PlanAdoption;
  /** The latest adopted version before this one: it stays in force until this one is adopted. */
  inForceVersion?: number;
  /**
   * An evaluation decided to adjust the plan: the consultation must adopt a new version (confirming
   * the version in force is refused) before monitoring resumes. Cleared by the next adoption.
   */
  reopened?: PlanReopening;
  /** One record per revision, oldest first. */
  changes: PlanChange[];
}

/** A planned measure with the lists it may leave out filled in. */
type PlannedMeasure = PlannedMeasureInput & { goalIds: string[] };

/** Catalogue and region rules a schema cannot know: the measure exists, fits, and its owner may own it. */
function checkAgainstCatalogue(
  regionId: RegionId,
  targetGroups: readonly TargetGroup[],
  measures: readonly PlannedMeasure[],
  catalogue: CatalogueRules,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  measures.forEach((m, i) => {
    const path = `measures.${i}`;
    const entry = findCatalogueMeasure(catalogue, m.catalogueId);
    if (!entry) {
      problems.push({ path: `${path}.catalogueId`, message: `not in catalogue ${catalogue.version}` });
      return;
    }
    if (!entry.ownerTypes.includes(m.owner.organisationType)) {
      problems.push({ path: `${path}.owner.organisationType`, message: `${m.catalogueId} is owned by ${entry.ownerTypes.join(' or ')}` });
    }
    const organisation = findOrganisation(regionId, m.owner.organisationId);
    if (!organisation || organisation.type !== m.owner.organisationType) {
      problems.push({ path: `${path}.owner.organisationId`, message: `not a ${m.owner.organisationType} organisation of region ${regionId}` });
    }
    const fit = targetGroupFit(entry, targetGroups);
    if (!fit.fits) problems.push({ path: `${path}.catalogueId`, message: fit.reason });
  });
  return problems;
}

function newMeasure(plan: Pick<Plan, 'planId' | 'caseId' | 'regionId'>, input: PlannedMeasure, catalogueVersion: string): Measure {
  return {
    measureId: input.measureId,
    caseId: plan.caseId,
    regionId: plan.regionId,
    planId: plan.planId,
    catalogueId: input.catalogueId,
    catalogueVersion,
    owner: input.owner,
    goalIds: input.goalIds,
    start: input.start,
    plannedEnd: input.plannedEnd,
    status: 'proposed',
    notes: [],
    disclosedTo: [],
    statusHistory: [],
  };
}

function toGoal(goal: GoalInput): Goal {
  return { goalId: goal.goalId, lifeDomain: goal.lifeDomain, statement: goal.statement };
}

/**
 * The content as a plan stores it, once it keeps the content rules and the catalogue's and region's:
 * every problem is reported at once (`what` names the request in the error).
 */
function checkedContent(content: PlanContent, regionId: RegionId, catalogue: CatalogueRules, what: string, checkAgainst: (m: PlannedMeasure) => boolean = () => true) {
  const measures = (content.measures ?? []).map((m): PlannedMeasure => ({ ...m, goalIds: m.goalIds ?? [] }));
  const next = { targetGroups: content.targetGroups, goals: content.goals, measures, riskFactors: content.riskFactors ?? [], protectiveFactors: content.protectiveFactors ?? [] };
  const problems = planContentProblems(next);
  problems.push(...checkAgainstCatalogue(regionId, next.targetGroups, measures.filter(checkAgainst), catalogue));
  if (problems.length > 0) throw new ValidationFailed(`invalid ${what}`, problems);
  return next;
}

/** Version 1 of a plan, as a draft. Its input is typed (the route parsed the request); its rules are checked here. */
export function createPlan(request: CreatePlanRequest, context: ActionContext, catalogue: CatalogueRules = CURRENT_RULES): Plan {
  const input = checkedContent(request, request.regionId, catalogue, 'plan');
  const { actor, at } = context;
  const plan = { planId: request.planId, caseId: request.caseId, regionId: request.regionId };
  return {
    ...plan,
    version: 1,
    status: 'draft',
    targetGroups: input.targetGroups,
    goals: input.goals.map(toGoal),
    measures: input.measures.map((m) => newMeasure(plan, m, catalogue.version)),
    riskFactors: input.riskFactors,
    protectiveFactors: input.protectiveFactors,
    createdAt: at,
    createdBy: actor.organisationId,
    changes: [],
  };
}

/**
 * Rules for measures already under way: history is not rewritten. A proposed measure may change or
 * go; a running one may only get new goals or a new planned end; an ended one stays as it was.
 */
function reviseMeasure(existing: Measure, input: PlannedMeasure, catalogueVersion: string): Measure {
  const id = existing.measureId;
  if (existing.status === 'proposed') {
    const reowned = input.catalogueId !== existing.catalogueId || JSON.stringify(input.owner) !== JSON.stringify(existing.owner);
    if (reowned && existing.contentWritten) {
      throw new InvalidTransition(`measure ${id} has progress notes of its owner: its owner and measure type stay; plan a new measure instead`);
    }
    const revised: Measure = { ...existing, owner: input.owner, goalIds: input.goalIds, start: input.start, plannedEnd: input.plannedEnd };
    if (input.catalogueId !== existing.catalogueId) Object.assign(revised, { catalogueId: input.catalogueId, catalogueVersion });
    // Another owner, or another measure, must be assigned again by the adoption of this version.
    if (input.catalogueId !== existing.catalogueId || input.owner.organisationId !== existing.owner.organisationId) delete revised.assignedAt;
    return revised;
  }
  if (existing.status === 'active') {
    const fixed = input.catalogueId !== existing.catalogueId || input.start !== existing.start || JSON.stringify(input.owner) !== JSON.stringify(existing.owner);
    if (fixed) throw new InvalidTransition(`measure ${id} is active: only its goals and planned end can change`);
    return { ...existing, goalIds: input.goalIds, plannedEnd: input.plannedEnd };
  }
  const changed = (['catalogueId', 'start', 'plannedEnd'] as const).some((f) => input[f] !== existing[f]) ||
    JSON.stringify([input.owner, input.goalIds]) !== JSON.stringify([existing.owner, existing.goalIds]);
  if (changed) throw new InvalidTransition(`measure ${id} has ended and cannot change`);
  return existing;
}

export function revisePlan(plan: Plan, request: RevisePlanRequest, context: ActionContext, catalogue: CatalogueRules = CURRENT_RULES): Plan {
  const { actor, at } = context;
  if (request.basedOnVersion !== plan.version) throw new StaleVersion(request.basedOnVersion, plan.version);

  const existingById = new Map(plan.measures.map((m) => [m.measureId, m]));
  // Only new or proposed measures are checked against the catalogue given; running ones keep theirs.
  const input = checkedContent(request, plan.regionId, catalogue, 'plan revision', (m) => (existingById.get(m.measureId)?.status ?? 'proposed') === 'proposed');
  const keptIds = new Set(input.measures.map((m) => m.measureId));
  for (const m of plan.measures) {
    if (keptIds.has(m.measureId) || m.status === 'proposed') continue;
    throw new InvalidTransition(
      m.status === 'active'
        ? `measure ${m.measureId} is active: end it instead of removing it from the plan`
        : `measure ${m.measureId} has ended and stays in the plan as its history`,
    );
  }

  const measures = input.measures.map((m) => {
    const existing = existingById.get(m.measureId);
    return existing ? reviseMeasure(existing, m, catalogue.version) : newMeasure(plan, m, catalogue.version);
  });
  const next = { targetGroups: input.targetGroups, goals: input.goals.map(toGoal), measures, riskFactors: input.riskFactors, protectiveFactors: input.protectiveFactors };
  const fields = diffPlanContent(plan, next);
  if (fields.length === 0) throw new ValidationFailed('the revision changes nothing');

  const inForceVersion = plan.status === 'adopted' ? plan.version : plan.inForceVersion;
  const revised: Plan = {
    ...plan,
    ...next,
    version: plan.version + 1,
    status: 'draft',
    changes: [...plan.changes, { fromVersion: plan.version, toVersion: plan.version + 1, changedAt: at, changedBy: actor.organisationId, fields }],
  };
  delete revised.adoption;
  if (inForceVersion === undefined) delete revised.inForceVersion;
  else revised.inForceVersion = inForceVersion;
  return revised;
}

export interface PlanAdoptionResult {
  plan: Plan;
  /** One `measure.assigned` per measure this adoption assigns for the first time. */
  events: MeasureAssigned[];
}

/** The consultation's decision adopts exactly the version it names; measures are then assigned. */
export function adoptPlan(plan: Plan, decision: ConsultationDecision): PlanAdoptionResult {
  return adoptPlanByDecision(plan, parseInput(ConsultationDecision, decision, 'consultation decision'));
}

/**
 * `adoptPlan` for a decision the platform itself composed from input already validated (the work
 * process's plan-adoption task, @cter/case-store): typed, so not parsed again, which keeps the
 * decision's schema, and zod, out of the decision function's start.
 */
export function adoptPlanByDecision(plan: Plan, d: ConsultationDecision): PlanAdoptionResult {
  if (d.caseId !== plan.caseId || d.planId !== plan.planId) throw new ValidationFailed('the decision is about another plan');
  if (d.planVersion !== plan.version) throw new StaleVersion(d.planVersion, plan.version);
  if (plan.status === 'adopted') throw new InvalidTransition(`version ${plan.version} of plan ${plan.planId} is adopted already`);
  if (Date.parse(d.decidedAt) < Date.parse(plan.createdAt)) throw new ValidationFailed('the decision predates the plan', [{ path: 'decidedAt', message: 'before the plan was drafted' }]);

  const events: MeasureAssigned[] = [];
  const measures = plan.measures.map((m) => {
    if (m.assignedAt) return m;
    const assigned: Measure = { ...m, assignedAt: d.decidedAt };
    events.push(measureAssigned(assigned, plan.version, d.decidedAt));
    return assigned;
  });
  const adopted: Plan = { ...plan, status: 'adopted', measures, adoption: { decisionId: d.decisionId, consultationId: d.consultationId, adoptedAt: d.decidedAt } };
  delete adopted.inForceVersion;
  delete adopted.reopened;
  return { plan: adopted, events };
}

/** An evaluation adjusts the plan: it stays in force, and the consultation adopts a new version of it. */
export function reopenPlan(plan: Plan, reopening: PlanReopening): Plan {
  return { ...plan, reopened: reopening };
}

/** Puts a measure changed by its lifecycle back into the plan; the version stays the same. */
export function withMeasure(plan: Plan, measure: Measure): Plan {
  if (!plan.measures.some((m) => m.measureId === measure.measureId)) {
    throw new ValidationFailed(`measure ${measure.measureId} is not part of plan ${plan.planId}`);
  }
  return { ...plan, measures: plan.measures.map((m) => (m.measureId === measure.measureId ? measure : m)) };
}
