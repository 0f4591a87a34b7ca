// Whether a catalogue measure fits a person's target groups. Shared by the fitting suggestions and
// the plan checks, so a suggestion and a plan can never disagree on what fits.
import type { CatalogueMeasureRules } from '../catalogue/schema';
import { isAgeGroup, type SituationGroup, type TargetGroup } from '../catalogue/target-groups';

export type TargetFit = { fits: true; matchedGroups: TargetGroup[] } | { fits: false; reason: string };

export function targetGroupFit(measure: CatalogueMeasureRules, targetGroups: readonly TargetGroup[]): TargetFit {
  const ageGroup = targetGroups.find(isAgeGroup);
  if (!ageGroup || !measure.ageGroups.includes(ageGroup)) {
    return { fits: false, reason: `${measure.id} is for ${measure.ageGroups.join(', ')}, not ${ageGroup ?? 'an unknown age group'}` };
  }
  const situations = targetGroups.filter((g): g is SituationGroup => !isAgeGroup(g));
  const matchedSituations = measure.situationGroups.filter((g) => situations.includes(g));
  if (measure.situationGroups.length > 0 && matchedSituations.length === 0) {
    return { fits: false, reason: `${measure.id} is only for ${measure.situationGroups.join(' or ')}` };
  }
  return { fits: true, matchedGroups: [ageGroup, ...matchedSituations] };
}
