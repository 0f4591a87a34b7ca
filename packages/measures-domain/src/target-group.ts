// Derives a person's target groups (doelgroepen): one age group from the birth date, plus the
// situation groups recorded for the case. Measures are fitted and evaluations grouped by these.
import * as z from 'zod/mini';
import type { AgeGroup, SituationGroup, TargetGroup } from '../catalogue/vocabulary';
import { ageOn } from './dates';
import { IsoDate } from './references';
import { parseInput } from './validation';

/** Age of majority. */
export const ADULT_FROM_AGE = 18;
/**
 * Young adults run from the 18th up to (not including) the 23rd birthday: "18 tot 23", the range of
 * adolescent criminal law (adolescentenstrafrecht) and extended youth care that the measures follow.
 */
export const ADULT_GROUP_FROM_AGE = 23;

export const TargetGroupFacts = /* @__PURE__ */ (() => z
  .strictObject({
    birthDate: IsoDate,
    /** The date the target group is determined for, usually today. */
    onDate: IsoDate,
    /** In detention or returned from a conflict area (gedetineerde of terugkeerder). */
    detaineeOrReturnee: z._default(z.boolean(), false),
    /** Recorded mental-health problems (psychische problematiek). */
    mentalHealthProblems: z._default(z.boolean(), false),
  })
  .check(z.refine((f) => f.birthDate <= f.onDate, { path: ['birthDate'], message: 'must not lie after onDate' })))();
export type TargetGroupFacts = z.input<typeof TargetGroupFacts>;

export interface TargetProfile {
  ageGroup: AgeGroup;
  situationGroups: SituationGroup[];
  /** The age group followed by the situation groups. */
  targetGroups: TargetGroup[];
}

export function ageGroupFor(age: number): AgeGroup {
  if (age < ADULT_FROM_AGE) return 'minors';
  if (age < ADULT_GROUP_FROM_AGE) return 'young-adults';
  return 'adults';
}

export function deriveTargetProfile(input: TargetGroupFacts): TargetProfile {
  const facts = parseInput(TargetGroupFacts, input, 'target group facts');
  const ageGroup = ageGroupFor(ageOn(facts.birthDate, facts.onDate));
  const situationGroups: SituationGroup[] = [];
  if (facts.detaineeOrReturnee) situationGroups.push('detainees-and-returnees');
  if (facts.mentalHealthProblems) situationGroups.push('mental-health');
  return { ageGroup, situationGroups, targetGroups: [ageGroup, ...situationGroups] };
}

/**
 * The one group a person is counted under in evaluation figures, so each person falls in exactly
 * one cell: detainees and returnees first (their track differs most), then mental health, then age.
 */
export function primaryTargetGroup(profile: Pick<TargetProfile, 'ageGroup' | 'situationGroups'>): TargetGroup {
  if (profile.situationGroups.includes('detainees-and-returnees')) return 'detainees-and-returnees';
  if (profile.situationGroups.includes('mental-health')) return 'mental-health';
  return profile.ageGroup;
}
