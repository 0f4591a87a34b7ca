// Suggests catalogue measures for a case: rule-based and explainable. Each suggestion lists the
// rules that scored it, so the consultation sees why, and can disagree, instead of trusting a score.
import type { ProtectiveFactor, RiskFactor } from '../catalogue/factors';
import { CURRENT_CATALOGUE } from '../catalogue/published';
import type { Catalogue, CatalogueMeasure } from '../catalogue/schema';
import type { TargetGroup } from '../catalogue/target-groups';
import type { Requirement } from '../catalogue/vocabulary';
import { targetGroupFit } from './target-fit';

/** The points of each rule, published with the suggestions so the score can be recomputed by hand. */
export const FITTING_POINTS = {
  /** A risk factor of the case the measure addresses weighs most: the package exists to reduce risk. */
  riskFactor: 3,
  /** Noord-Holland's standard measure for the group (ONE-on-ONE for young people). */
  standardMeasure: 2,
  /** For detainees and returnees: an element of the work model for safe re-integration. */
  reintegrationElement: 2,
  /** A protective factor the measure builds on. */
  protectiveFactor: 1,
} as const;

/**
 * The case facts a suggestion of measures is based on: the plan's (validated when it was drafted) or
 * the case's own target groups (deriveTargetProfile). Typed, not parsed: the platform composes them.
 */
export interface FittingRequest {
  /** From deriveTargetProfile or the plan: one age group plus situation groups. */
  targetGroups: readonly TargetGroup[];
  riskFactors?: readonly RiskFactor[];
  protectiveFactors?: readonly ProtectiveFactor[];
  /** Measures already in the plan. */
  excludeCatalogueIds?: readonly string[];
}
type FittingFacts = Required<FittingRequest>;

export type ScoreRule = 'risk-factor' | 'standard-measure' | 'reintegration-element' | 'protective-factor';

export interface ScoreLine {
  rule: ScoreRule;
  /** The factor, group or element the rule matched. */
  subject: string;
  points: number;
}

export interface MeasureSuggestion {
  catalogueId: string;
  name: string;
  dutchTerm: string;
  kind: CatalogueMeasure['kind'];
  score: number;
  breakdown: ScoreLine[];
  /** E.g. "fits target group minors", "addresses risk factor social-isolation". */
  reasons: string[];
  /** The reasons in one sentence, for display. */
  explanation: string;
  /** What must be in place before it can start (consent, court order, ...). */
  requires: Requirement[];
  ownerTypes: CatalogueMeasure['ownerTypes'];
}

export interface FittingResult {
  catalogueVersion: string;
  points: typeof FITTING_POINTS;
  suggestions: MeasureSuggestion[];
}

function scoreMeasure(measure: CatalogueMeasure, facts: FittingFacts): MeasureSuggestion | undefined {
  const fit = targetGroupFit(measure, facts.targetGroups);
  if (!fit.fits) return undefined;

  const breakdown: ScoreLine[] = [];
  for (const factor of measure.addressesRiskFactors) {
    if (facts.riskFactors.includes(factor)) breakdown.push({ rule: 'risk-factor', subject: factor, points: FITTING_POINTS.riskFactor });
  }
  for (const group of measure.standardFor) {
    if (facts.targetGroups.includes(group)) breakdown.push({ rule: 'standard-measure', subject: group, points: FITTING_POINTS.standardMeasure });
  }
  if (measure.reintegrationElement && facts.targetGroups.includes('detainees-and-returnees')) {
    breakdown.push({ rule: 'reintegration-element', subject: measure.reintegrationElement, points: FITTING_POINTS.reintegrationElement });
  }
  for (const factor of measure.buildsOnProtectiveFactors) {
    if (facts.protectiveFactors.includes(factor)) breakdown.push({ rule: 'protective-factor', subject: factor, points: FITTING_POINTS.protectiveFactor });
  }
  // Fitting the target group alone is no reason to propose a measure: it must meet a need or be standard.
  if (breakdown.length === 0) return undefined;

  const reasons = [
    `fits target group ${fit.matchedGroups.join(' and ')}`,
    ...breakdown.map((line) => {
      switch (line.rule) {
        case 'risk-factor':
          return `addresses risk factor ${line.subject}`;
        case 'standard-measure':
          return `standard measure for ${line.subject} in Noord-Holland`;
        case 'reintegration-element':
          return `covers ${line.subject} in the work model for safe re-integration`;
        case 'protective-factor':
          return `builds on protective factor ${line.subject}`;
      }
    }),
  ];
  return {
    catalogueId: measure.id,
    name: measure.name,
    dutchTerm: measure.dutchTerm,
    kind: measure.kind,
    score: breakdown.reduce((sum, line) => sum + line.points, 0),
    breakdown,
    reasons,
    explanation: reasons.join('; '),
    requires: measure.requires,
    ownerTypes: measure.ownerTypes,
  };
}

/**
 * Ranked by score; ties by the number of risk factors addressed (need before strength), then by
 * catalogue order, so the same facts always give the same list.
 */
export function suggestMeasures(request: FittingRequest, catalogue: Catalogue = CURRENT_CATALOGUE): FittingResult {
  const facts: FittingFacts = {
    targetGroups: request.targetGroups,
    riskFactors: request.riskFactors ?? [],
    protectiveFactors: request.protectiveFactors ?? [],
    excludeCatalogueIds: request.excludeCatalogueIds ?? [],
  };
  const riskLines = (s: MeasureSuggestion) => s.breakdown.filter((l) => l.rule === 'risk-factor').length;
  const suggestions = catalogue.measures
    .filter((m) => !facts.excludeCatalogueIds.includes(m.id))
    .map((m, order) => ({ suggestion: scoreMeasure(m, facts), order }))
    .filter((s): s is { suggestion: MeasureSuggestion; order: number } => s.suggestion !== undefined)
    .sort((a, b) => b.suggestion.score - a.suggestion.score || riskLines(b.suggestion) - riskLines(a.suggestion) || a.order - b.order)
    .map((s) => s.suggestion);
  return { catalogueVersion: catalogue.version, points: FITTING_POINTS, suggestions };
}
