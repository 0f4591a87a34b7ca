// The Noord-Holland measures catalogue, version 2026.1: data, not code. A new version is a new file
// published with its own effective date; plans keep the catalogue ids they were made with. This file
// holds each measure's rules: whom it fits and who may own it, what a plan is checked against and a
// mentor matched by. What a measure is (names, kind, duration, requirements, the factors it works on)
// is in catalogue-2026-profiles.ts, which only the functions that show or fit measures carry.
import type { CatalogueRulesInput } from './schema';

const ALL_AGES = ['minors', 'young-adults', 'adults'] as const;
const ADULT_AGES = ['young-adults', 'adults'] as const;

/** Whom each measure fits and who may own it; what it is, in catalogue-2026-profiles.ts. */
export const CATALOGUE_2026_RULES: CatalogueRulesInput = {
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  measures: [
    // --- care ---------------------------------------------------------------------------------
    {
      id: 'one-on-one-mentoring',
      ageGroups: ['minors', 'young-adults'],
      ownerTypes: ['mentoring'],
    },
    {
      id: 'exit-programme',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['probation', 'municipality'],
    },
    {
      id: 'ideological-counselling',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['municipality', 'probation'],
    },
    {
      id: 'family-support',
      ageGroups: ['minors'],
      ownerTypes: ['youth-care'],
    },
    {
      id: 'mental-health-treatment',
      ageGroups: [...ALL_AGES],
      situationGroups: ['mental-health'],
      ownerTypes: ['mental-health-care'],
    },
    {
      id: 'forensic-care',
      ageGroups: [...ALL_AGES],
      situationGroups: ['mental-health'],
      ownerTypes: ['mental-health-care'],
    },
    {
      id: 'supported-housing',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['municipality', 'mental-health-care'],
    },
    {
      id: 'social-network-support',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['municipality', 'youth-care'],
    },
    {
      id: 'domestic-violence-support',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['domestic-violence'],
    },
    // --- safety -------------------------------------------------------------------------------
    {
      id: 'disruption-interview',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['police', 'municipality'],
    },
    // --- administrative -----------------------------------------------------------------------
    {
      id: 'area-ban',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['municipality'],
    },
    {
      id: 'reporting-duty',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['municipality'],
    },
    {
      id: 'contact-ban',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['municipality', 'police'],
    },
    {
      id: 'passport-alert',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['municipality', 'prosecutor'],
    },
    {
      id: 'identity-documents',
      ageGroups: [...ALL_AGES],
      ownerTypes: ['municipality'],
    },
    // --- criminal law -------------------------------------------------------------------------
      // Young adults up to 23 may be tried under adolescent criminal law (adolescentenstrafrecht).
    {
      id: 'youth-probation',
      ageGroups: ['minors', 'young-adults'],
      ownerTypes: ['youth-care', 'probation'],
    },
    {
      id: 'probation-supervision',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['probation'],
    },
    {
      id: 'liberty-restricting-measure',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['prosecutor'],
    },
    {
      id: 'electronic-monitoring',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['probation'],
    },
    // --- other: re-integration, income, education, civil law ---------------------------------
    {
      id: 'release-planning',
      ageGroups: [...ADULT_AGES],
      situationGroups: ['detainees-and-returnees'],
      ownerTypes: ['prison-service'],
    },
    {
      id: 'reintegration-housing',
      ageGroups: [...ADULT_AGES],
      situationGroups: ['detainees-and-returnees'],
      ownerTypes: ['municipality'],
    },
    {
      id: 'special-assistance',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['municipality'],
    },
    {
      id: 'social-assistance',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['municipality'],
    },
    {
      id: 'debt-counselling',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['municipality'],
    },
    {
      id: 'daytime-activity',
      ageGroups: [...ADULT_AGES],
      ownerTypes: ['municipality'],
    },
    {
      id: 'education-pathway',
      ageGroups: ['minors', 'young-adults'],
      ownerTypes: ['municipality'],
    },
    {
      id: 'family-supervision-order',
      ageGroups: ['minors'],
      ownerTypes: ['youth-care'],
    },
  ],
};
