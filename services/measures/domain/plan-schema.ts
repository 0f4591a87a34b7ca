// The input contract of a plan of action (plan van aanpak): goals per life domain, each phrased
// positively, and the measures that work towards them. Catalogue and region checks follow in plan.ts.
import * as z from 'zod';
import { CatalogueMeasureId, isAgeGroup, TargetGroup } from '../catalogue/index';
import { checkPositivePhrasing } from './positive-phrasing';
import { CaseId, EntityId, IsoDate, IsoDateTime, OrganisationRef, RegionId } from './references';

export const LIFE_DOMAINS = [
  'identity-and-ideology', // identiteit en ideologie
  'family', // gezin
  'education-and-work', // school en werk
  'housing', // wonen
  'income', // inkomen
  'health', // gezondheid
  'social-network', // sociaal netwerk
  'justice', // justitie
] as const;
export const LifeDomain = z.enum(LIFE_DOMAINS).describe('Life domain (leefgebied)');
export type LifeDomain = z.infer<typeof LifeDomain>;

export const GoalStatement = z
  .string()
  .trim()
  .min(5, 'at least 5 characters')
  .max(500, 'at most 500 characters')
  .superRefine((statement, ctx) => {
    const check = checkPositivePhrasing(statement);
    if (!check.positive) ctx.addIssue({ code: 'custom', message: `not positively phrased (${check.ruleId}): ${check.explanation}` });
  })
  .describe('The goal, phrased positively: what the person will do or achieve');

export const GoalInput = z
  .strictObject({ goalId: EntityId, lifeDomain: LifeDomain, statement: GoalStatement })
  .describe('A goal of the plan (doel per leefgebied)');
export type GoalInput = z.infer<typeof GoalInput>;

export const PlannedMeasureInput = z
  .strictObject({
    measureId: EntityId,
    catalogueId: CatalogueMeasureId,
    owner: OrganisationRef.describe('The organisation that carries out the measure (eigenaar)'),
    goalIds: z.array(EntityId).max(20).default([]),
    start: IsoDate.describe('Planned start'),
    plannedEnd: IsoDate.describe('Planned end, after the start'),
  })
  .refine((m) => m.plannedEnd > m.start, { path: ['plannedEnd'], message: 'must lie after the start' })
  .describe('A measure of the package (maatregel in het maatregelenpakket)');
export type PlannedMeasureInput = z.input<typeof PlannedMeasureInput>;

const planContentShape = {
  targetGroups: z.array(TargetGroup).min(1).describe('The target groups the plan is tailored to (doelgroepen)'),
  goals: z.array(GoalInput).min(1, 'a plan has at least one goal').max(40),
  measures: z.array(PlannedMeasureInput).max(60).default([]),
};

type PlanContentOutput = z.output<z.ZodObject<typeof planContentShape>>;

/** Rules across fields: unique ids, goals referenced by measures exist, one age group. */
function checkPlanContent(plan: PlanContentOutput, ctx: z.RefinementCtx): void {
  const goalIds = new Set<string>();
  plan.goals.forEach((g, i) => {
    if (goalIds.has(g.goalId)) ctx.addIssue({ code: 'custom', path: ['goals', i, 'goalId'], message: 'duplicate goal id' });
    goalIds.add(g.goalId);
  });
  const measureIds = new Set<string>();
  plan.measures.forEach((m, i) => {
    if (measureIds.has(m.measureId)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'measureId'], message: 'duplicate measure id' });
    measureIds.add(m.measureId);
    m.goalIds.forEach((goalId, j) => {
      if (!goalIds.has(goalId)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'goalIds', j], message: 'not a goal of this plan' });
    });
  });
  const ageGroups = plan.targetGroups.filter(isAgeGroup);
  if (ageGroups.length !== 1) ctx.addIssue({ code: 'custom', path: ['targetGroups'], message: 'name exactly one age group (minors, young-adults or adults)' });
  if (new Set(plan.targetGroups).size !== plan.targetGroups.length) ctx.addIssue({ code: 'custom', path: ['targetGroups'], message: 'target groups must be unique' });
}

export const PlanContent = z.strictObject(planContentShape).superRefine(checkPlanContent);
export type PlanContent = z.input<typeof PlanContent>;

export const CreatePlanRequest = z
  .strictObject({ planId: EntityId, caseId: CaseId, regionId: RegionId, ...planContentShape })
  .superRefine(checkPlanContent)
  .describe('Draft a plan of action for a case (plan van aanpak opstellen)');
export type CreatePlanRequest = z.input<typeof CreatePlanRequest>;

export const RevisePlanRequest = z
  .strictObject({
    basedOnVersion: z.number().int().min(1).describe('The version read last; a stale version gets 409'),
    ...planContentShape,
  })
  .superRefine(checkPlanContent)
  .describe('A new version of the plan: the full content as it should read (plan bijstellen)');
export type RevisePlanRequest = z.input<typeof RevisePlanRequest>;

export const ConsultationDecision = z
  .strictObject({
    decisionId: EntityId,
    consultationId: EntityId,
    caseId: CaseId,
    outcome: z.literal('adopt-plan'),
    planId: EntityId,
    planVersion: z.number().int().min(1),
    decidedAt: IsoDateTime,
  })
  .describe('The decision of the case consultation (besluit casusoverleg) that adopts a plan version');
export type ConsultationDecision = z.infer<typeof ConsultationDecision>;
