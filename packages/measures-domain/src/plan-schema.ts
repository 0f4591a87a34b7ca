// The input contract of a plan of action (plan van aanpak): goals per life domain, each phrased
// positively, and the measures that work towards them. Catalogue and region checks follow in plan.ts.
import * as z from 'zod/mini';
import { ProtectiveFactor, RiskFactor } from '../catalogue/factors';
import { CatalogueMeasureId, isAgeGroup, TargetGroup } from '../catalogue/vocabulary';
import { checkPositivePhrasing } from './positive-phrasing';
import { CaseId, EntityId, IsoDate, OrganisationRef, RegionId } from './references';

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
export const LifeDomain = /* @__PURE__ */ (() => z.enum(LIFE_DOMAINS).check(z.describe('Life domain (leefgebied)')))();
export type LifeDomain = z.infer<typeof LifeDomain>;

/** The goal, phrased positively: what the person will do or achieve. */
export const GoalStatement = /* @__PURE__ */ (() => z.string().check(
  z.trim(),
  z.minLength(5, 'at least 5 characters'),
  z.maxLength(500, 'at most 500 characters'),
  z.superRefine((statement, ctx) => {
    const check = checkPositivePhrasing(statement);
    if (!check.positive) ctx.addIssue({ code: 'custom', message: `not positively phrased (${check.ruleId}): ${check.explanation}` });
  }),
))();

export const GoalInput = /* @__PURE__ */ (() => z
  .strictObject({ goalId: EntityId, lifeDomain: LifeDomain, statement: GoalStatement })
  .check(z.describe('A goal of the plan (doel per leefgebied)')))();
export type GoalInput = z.infer<typeof GoalInput>;

const plannedMeasureFields = {
  catalogueId: CatalogueMeasureId,
  /** The organisation that carries out the measure (eigenaar). */
  owner: OrganisationRef,
  goalIds: z._default(z.array(EntityId).check(z.maxLength(20, 'at most 20 goals')), []),
  /** Planned start. */
  start: IsoDate,
  /** Planned end, after the start. */
  plannedEnd: IsoDate,
};

/** A measure as the domain plans it: its id minted by the platform (the handler), never chosen by a client. */
export const PlannedMeasureInput = /* @__PURE__ */ (() => z
  .strictObject({ measureId: EntityId, ...plannedMeasureFields })
  .check(
    z.refine((m) => m.plannedEnd > m.start, { path: ['plannedEnd'], message: 'must lie after the start' }),
    z.describe('A measure of the package (maatregel in het maatregelenpakket)'),
  ))();
export type PlannedMeasureInput = z.input<typeof PlannedMeasureInput>;

/**
 * A measure as a partner sends it in a draft or revision: without `measureId` it is a new measure and
 * the platform mints its id; with `measureId` it names a measure already in the plan.
 */
export const PlannedMeasureRequest = /* @__PURE__ */ (() => z
  .strictObject({
    /** A measure already in the plan, by the id the platform gave it; absent for a new measure. */
    measureId: z.optional(EntityId),
    ...plannedMeasureFields,
  })
  .check(
    z.refine((m) => m.plannedEnd > m.start, { path: ['plannedEnd'], message: 'must lie after the start' }),
    z.describe('A measure of the package (maatregel in het maatregelenpakket)'),
  ))();
export type PlannedMeasureRequest = z.output<typeof PlannedMeasureRequest>;

const uniqueList = <T extends z.ZodMiniType>(item: T, max: number) =>
  z.array(item).check(
    z.maxLength(max, `at most ${max} entries`),
    z.refine((list) => new Set(list).size === list.length, 'entries must be unique'),
  );

function contentShape<M extends z.ZodMiniType>(measure: M) {
  return {
    /** The target groups the plan is tailored to (doelgroepen). */
    targetGroups: z.array(TargetGroup).check(z.minLength(1, 'name the target groups')),
    goals: z.array(GoalInput).check(z.minLength(1, 'a plan has at least one goal'), z.maxLength(40, 'at most 40 goals')),
    measures: z._default(z.array(measure).check(z.maxLength(60, 'at most 60 measures')), []),
    /**
     * The shared picture of the consultation: risk and protective factors recorded for the case
     * (e.g. from a VERA-2R assessment). Measures are fitted to them; the plan versions them.
     */
    riskFactors: z._default(uniqueList(RiskFactor, 40), []),
    protectiveFactors: z._default(uniqueList(ProtectiveFactor, 40), []),
  };
}

/** The content of a plan: the fields a draft or revision sends in full (measure ids minted by the platform). */
export const planContentShape = /* @__PURE__ */ (() => contentShape(PlannedMeasureInput))();
/** The content as a partner sends it: new measures without an id. */
export const planRequestShape = /* @__PURE__ */ (() => contentShape(PlannedMeasureRequest))();

export type PlanContentOutput = z.output<z.ZodMiniObject<typeof planRequestShape>>;
type RefinementContext = Parameters<Parameters<typeof z.superRefine<PlanContentOutput>>[0]>[1];

/** Rules across fields: unique ids, goals referenced by measures exist, one age group. */
export function checkPlanContent(plan: PlanContentOutput, ctx: RefinementContext): void {
  const goalIds = new Set<string>();
  plan.goals.forEach((g, i) => {
    if (goalIds.has(g.goalId)) ctx.addIssue({ code: 'custom', path: ['goals', i, 'goalId'], message: 'duplicate goal id' });
    goalIds.add(g.goalId);
  });
  const measureIds = new Set<string>();
  plan.measures.forEach((m, i) => {
    if (m.measureId !== undefined) {
      if (measureIds.has(m.measureId)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'measureId'], message: 'duplicate measure id' });
      measureIds.add(m.measureId);
    }
    m.goalIds.forEach((goalId, j) => {
      if (!goalIds.has(goalId)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'goalIds', j], message: 'not a goal of this plan' });
    });
  });
  const ageGroups = plan.targetGroups.filter(isAgeGroup);
  if (ageGroups.length !== 1) ctx.addIssue({ code: 'custom', path: ['targetGroups'], message: 'name exactly one age group (minors, young-adults or adults)' });
  if (new Set(plan.targetGroups).size !== plan.targetGroups.length) ctx.addIssue({ code: 'custom', path: ['targetGroups'], message: 'target groups must be unique' });
}

export const PlanContent = /* @__PURE__ */ (() => z.strictObject(planContentShape).check(z.superRefine(checkPlanContent)))();
export type PlanContent = z.input<typeof PlanContent>;

export const CreatePlanRequest = /* @__PURE__ */ (() => z
  .strictObject({ planId: EntityId, caseId: CaseId, regionId: RegionId, ...planContentShape })
  .check(z.superRefine(checkPlanContent), z.describe('Draft a plan of action for a case (plan van aanpak opstellen)')))();
export type CreatePlanRequest = z.input<typeof CreatePlanRequest>;

export const RevisePlanRequest = /* @__PURE__ */ (() => z
  .strictObject({
    /** The version read last; a stale version gets 409. */
    basedOnVersion: z.int('a whole number').check(z.gte(1, 'at least 1')),
    ...planContentShape,
  })
  .check(z.superRefine(checkPlanContent), z.describe('A new version of the plan: the full content as it should read (plan bijstellen)')))();
export type RevisePlanRequest = z.input<typeof RevisePlanRequest>;

