// The target groups of the catalogue (doelgroepen) as lists, and the age-group test. No schemas
// (vocabulary.ts builds them), so code that checks a plan's groups loads no zod.

/** Target groups by age; every person is in exactly one. */
export const AGE_GROUPS = [
  'minors', // minderjarigen: under 18
  'young-adults', // jongvolwassenen: 18 up to 23
  'adults', // volwassenen
] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** Target groups by situation; a person may be in none, one or both, on top of the age group. */
export const SITUATION_GROUPS = [
  'detainees-and-returnees', // gedetineerden en terugkeerders
  'mental-health', // personen met psychische problematiek
] as const;
export type SituationGroup = (typeof SITUATION_GROUPS)[number];

export const TARGET_GROUPS = [...AGE_GROUPS, ...SITUATION_GROUPS] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export function isAgeGroup(group: TargetGroup): group is AgeGroup {
  return (AGE_GROUPS as readonly string[]).includes(group);
}
