// The input contract of a plan of action (plan van aanpak): goals per life domain and the measures
// that work towards them, field by field. The rules across fields (goals phrased positively, ids once,
// a measure's goals in the plan, one age group) are code in plan-content-rules.ts; catalogue and
// region checks follow in plan.ts.
import * as z from 'zod/mini';
import type { RegionId } from '@cter/config';
import { eachOnce } from '@cter/domain';
import { ProtectiveFactor, RiskFactor } from '../catalogue/factor-schemas';
import { CatalogueMeasureId, TargetGroup } from '../catalogue/vocabulary';
import { EntityId, IsoDate, OrganisationRef } from './references';

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

/** The goal: what the person will do or achieve, phrased positively (plan-content-rules.ts checks it). */
export const GoalStatement = /* @__PURE__ */ (() => z.string().check(
  z.trim(),
  z.minLength(5, 'at least 5 characters'),
  z.maxLength(500, 'at most 500 characters'),
  z.describe('The goal, phrased positively: what the person will do or achieve'),
))();

export const GoalInput = /* @__PURE__ */ (() => z
  .strictObject({ goalId: EntityId, lifeDomain: LifeDomain, statement: GoalStatement })
  .check(z.describe('A goal of the plan (doel per leefgebied)')))();
export type GoalInput = z.infer<typeof GoalInput>;

/**
 * A measure as a partner sends it in a draft or revision: without `measureId` it is a new measure and
 * the platform mints its id; with `measureId` it names a measure already in the plan.
 */
export const PlannedMeasureRequest = /* @__PURE__ */ (() => z
  .strictObject({
    /** A measure already in the plan, by the id the platform gave it; absent for a new measure. */
    measureId: z.optional(EntityId),
    catalogueId: CatalogueMeasureId,
    /** The organisation that carries out the measure (eigenaar). */
    owner: OrganisationRef,
    goalIds: z._default(z.array(EntityId).check(z.maxLength(20, 'at most 20 goals')), []),
    /** Planned start. */
    start: IsoDate,
    /** Planned end, after the start. */
    plannedEnd: IsoDate,
  })
  .check(z.describe('A measure of the package (maatregel in het maatregelenpakket)')))();
export type PlannedMeasureRequest = z.output<typeof PlannedMeasureRequest>;

/** A measure as the domain plans it: its id minted by the platform (the handler), never chosen by a client. */
export interface PlannedMeasureInput extends Omit<PlannedMeasureRequest, 'measureId' | 'goalIds'> {
  measureId: string;
  /** The goals of the plan it works towards; none when absent. */
  goalIds?: string[];
}

const uniqueList = <T extends z.ZodMiniType>(item: T, max: number) =>
  z.array(item).check(z.maxLength(max, `at most ${max} entries`), z.refine(eachOnce, 'entries must be unique'));

/** The content of a plan as a partner sends it in a draft or revision (new measures without an id). */
export const planRequestShape = /* @__PURE__ */ (() => ({
  /** The target groups the plan is tailored to (doelgroepen). */
  targetGroups: z.array(TargetGroup).check(z.minLength(1, 'name the target groups')),
  goals: z.array(GoalInput).check(z.minLength(1, 'a plan has at least one goal'), z.maxLength(40, 'at most 40 goals')),
  measures: z._default(z.array(PlannedMeasureRequest).check(z.maxLength(60, 'at most 60 measures')), []),
  /**
   * The shared picture of the consultation: risk and protective factors recorded for the case
   * (e.g. from a VERA-2R assessment). Measures are fitted to them; the plan versions them.
   */
  riskFactors: z._default(uniqueList(RiskFactor, 40), []),
  protectiveFactors: z._default(uniqueList(ProtectiveFactor, 40), []),
}))();

/** The content of a plan as the domain takes it: measure ids minted; lists that may be absent are empty then. */
export interface PlanContent {
  targetGroups: TargetGroup[];
  goals: GoalInput[];
  measures?: PlannedMeasureInput[];
  riskFactors?: RiskFactor[];
  protectiveFactors?: ProtectiveFactor[];
}

/** Draft a plan of action for a case (plan van aanpak opstellen). */
export interface CreatePlanRequest extends PlanContent {
  planId: string;
  caseId: string;
  regionId: RegionId;
}

/** A new version of the plan: the full content as it should read (plan bijstellen). */
export interface RevisePlanRequest extends PlanContent {
  /** The version read last; a stale version gets 409. */
  basedOnVersion: number;
}
