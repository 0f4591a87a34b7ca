// Risk and protective factors a case records and a measure addresses. A closed list, so a fitting
// suggestion can name the factor it rests on and evaluations can count them. The lists only: their
// schemas are in factor-schemas.ts, so code that needs a list (factor-view.ts) loads no zod.

export const RISK_FACTORS = [
  'extremist-ideology', // extremistisch gedachtegoed
  'extremist-network', // contacten in een extremistisch netwerk
  'online-radicalisation', // online radicalisering, extremistische content
  'violence-acceptance', // acceptatie van geweld
  'travel-intention', // uitreisintentie
  'grievance-and-injustice', // gevoel van onrecht of krenking
  'identity-crisis', // identiteitsproblematiek
  'social-isolation', // sociaal isolement
  'family-conflict', // problemen in het gezin
  'school-dropout', // schooluitval of verzuim
  'unemployment', // werkloosheid
  'financial-problems', // financiele problemen
  'debt', // schulden
  'housing-instability', // geen stabiele huisvesting
  'missing-identity-documents', // geen geldig identiteitsbewijs
  'no-daytime-activity', // geen dagbesteding
  'mental-health-problems', // psychische problematiek
  'substance-use', // middelengebruik
  'criminal-behaviour', // crimineel gedrag
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const PROTECTIVE_FACTORS = [
  'school-attendance', // schoolgang
  'employment', // werk
  'supportive-family', // steunend gezin
  'prosocial-network', // prosociaal netwerk
  'motivation-for-change', // motivatie om te veranderen
  'stable-housing', // stabiele huisvesting
  'treatment-engagement', // openstaan voor behandeling
  'positive-role-model', // positief rolmodel
  'leisure-activities', // sport en vrije tijd
  'mainstream-religious-community', // steun van een reguliere geloofsgemeenschap
] as const;
export type ProtectiveFactor = (typeof PROTECTIVE_FACTORS)[number];

/**
 * Factors that are data concerning health (covenant category `special-health`, art. 9(1) GDPR): a
 * mental-health problem, substance use, and being open to (so: in or needing) treatment. Only the
 * organisations the covenant lists as recipients of health data see them (domain/factor-view.ts).
 */
export const HEALTH_FACTORS: ReadonlySet<RiskFactor | ProtectiveFactor> = new Set(['mental-health-problems', 'substance-use', 'treatment-engagement']);
