// One scenario per stage of the integral process: each brings its demo case to that stage and adds
// what the stage shows (invitations, a plan with measures, disclosures), skipping what is there.
import { ForbiddenError, type CterClient } from '@cter/client';
import type { CaseState } from '@cter/domain';
import { advance, casesOf, openDemoCase, withCurrentVersion, type DemoCase, type ReportedCase } from './case-driver';
import {
  ADOPTION,
  addDays,
  careConsent,
  careToMunicipality,
  CONSULTATION_PARTNERS,
  COVENANT_PARTNERS,
  DAYTIME_MEASURE,
  DEBT_MEASURE,
  DEMO_MENTOR,
  MENTOR_POOL_ENTRY,
  MENTORING_MEASURE,
  MENTORING_PARTNER,
  mentoringPlan,
  mentoringSession,
  monitoringPlan,
  POLICE_TO_CARE,
  POLICE_TO_YOUTH_CARE,
  PROGRESS_NOTE,
  toConsultation,
  type Invitation,
} from './demo-content';
import type { DemoPerson, Scenario } from './demo-people';
import type { RegionPartners } from './partners';

export interface SeededCase {
  region: string;
  scenario: Scenario;
  caseId: string;
  caseNumber: string;
  state: CaseState;
  /** What a user finds at this case. */
  stage: string;
  /** Registered by this run (false: an earlier run did). */
  created: boolean;
  /** What this run wrote (empty when everything was there already). */
  wrote: string[];
}

interface Run {
  partners: RegionPartners;
  person: DemoPerson;
  demo: DemoCase;
  wrote: string[];
}

/** The stage a scenario's case shows, for the summary. */
export const STAGES: Record<Scenario, string> = {
  signal: 'fresh signal: the weighing waits for the contributions of municipality, police and OM',
  consultation: 'admitted; case consultation with GGZ, youth care and probation invited, plan of action still to adopt',
  plan: 'plan of action adopted: ONE-on-ONE mentor matched, session logged, daytime activity started with a progress note',
  covenant: 'consultation under the covenant: GGZ consent, police and GGZ disclosures allowed, criminal data to youth care refused, person informed',
  monitoring: 'monitoring: plan in force, debt counselling completed (in the evaluation export), next evaluation scheduled',
  transfer: 'transferred between regions (warm handover, accepted by the receiving ZVH)',
};

const DAY_MS = 86_400_000;

/** The platform's "now" as its functions see it (the twin's clock may run ahead of this machine's). */
async function platformNow(client: CterClient, caseId: string): Promise<number> {
  const kase = await client.getCase(caseId);
  return Math.max(Date.now(), Date.parse(kase.updatedAt));
}

const SCENARIOS: Record<Exclude<Scenario, 'transfer'>, (run: Run) => Promise<CaseState>> = {
  signal: (run) => advance(run.partners, run.demo.caseId, { target: 'weighing', through: ['signal-received'], steps: [], readyWhen: { as: 'politie', kind: 'weighing-contribution', topic: 'police' } }),

  consultation: async (run) => {
    const state = await advance(run.partners, run.demo.caseId, toConsultation(run.person.municipality));
    if (state === 'consultation') await invite(run, CONSULTATION_PARTNERS);
    return state;
  },

  plan: async (run) => {
    let state = await advance(run.partners, run.demo.caseId, toConsultation(run.person.municipality));
    if (state === 'consultation') {
      await invite(run, [MENTORING_PARTNER]);
      await draftPlanOnce(run, (start) => mentoringPlan(run.person.municipality, start));
      state = await advance(run.partners, run.demo.caseId, ADOPTION);
    }
    if (state === 'monitoring') await runMentoring(run);
    return state;
  },

  covenant: async (run) => {
    const state = await advance(run.partners, run.demo.caseId, toConsultation(run.person.municipality));
    if (state === 'consultation') {
      await invite(run, COVENANT_PARTNERS);
      await shareUnderCovenant(run);
    }
    return state;
  },

  monitoring: async (run) => {
    let state = await advance(run.partners, run.demo.caseId, toConsultation(run.person.municipality));
    if (state === 'consultation') {
      await draftPlanOnce(run, (start) => monitoringPlan(run.person.municipality, start));
      state = await advance(run.partners, run.demo.caseId, ADOPTION);
    }
    if (state === 'monitoring') await runDebtCounselling(run);
    return state;
  },
};

/** Opens (or finds) the person's case and brings it to its stage. */
export async function seedScenario(partners: RegionPartners, person: DemoPerson, log: (line: string) => void): Promise<SeededCase> {
  if (person.scenario === 'transfer') throw new Error('the transfer scenario spans two regions: use seedTransfer');
  const demo = await openDemoCase(partners, person);
  log(`${partners.region}: ${demo.caseNumber} ${demo.created ? 'registered' : 'found'} (${person.scenario})`);
  const run: Run = { partners, person, demo, wrote: [] };
  const state = await SCENARIOS[person.scenario](run);
  for (const line of run.wrote) log(`${partners.region}: ${demo.caseNumber} ${line}`);
  return { region: partners.region, scenario: person.scenario, caseId: demo.caseId, caseNumber: demo.caseNumber, state, stage: STAGES[person.scenario], created: demo.created, wrote: run.wrote };
}

// --- invitations and plans -----------------------------------------------------------------------

/** Invites the partners not invited yet (or whose invitation ended), as the directing municipality. */
async function invite(run: Run, invitations: Invitation[]): Promise<void> {
  const municipality = run.partners.as(`gemeente-${run.person.municipality}`);
  const caseId = run.demo.caseId;
  const now = await platformNow(municipality, caseId);
  const current = (await municipality.getCase(caseId)).participants ?? [];
  for (const invitation of invitations) {
    if (current.some((p) => p.organisationId === invitation.organisationId && (!p.until || Date.parse(p.until) > now))) continue;
    const until = new Date(now + 180 * DAY_MS).toISOString();
    await withCurrentVersion(municipality, caseId, (version) => municipality.inviteParticipant(caseId, { version, ...invitation, until }));
    run.wrote.push(`invited ${invitation.organisationId} (${invitation.role})`);
  }
}

/** Drafts the plan as the ZVH, unless the case has one. */
async function draftPlanOnce(run: Run, plan: (start: string) => Parameters<CterClient['draftPlan']>[1]): Promise<void> {
  const zvh = run.partners.as('zvh');
  if ((await zvh.getPlan(run.demo.caseId)).plan) return;
  const start = new Date(await platformNow(zvh, run.demo.caseId)).toISOString().slice(0, 10);
  const drafted = await zvh.draftPlan(run.demo.caseId, plan(start));
  run.wrote.push(`drafted plan version ${drafted.version}`);
}

interface OwnMeasure {
  measureId: string;
  catalogueId: string;
  status: string;
  mentorId?: string;
  notes?: Array<{ noteId: string }>;
  sessions?: Array<{ sessionId: string }>;
}

/**
 * The measure of catalogue measure `catalogueId` as its owner sees it (the platform gave it its id),
 * and the day the plan was adopted (measures start from then).
 */
async function ownMeasure(owner: CterClient, caseId: string, catalogueId: string): Promise<{ measure: OwnMeasure; adoptedOn: string }> {
  const { plan } = await owner.getPlan(caseId);
  const measure = (plan?.measures as OwnMeasure[] | undefined)?.find((m) => m.catalogueId === catalogueId);
  const adoptedAt = (plan as { adoption?: { adoptedAt?: string } } | null)?.adoption?.adoptedAt;
  if (!measure || !adoptedAt) throw new Error(`case ${caseId} has no adopted plan with a ${catalogueId} measure`);
  return { measure, adoptedOn: adoptedAt.slice(0, 10) };
}

/** Starts the measure as its owner, records the demo progress note, and (with `complete`) ends it with a result. */
async function carryOut(run: Run, owner: CterClient, catalogueId: string, options: { note?: boolean; complete?: boolean } = {}): Promise<void> {
  const caseId = run.demo.caseId;
  let { measure, adoptedOn } = await ownMeasure(owner, caseId, catalogueId);
  const { measureId } = measure;
  if (measure.status === 'proposed') {
    await owner.transitionMeasure(caseId, measureId, { action: 'start', startedOn: adoptedOn });
    run.wrote.push(`started ${catalogueId}`);
    measure = { ...measure, status: 'active' };
  }
  if (options.note && measure.status === 'active' && !measure.notes?.some((n) => n.noteId === PROGRESS_NOTE.noteId)) {
    await owner.addProgressNote(caseId, measureId, PROGRESS_NOTE);
    run.wrote.push(`progress note on ${catalogueId}`);
  }
  if (options.complete && measure.status === 'active') {
    await owner.transitionMeasure(caseId, measureId, { action: 'complete', endedOn: adoptedOn, outcome: 'goal-achieved', explanation: 'Demo: afbetalingsregeling getroffen en budgetcursus afgerond.' });
    run.wrote.push(`completed ${catalogueId}`);
  }
}

/** ONE-on-ONE: a mentor of the region pool matched, the trajectory started, a session logged; the municipality's daytime activity started with a note. */
async function runMentoring(run: Run): Promise<void> {
  const mentoring = run.partners.as('one-on-one');
  const caseId = run.demo.caseId;
  const { measure } = await ownMeasure(mentoring, caseId, MENTORING_MEASURE);
  if (!measure.mentorId) {
    await mentoring.putMentor(DEMO_MENTOR, MENTOR_POOL_ENTRY);
    await mentoring.matchMentor(caseId, measure.measureId, { mentorId: DEMO_MENTOR });
    run.wrote.push(`matched mentor ${DEMO_MENTOR}`);
  }
  await carryOut(run, mentoring, MENTORING_MEASURE);
  const { measure: started, adoptedOn } = await ownMeasure(mentoring, caseId, MENTORING_MEASURE);
  const session = mentoringSession(adoptedOn);
  if (started.status === 'active' && !started.sessions?.some((s) => s.sessionId === session.sessionId)) {
    await run.partners.asSession('one-on-one', DEMO_MENTOR).logSession(caseId, started.measureId, session);
    run.wrote.push('logged a mentoring session');
  }
  await carryOut(run, run.partners.as(`gemeente-${run.person.municipality}`), DAYTIME_MEASURE, { note: true });
}

/** Monitoring: both measures started, debt counselling completed with its result (it then counts in the evaluation export). */
async function runDebtCounselling(run: Run): Promise<void> {
  const municipality = run.partners.as(`gemeente-${run.person.municipality}`);
  await carryOut(run, municipality, DEBT_MEASURE, { complete: true });
  await carryOut(run, municipality, DAYTIME_MEASURE, { note: true });
}

// --- the covenant --------------------------------------------------------------------------------

async function reported(run: Run): Promise<ReportedCase> {
  const found = (await casesOf(run.partners, run.person.signal.subject.bsn)).find((c) => c.case.caseId === run.demo.caseId);
  if (!found) throw new Error(`the subject report does not list case ${run.demo.caseNumber}`);
  return found;
}

async function shareUnderCovenant(run: Run): Promise<void> {
  const caseId = run.demo.caseId;
  const police = run.partners.as('politie');
  const ggz = run.partners.as('ggz');
  const municipality = run.partners.as(`gemeente-${run.person.municipality}`);
  const now = await platformNow(police, caseId);
  const before = await reported(run);

  if (!before.disclosures.some((d) => d.sender === 'politie')) {
    const allowed = await police.recordDisclosure(caseId, POLICE_TO_CARE);
    run.wrote.push(`police disclosed criminal data to GGZ: allowed (art. ${allowed.articles.join(', ')})`);
    // The covenant refuses the same record to youth care: a 403 that names the articles, and nothing is stored.
    try {
      await police.recordDisclosure(caseId, POLICE_TO_YOUTH_CARE);
      throw new Error('the covenant allowed criminal data to youth care; the demo expects a refusal');
    } catch (error) {
      if (!(error instanceof ForbiddenError && error.code === 'SharingRefused')) throw error;
      run.wrote.push(`police disclosure of criminal data to youth care: refused (${error.message.replace(/^.*SharingRefused: /, '')})`);
    }
  }
  let consentId = before.consents.find((c) => c.holder === 'ggz' && c.state === 'active')?.consentId;
  if (!consentId) {
    consentId = (await ggz.recordConsent(caseId, careConsent(run.person.municipality, new Date(now - 3_600_000).toISOString()))).consentId;
    run.wrote.push('GGZ recorded the consent of the person');
  }
  if (!before.disclosures.some((d) => d.sender === 'ggz')) {
    const allowed = await ggz.recordDisclosure(caseId, careToMunicipality(run.person.municipality, consentId));
    run.wrote.push(`GGZ disclosed care information to the municipality on consent: allowed (art. ${allowed.articles.join(', ')})`);
  }
  if (!before.informing.current) {
    await municipality.recordInforming(caseId, { kind: 'informed', informedAt: new Date(now - 600_000).toISOString(), channel: 'letter', note: 'Demo: brief over de integrale aanpak verstuurd.' });
    run.wrote.push('recorded that the person was informed');
  }
}
