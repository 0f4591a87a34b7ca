// The shape of a versioned measures catalogue. Catalogue data is checked against this schema when
// it loads, so a wrong entry fails at start-up instead of in a consultation.
import * as z from 'zod/mini';
import { eachOnce } from '@cter/domain';
import { ProtectiveFactor, RiskFactor } from './factor-schemas';
import { AgeGroup, CatalogueMeasureId, MeasureKind, OrganisationType, ReintegrationElement, Requirement, SituationGroup, TargetGroup } from './vocabulary';

export { CatalogueMeasureId, OrganisationType };



const unique = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.refine(eachOnce, 'entries must be unique'));
const atLeastOne = { message: 'name at least one' };

export const CatalogueMeasure = /* @__PURE__ */ (() => z
  .strictObject({
    id: CatalogueMeasureId,
    name: z.string().check(z.minLength(3), z.maxLength(120), z.describe('English name')),
    dutchTerm: z.string().check(z.minLength(3), z.maxLength(120), z.describe('The Dutch term users and documents use')),
    kind: MeasureKind,
    /**
     * Age groups and situation groups are kept apart because they combine differently: the
     * person's age group must be listed, and when situation groups are listed the person must be
     * in one of them. A flat "any target group matches" would offer adult probation to a minor
     * detainee.
     */
    ageGroups: unique(AgeGroup).check(z.minLength(1, atLeastOne)),
    situationGroups: z._default(unique(SituationGroup), []),
    ownerTypes: unique(OrganisationType).check(z.minLength(1, atLeastOne), z.describe('Organisation types that may own the measure')),
    typicalDurationWeeks: z.int().check(z.gte(1), z.lte(260)),
    requires: z._default(unique(Requirement), []),
    addressesRiskFactors: z._default(unique(RiskFactor), []),
    buildsOnProtectiveFactors: z._default(unique(ProtectiveFactor), []),
    reintegrationElement: z.optional(ReintegrationElement),
    /** Target groups for which Noord-Holland made this a standard measure of the package. */
    standardFor: z._default(unique(TargetGroup), []),
    legalBasis: z.optional(z.string().check(z.maxLength(200), z.describe('The statute or framework, for reference'))),
  })
  .check(z.describe('A measure in the catalogue (maatregel in de catalogus)')))();
export type CatalogueMeasure = z.infer<typeof CatalogueMeasure>;

export const Catalogue = /* @__PURE__ */ (() => z
  .strictObject({
    version: z.string().check(z.regex(/^\d{4}\.\d+$/, 'a version such as 2026.1')),
    effectiveFrom: z.iso.date(),
    measures: z.array(CatalogueMeasure).check(z.minLength(1)),
  })
  .check(
    z.superRefine((catalogue, ctx) => {
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
    }),
    z.describe('A published version of the measures catalogue (maatregelencatalogus)'),
  ))();
export type Catalogue = z.infer<typeof Catalogue>;
export type CatalogueInput = z.input<typeof Catalogue>;

/** The keys of a measure's rules: whom it fits and who may own it, what a plan is checked against. */
type RuleKey = 'id' | 'ageGroups' | 'situationGroups' | 'ownerTypes';
/**
 * What a measure is, as shipped: its names, kind, duration, requirements, factors; kept apart from its
 * rules (lists a measure leaves out are empty once published).
 */
export type MeasureProfileInput = Omit<CatalogueInput['measures'][number], RuleKey>;
/** A measure's rules: what validating a plan or matching a mentor needs. */
export type CatalogueMeasureRules = Pick<CatalogueMeasure, RuleKey>;
/** A catalogue version with its measures' rules only. */
export type CatalogueRules = Omit<Catalogue, 'measures'> & { measures: CatalogueMeasureRules[] };
export type CatalogueRulesInput = Omit<CatalogueInput, 'measures'> & { measures: Array<Pick<CatalogueInput['measures'][number], RuleKey>> };
