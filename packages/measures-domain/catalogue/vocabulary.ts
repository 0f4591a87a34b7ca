// The fixed words the measures catalogue is written in: kinds of measure, target groups, legal
// prerequisites and the elements of the work model for safe re-integration.
import * as z from 'zod/mini';
import { OrganisationType } from './organisation-type';
import { AGE_GROUPS, isAgeGroup, SITUATION_GROUPS, TARGET_GROUPS } from './target-groups';

export { OrganisationType };

/** Stable, human-readable ids: they end up in plans, events and evaluation exports. */
export const CatalogueMeasureId = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z][a-z0-9-]{2,60}$/, 'a catalogue id such as one-on-one-mentoring')))();
export type CatalogueMeasureId = z.infer<typeof CatalogueMeasureId>;

export const MEASURE_KINDS = [
  'care', // zorgmaatregel
  'safety', // veiligheidsmaatregel
  'administrative', // bestuurlijke maatregel
  'criminal-law', // strafrechtelijke maatregel
  'other', // overige maatregel (income, housing, education, civil law)
] as const;
export const MeasureKind = /* @__PURE__ */ (() => z.enum(MEASURE_KINDS).check(z.describe('Kind of measure (soort maatregel)')))();
export type MeasureKind = z.infer<typeof MeasureKind>;

/** The target groups (their lists in target-groups.ts) and their schemas. */
export { AGE_GROUPS, isAgeGroup, SITUATION_GROUPS, TARGET_GROUPS };
export const AgeGroup = /* @__PURE__ */ (() => z.enum(AGE_GROUPS))();
export type AgeGroup = z.infer<typeof AgeGroup>;
export const SituationGroup = /* @__PURE__ */ (() => z.enum(SITUATION_GROUPS))();
export type SituationGroup = z.infer<typeof SituationGroup>;
export const TargetGroup = /* @__PURE__ */ (() => z.enum(TARGET_GROUPS).check(z.describe('Target group (doelgroep)')))();
export type TargetGroup = z.infer<typeof TargetGroup>;

/** What must be in place before a measure may start. */
export const REQUIREMENTS = [
  'consent', // toestemming van de betrokkene (of wettelijk vertegenwoordiger)
  'court-order', // rechterlijke uitspraak of bijzondere voorwaarde
  'municipal-decision', // besluit van burgemeester of college
  'ministerial-decision', // besluit van de minister (e.g. Wet bestuurlijke maatregelen terrorismebestrijding)
  'prosecutor-decision', // beslissing van het Openbaar Ministerie
] as const;
export const Requirement = /* @__PURE__ */ (() => z.enum(REQUIREMENTS).check(z.describe('Prerequisite of a measure (vereiste)')))();
export type Requirement = z.infer<typeof Requirement>;

/** The elements of the national work model for safe re-integration (werkmodel veilige re-integratie). */
export const REINTEGRATION_ELEMENTS = [
  'housing', // huisvesting
  'income', // inkomen
  'identity-papers', // identiteitsbewijs
  'debt', // schulden
  'daytime-activity', // dagbesteding
  'care', // zorg
  'supervision', // toezicht
  'social-network', // sociaal netwerk
] as const;
export const ReintegrationElement = /* @__PURE__ */ (() => z.enum(REINTEGRATION_ELEMENTS).check(z.describe('Element of the work model for safe re-integration')))();
export type ReintegrationElement = z.infer<typeof ReintegrationElement>;
