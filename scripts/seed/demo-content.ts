// What the demo partners write: the decisions of the weighing and the triangle, plans of action,
// disclosures and consent. All fictional and marked as demo; the texts are Dutch, as users write.
import type { BodyOf } from '@cter/client';
import type { DecisionStep, Route } from './case-driver';

const DAY_MS = 86_400_000;
export const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);

// --- the work process ----------------------------------------------------------------------------

/** The contributions to the weighing (i2o): municipality, police and prosecutor, and the specialist R&E's interpretation. */
export function contributions(municipality: string): DecisionStep[] {
  return [
    { as: `gemeente-${municipality}`, kind: 'weighing-contribution', topic: 'municipality', outcome: 'contributed', reasoning: 'Demo: bekend bij het sociaal domein (schuldhulp 2024); gegevens gedeeld in de i2o.' },
    { as: 'politie', kind: 'weighing-contribution', topic: 'police', outcome: 'contributed', reasoning: 'Demo: twee registraties in de politiesystemen, geen lopend onderzoek.' },
    { as: 'om', kind: 'weighing-contribution', topic: 'prosecutor', outcome: 'nothing-known', reasoning: 'Demo: niet bekend bij het Openbaar Ministerie.' },
    { as: 'specialist-re', kind: 'weighing-interpretation', outcome: 'radicalisation-indicated', reasoning: 'Demo: uitingen passen bij een beginnend radicaliseringsproces; duiding besproken in de i2o.' },
  ];
}

/** From the signal to the case consultation: contributions, the weighing proposes admission, the triangle admits. */
export function toConsultation(municipality: string): Route {
  return {
    target: 'consultation',
    through: ['signal-received', 'weighing', 'admission-proposed'],
    steps: [
      ...contributions(municipality),
      {
        as: `gemeente-${municipality}`,
        kind: 'weighing-decision',
        outcome: 'propose-admission',
        reasoning: 'Demo: criteria radicalisering en zorgen over geweldsbereidheid vervuld; regulier zorgaanbod alleen is onvoldoende (subsidiariteit).',
      },
      { as: `gemeente-${municipality}`, kind: 'triangle-decision', outcome: 'admit', reasoning: 'Demo: de driehoek (burgemeester, politie, OM) besluit tot opname in de integrale aanpak.' },
    ],
    // The consultation has started once the ZVH has the plan to adopt on its list.
    readyWhen: { as: 'zvh', kind: 'plan-adoption' },
  };
}

/** The consultation adopts the plan drafted before: the case moves on to monitoring. */
export const ADOPTION: Route = {
  target: 'monitoring',
  through: ['consultation'],
  steps: [{ as: 'zvh', kind: 'plan-adoption', outcome: 'adopted', reasoning: 'Demo: plan van aanpak vastgesteld in het casusoverleg.' }],
};

// --- invitations ---------------------------------------------------------------------------------

export interface Invitation {
  organisationId: string;
  role: 'consultation' | 'measure-owner' | 'mentor' | 'advisor';
  reasoning: string;
}

export const CONSULTATION_PARTNERS: Invitation[] = [
  { organisationId: 'ggz', role: 'consultation', reasoning: 'Demo: GGZ nodig voor het beeld van de psychische gezondheid.' },
  { organisationId: 'jeugdzorg', role: 'consultation', reasoning: 'Demo: jeugdzorg kent het gezin uit een eerder traject.' },
  { organisationId: 'reclassering', role: 'advisor', reasoning: 'Demo: advies van de reclassering over toezicht.' },
];

export const MENTORING_PARTNER: Invitation = { organisationId: 'one-on-one', role: 'mentor', reasoning: 'Demo: ONE-on-ONE mentortraject in het plan van aanpak.' };

export const COVENANT_PARTNERS: Invitation[] = [
  { organisationId: 'ggz', role: 'measure-owner', reasoning: 'Demo: de GGZ behandelt de betrokkene en neemt deel aan het casusoverleg.' },
  { organisationId: 'jeugdzorg', role: 'consultation', reasoning: 'Demo: jeugdzorg ondersteunt het jongere broertje in het gezin.' },
];

// --- plans of action -----------------------------------------------------------------------------

// The demo plans' measures, by catalogue measure: the platform gives each its id when the plan is drafted.
export const MENTORING_MEASURE = 'one-on-one-mentoring';
export const DAYTIME_MEASURE = 'daytime-activity';
export const DEBT_MEASURE = 'debt-counselling';
export const DEMO_MENTOR = 'demo-mentor-1';

type PlanBody = BodyOf<'POST /cases/{caseId}/plan'>;
type Owner = NonNullable<PlanBody['measures']>[number]['owner'];

/** A goal of the plan and the measure that works towards it. */
interface GoalAndMeasure {
  goal: NonNullable<PlanBody['goals']>[number];
  measure: { catalogueId: string; owner: Owner; weeks: number };
}

function plan(content: Pick<PlanBody, 'targetGroups' | 'riskFactors' | 'protectiveFactors'>, start: string, lines: GoalAndMeasure[]): PlanBody {
  return {
    ...content,
    goals: lines.map((l) => l.goal),
    measures: lines.map(({ goal, measure: { weeks, ...measure } }) => ({ ...measure, goalIds: [goal.goalId], start, plannedEnd: addDays(start, weeks * 7) })),
  };
}

const municipalityOwner = (municipality: string): Owner => ({ organisationId: `gemeente-${municipality}`, organisationType: 'municipality' });

/** A young adult's plan: a ONE-on-ONE mentor and a daytime activity of the municipality. */
export function mentoringPlan(municipality: string, start: string): PlanBody {
  return plan({ targetGroups: ['young-adults'], riskFactors: ['online-radicalisation', 'identity-crisis', 'no-daytime-activity'], protectiveFactors: ['leisure-activities', 'supportive-family'] }, start, [
    {
      goal: { goalId: 'demo-identity', lifeDomain: 'identity-and-ideology', statement: 'Praat wekelijks met een mentor over wie hij is en wil worden' },
      measure: { catalogueId: 'one-on-one-mentoring', owner: { organisationId: 'one-on-one', organisationType: 'mentoring' }, weeks: 52 },
    },
    {
      goal: { goalId: 'demo-work', lifeDomain: 'education-and-work', statement: 'Werkt drie dagen per week op een leerwerkplek' },
      measure: { catalogueId: 'daytime-activity', owner: municipalityOwner(municipality), weeks: 26 },
    },
  ]);
}

/** An adult's plan: debt counselling and a daytime activity, both of the municipality. */
export function monitoringPlan(municipality: string, start: string): PlanBody {
  return plan({ targetGroups: ['adults'], riskFactors: ['debt', 'grievance-and-injustice', 'unemployment'], protectiveFactors: ['motivation-for-change', 'stable-housing'] }, start, [
    {
      goal: { goalId: 'demo-money', lifeDomain: 'income', statement: 'Betaalt de vaste lasten elke maand op tijd' },
      measure: { catalogueId: 'debt-counselling', owner: municipalityOwner(municipality), weeks: 13 },
    },
    {
      goal: { goalId: 'demo-day', lifeDomain: 'education-and-work', statement: 'Heeft een vaste dagbesteding bij de kringloopwinkel' },
      measure: { catalogueId: 'daytime-activity', owner: municipalityOwner(municipality), weeks: 26 },
    },
  ]);
}

export const MENTOR_POOL_ENTRY: BodyOf<'PUT /measures/mentors/{mentorId}'> = { capacity: 3, languages: ['nl', 'en'], gender: 'male' };

export function mentoringSession(date: string): BodyOf<'POST /cases/{caseId}/measures/{measureId}/sessions'> {
  // Logged by the mentor: signed as the ONE-on-ONE role's session named DEMO_MENTOR, not a body field.
  return {
    sessionId: 'demo-session-1',
    date,
    durationMinutes: 75,
    themes: ['identity', 'online-behaviour', 'future-plans'],
    progress: { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 2, 'future-perspective': 3, resilience: 2 },
  };
}

export const PROGRESS_NOTE = { noteId: 'demo-note-1', text: 'Demo: intake bij de leerwerkplek gehad; start volgende maand, afspraken vastgelegd.' };

// --- the covenant --------------------------------------------------------------------------------

const POLICE_RECORD = {
  categories: ['criminal-data' as const],
  items: [{ category: 'criminal-data' as const, label: 'Antecedenten (demo)', content: 'Demo: in 2025 veroordeeld voor bedreiging via sociale media (fictief).' }],
  purpose: 'case-consultation' as const,
  basis: { kind: 'legal-basis' as const, reference: 'wpg-20' },
  proportionality: 'Demo: alleen de antecedent die de behandeling raakt.',
  subsidiarity: 'Demo: de ontvanger kan dit niet uit eigen bron weten.',
};

/** Allowed at the consultation: the police tell the invited GGZ what the treatment needs (need to know). */
export const POLICE_TO_CARE: BodyOf<'POST /cases/{caseId}/disclosures'> = { ...POLICE_RECORD, recipients: ['ggz'] };

/** Refused by the covenant: criminal data to youth care, which is not on the need-to-know list. */
export const POLICE_TO_YOUTH_CARE: BodyOf<'POST /cases/{caseId}/disclosures'> = { ...POLICE_RECORD, recipients: ['jeugdzorg'] };

export function careConsent(municipality: string, givenAt: string): BodyOf<'POST /cases/{caseId}/consents'> {
  return { recipients: [`gemeente-${municipality}`], categories: ['care-information'], purposes: ['case-consultation'], givenAt, form: 'written', reference: 'DEMO-TOESTEMMING-0001' };
}

/** Care information moves only with the person's consent, held by the care partner. */
export function careToMunicipality(municipality: string, consentId: string): BodyOf<'POST /cases/{caseId}/disclosures'> {
  return {
    recipients: [`gemeente-${municipality}`],
    categories: ['care-information'],
    items: [{ category: 'care-information', label: 'Behandelverloop (demo)', content: 'Demo: volgt sinds kort wekelijks gesprekken; motivatie wisselend (fictief).' }],
    purpose: 'case-consultation',
    basis: { kind: 'consent', consentId },
    proportionality: 'Demo: alleen het verloop, geen diagnose.',
    subsidiarity: 'Demo: de gemeente heeft het verloop nodig voor het plan; de betrokkene stemde in.',
  };
}

export const TRANSFER_REASONING = 'Demo: betrokkene is verhuisd naar Zaanstad; warme overdracht besproken met ZVH Zaanstreek-Waterland.';
export const TRANSFER_ACCEPTANCE = 'Demo: overdracht aanvaard; de weging gaat hier verder.';
