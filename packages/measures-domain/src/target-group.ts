// Derives a person's target groups (doelgroepen): one age group from the birth date, plus the
// situation groups recorded for the case. Measures are fitted and evaluations grouped by these.
import { ValidationFailed } from '@cter/domain';
import type { AgeGroup, SituationGroup, TargetGroup } from '../catalogue/vocabulary';
import { ageOn } from './dates';

/** Age of majority. */
export const ADULT_FROM_AGE = 18;
/**
 * Young adults run from the 18th up to (not including) the 23rd birthday: "18 tot 23", the range of
 * adolescent criminal law (adolescentenstrafrecht) and extended youth care that the measures follow.
 */
export const ADULT_GROUP_FROM_AGE = 23;

/** What the target groups follow from: the case's recorded birth date and situation (YYYY-MM-DD dates). */
export interface TargetGroupFacts {
  birthDate: string;
  /** The date the target group is determined for, usually today. */
  onDate: string;
  /** In detention or returned from a conflict area (gedetineerde of terugkeerder). */
  detaineeOrReturnee?: boolean;
  /** Recorded mental-health problems (psychische problematiek). */
  mentalHealthProblems?: boolean;
}

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

/** From the case's facts, typed (the case's birth date was validated when the signal was registered). */
export function deriveTargetProfile(facts: TargetGroupFacts): TargetProfile {
  if (facts.birthDate > facts.onDate) throw new ValidationFailed('invalid target group facts', [{ path: 'birthDate', message: 'must not lie after onDate' }]);
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
