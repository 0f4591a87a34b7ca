// The shape of a versioned measures catalogue. Catalogue data is checked against this schema when
// it loads, so a wrong entry fails at start-up instead of in a consultation.
import * as z from 'zod';
import { ORGANISATION_TYPES } from '@cter/config';
import { ProtectiveFactor, RiskFactor } from './factors';
import { AgeGroup, MeasureKind, ReintegrationElement, Requirement, SituationGroup, TargetGroup } from './vocabulary';

/** Stable, human-readable ids: they end up in plans, events and evaluation exports. */
export const CatalogueMeasureId = z.string().regex(/^[a-z][a-z0-9-]{2,60}$/, 'a catalogue id such as one-on-one-mentoring');
export type CatalogueMeasureId = z.infer<typeof CatalogueMeasureId>;

export const OrganisationType = z.enum(ORGANISATION_TYPES).describe('Partner organisation type (soort partnerorganisatie)');

const unique = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((list) => new Set(list).size === list.length, 'entries must be unique');

export const CatalogueMeasure = z
  .strictObject({
    id: CatalogueMeasureId,
    name: z.string().min(3).max(120).describe('English name'),
    dutchTerm: z.string().min(3).max(120).describe('The Dutch term users and documents use'),
    kind: MeasureKind,
    /**
     * Age groups and situation groups are kept apart because they combine differently: the
     * person's age group must be listed, and when situation groups are listed the person must be
     * in one of them. A flat "any target group matches" would offer adult probation to a minor
     * detainee.
     */
    ageGroups: unique(AgeGroup).min(1),
    situationGroups: unique(SituationGroup).default([]),
    ownerTypes: unique(OrganisationType).min(1).describe('Organisation types that may own the measure'),
    typicalDurationWeeks: z.number().int().min(1).max(260),
    requires: unique(Requirement).default([]),
    addressesRiskFactors: unique(RiskFactor).default([]),
    buildsOnProtectiveFactors: unique(ProtectiveFactor).default([]),
    reintegrationElement: ReintegrationElement.optional(),
    /** Target groups for which Noord-Holland made this a standard measure of the package. */
    standardFor: unique(TargetGroup).default([]),
    legalBasis: z.string().max(200).optional().describe('The statute or framework, for reference'),
  })
  .describe('A measure in the catalogue (maatregel in de catalogus)');
export type CatalogueMeasure = z.infer<typeof CatalogueMeasure>;
export type CatalogueMeasureInput = z.input<typeof CatalogueMeasure>;

export const Catalogue = z
  .strictObject({
    version: z.string().regex(/^\d{4}\.\d+$/, 'a version such as 2026.1'),
    effectiveFrom: z.iso.date(),
    measures: z.array(CatalogueMeasure).min(1),
  })
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    catalogue.measures.forEach((measure, index) => {
      if (seen.has(measure.id)) ctx.addIssue({ code: 'custom', path: ['measures', index, 'id'], message: `duplicate id ${measure.id}` });
      seen.add(measure.id);
      // A standard measure must fit the group it is standard for, or the rule could never apply.
      for (const group of measure.standardFor) {
        const fits = (measure.ageGroups as string[]).includes(group) || (measure.situationGroups as string[]).includes(group);
        if (!fits) ctx.addIssue({ code: 'custom', path: ['measures', index, 'standardFor'], message: `standard for ${group}, which it does not fit` });
      }
    });
  })
  .describe('A published version of the measures catalogue (maatregelencatalogus)');
export type Catalogue = z.infer<typeof Catalogue>;
export type CatalogueInput = z.input<typeof Catalogue>;
