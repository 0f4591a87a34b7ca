// Known personal data goes through every API route (a valid request and one that fails validation)
// and through the work process (decisions, so the state machines' steps and the stream consumer
// run), on a twin of this file's own whose functions' output is captured line by line. None of that
// data may reach a line, while the lines are there: an entry for every route, correlation ids on
// every API line, and the business metrics as EMF with the agreed namespace and dimensions.
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '@cter/config';
import { isValidBsn } from '@cter/domain';
import { restApisOf } from '../../packages/twin/src/api-routes';
import { startTwin, type Twin } from '@cter/twin';
import type { OwnTwin } from '../support/own-twin';
import { sessionCredentials, signedCall, type CallOptions, type Reply } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';
import { measureIdsOf, retryingStale, youngAdultPlan } from '../support/measures';
import { ASSEMBLY_DIR } from '../support/assembly';

const REGION = 'kennemerland';
const as = (organisation: string) => `${REGION}.${organisation}`;
const POLICE = as('politie');
const HAARLEM = as('gemeente-haarlem');
const ZVH = as('zvh');
const GGZ = as('ggz');
const MENTORING = as('one-on-one');
const SPECIALIST = as('specialist-re');
const PRIVACY_OFFICER = as('privacy-officer');
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// The known personal data: distinctive, fictional, unique to this run. `token` (letters that never
// occur in hex ids) marks every free text, so a leaked fragment of one is found too.

const token = Array.from({ length: 8 }, () => 'ghjkmnpqrstvwxyz'[randomInt(16)]).join('');
const Token = token[0]!.toUpperCase() + token.slice(1);

/** A valid BSN (11-test) of this run, not starting with 0. */
function knownBsn(): string {
  for (;;) {
    const candidate = String(randomInt(100_000_000, 1_000_000_000));
    if (isValidBsn(candidate)) return candidate;
  }
}

const bsn = knownBsn();
/** The person an advice request is converted for (the same name, another BSN: another case). */
const convertedBsn = knownBsn();
const [year, month, day] = [1990 + randomInt(10), String(1 + randomInt(12)).padStart(2, '0'), String(1 + randomInt(28)).padStart(2, '0')];
const birthDate = `${year}-${month}-${day}`;
const postalCode = `${2000 + randomInt(100)} QX`;
const person = { name: `Wubbolt ${Token}`, bsn, birthDate, municipality: 'haarlem', address: { street: `${Token}laan`, houseNumber: '17', postalCode, city: 'Spaarndam' } };
const reporter = { name: 'Ottoline Brakkeveen', phone: `+31 23 555 ${randomInt(1000, 10_000)}` };
const rectifiedName = `Wubbolda ${Token}`;
/** A free text as partners write them: reasons, notes, disclosed content. */
const said = (what: string) => `${what}; zie dossier ${token}`;

/** What must never appear in a log line (case-insensitive), with the simple variants of each. */
const KNOWN = [
  token,
  person.name,
  'Wubbolt',
  rectifiedName,
  'Wubbolda',
  bsn,
  `${bsn.slice(0, 4)}.${bsn.slice(4, 6)}.${bsn.slice(6)}`,
  `${bsn.slice(0, 3)} ${bsn.slice(3, 6)} ${bsn.slice(6)}`,
  birthDate,
  `${day}-${month}-${year}`,
  `${year}${month}${day}`,
  person.address.street,
  postalCode,
  postalCode.replace(' ', ''),
  'Spaarndam',
  reporter.name,
  'Brakkeveen',
  'Ottoline',
  reporter.phone,
  reporter.phone.replace(/\D/g, ''),
  convertedBsn,
];

// ---------------------------------------------------------------------------------------------
// The twin, with every output line of every function captured.

interface Captured {
  functionName: string;
  line: string;
  /** The line as JSON (Powertools, EMF and the runtime's JSON lines), else undefined. */
  json: Record<string, any> | undefined;
}

const captured: Captured[] = [];
const stateDir = mkdtempSync(path.join(tmpdir(), 'cter-log-redaction-'));
let twin: Twin | undefined;

function parse(line: string): Record<string, any> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

const current = (): Twin => {
  if (!twin) throw new Error('the twin has not started');
  return twin;
};
const own: OwnTwin = {
  twin: current,
  call: (profile, method, pathAndQuery, options = {}) => {
    const credential = current().credentials.find((c) => c.profile === profile);
    if (!credential) throw new Error(`no profile ${profile}`);
    return signedCall(current().endpoints.regions[REGION]!, credential, method, pathAndQuery, options);
  },
};

// ---------------------------------------------------------------------------------------------
// Calls, recorded per route with the correlation id the reply echoed.

interface Sent {
  route: string;
  status: number;
  requestId: string | null;
  correlationId: string | null;
  /** The x-correlation-id the test sent, if any. */
  supplied?: string;
}

const sent: Sent[] = [];

/** Calls a route as `profile` and records the reply. */
async function callRoute(route: string, profile: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply> {
  const reply = await own.call(profile, route.slice(0, route.indexOf(' ')), pathAndQuery, options);
  sent.push({ route, status: reply.status, requestId: reply.headers.get('x-amzn-requestid'), correlationId: reply.headers.get('x-correlation-id'), supplied: options.headers?.['x-correlation-id'] });
  return reply;
}

function expectStatus(reply: Reply, expected: number, what: string): Reply {
  expect(reply.status, `${what}: ${JSON.stringify(reply.body)}`).toBe(expected);
  return reply;
}

async function send(route: string, profile: string, pathAndQuery: string, expected: number, options: CallOptions = {}): Promise<Reply> {
  return expectStatus(await callRoute(route, profile, pathAndQuery, options), expected, `${route} (${pathAndQuery}) as ${profile}`);
}

/** A write of the case that names its version: read first, again when the work process moved it meanwhile. */
async function sendWithVersion(route: string, profile: string, pathAndQuery: string, expected: number, body: (version: number) => object): Promise<Reply> {
  const reply = await retryingStale(async () => {
    const { version } = (await own.call(profile, 'GET', `/cases/${caseId}`)).body as { version: number };
    return callRoute(route, profile, pathAndQuery, { body: body(version) });
  });
  return expectStatus(reply, expected, `${route} as ${profile}`);
}

// ---------------------------------------------------------------------------------------------
// The walk: a signal with the known data, the weighing (one contribution overdue) and the triangle
// by decision, every route at the case consultation, the plan adopted, the measures, a transfer.

const CALLER_CORRELATION_ID = `partner-${randomUUID()}`;
let caseId = '';
let signalsCreated = 0;
let decisionsAccepted = 0;

/** Decides the open task of `kind` as `organisation`, with reasoning that quotes the case. */
async function decide(organisation: string, kind: string, outcome: string, wf: WorkflowDriver, topic?: string, extra: object = {}): Promise<void> {
  const task = await wf.waitForTask(organisation, caseId, kind, topic);
  await send('POST /cases/{caseId}/decisions', as(organisation), `/cases/${caseId}/decisions`, 202, { body: { task: task.taskId, outcome, reasoning: said(`${kind}: ${outcome}`), ...extra } });
  decisionsAccepted += 1;
  await wf.settle();
}

async function walk(): Promise<void> {
  const wf = new WorkflowDriver(own, REGION);
  const signal = { subject: person, reason: said('Zorgen over uitingen op school'), reporter };
  const idempotencyKey = `log-redaction-${randomUUID()}`;

  // POST /signals: a new case (counted), its replay (not counted), invalid and malformed bodies.
  const registered = await send('POST /signals', POLICE, '/signals', 201, { body: signal, headers: { 'idempotency-key': idempotencyKey, 'x-correlation-id': CALLER_CORRELATION_ID } });
  caseId = registered.body.caseId;
  signalsCreated += 1;
  await send('POST /signals', POLICE, '/signals', 201, { body: signal, headers: { 'idempotency-key': idempotencyKey } });
  await send('POST /signals', POLICE, '/signals', 422, { body: { ...signal, subject: { ...person, birthDate: `${day}-${month}-${year}` } } });
  await send('POST /signals', POLICE, '/signals', 400, { rawBody: JSON.stringify(signal).slice(0, -3) });
  // A caller that puts a name into the correlation id: not well formed, so never repeated.
  await send('POST /signals', POLICE, '/signals', 422, { body: { ...signal, nickname: person.name }, headers: { 'x-correlation-id': person.name } });

  // The weighing and the triangle, decided with reasoning that quotes the case.
  await wf.waitForState(caseId, 'weighing');
  await send('POST /cases/{caseId}/decisions', HAARLEM, `/cases/${caseId}/decisions`, 422, { body: { task: person.name, outcome: 'contributed', reasoning: said('bijdrage') } });
  await decide('gemeente-haarlem', 'weighing-contribution', 'contributed', wf, 'municipality');
  await decide('politie', 'weighing-contribution', 'contributed', wf, 'police');
  await decide('specialist-re', 'weighing-interpretation', 'radicalisation-indicated', wf);
  // The prosecutor's contribution goes overdue (TasksOverdue); the process director takes it over.
  await wf.waitForTask('om', caseId, 'weighing-contribution', 'prosecutor');
  await wf.advanceDays(6);
  await decide('zvh', 'escalation', 'nothing-known', wf, 'weighing-contribution/prosecutor');
  await wf.waitForTask('politie', caseId, 'weighing-decision', undefined, 60_000);
  await decide('politie', 'weighing-decision', 'propose-admission', wf);
  await decide('gemeente-haarlem', 'triangle-decision', 'admit', wf);
  await wf.waitForTask('zvh', caseId, 'plan-adoption');

  // Cases service.
  const encodedName = encodeURIComponent(person.name);
  await send('GET /cases', POLICE, '/cases?limit=100', 200);
  await send('GET /cases', POLICE, `/cases?municipality=${encodedName}`, 422);
  await send('GET /cases/{caseId}', HAARLEM, `/cases/${caseId}`, 200);
  await send('GET /cases/{caseId}', HAARLEM, `/cases/${bsn}`, 422);
  await send('GET /cases/{caseId}/history', POLICE, `/cases/${caseId}/history`, 200);
  await send('GET /cases/{caseId}/history', POLICE, `/cases/${bsn}/history`, 422);
  await send('GET /cases/{caseId}/tasks', ZVH, `/cases/${caseId}/tasks`, 200);
  await send('GET /cases/{caseId}/tasks', ZVH, `/cases/${encodedName}/tasks`, 422);
  await send('GET /tasks', ZVH, '/tasks?limit=50', 200);
  await send('GET /tasks', ZVH, `/tasks?limit=${encodedName}`, 422);
  // An anonymous advice request: the concern and the thread quote the case; the refused ones carry the BSN.
  const advice = await send('POST /advice-requests', POLICE, '/advice-requests', 201, { body: { concern: said('Zorgen over een jongere'), contact: reporter } });
  await send('POST /advice-requests', POLICE, '/advice-requests', 422, { body: { concern: said(`BSN ${bsn}`), contact: reporter } });
  const advicePath = `/advice-requests/${String(advice.body.adviceRequestId)}`;
  await send('GET /advice-requests', POLICE, '/advice-requests?limit=10', 200);
  await send('GET /advice-requests', POLICE, `/advice-requests?limit=${encodedName}`, 422);
  await send('GET /advice-requests/{adviceRequestId}', SPECIALIST, advicePath, 200);
  await send('GET /advice-requests/{adviceRequestId}', SPECIALIST, `/advice-requests/${bsn}`, 422);
  await send('POST /advice-requests/{adviceRequestId}/messages', SPECIALIST, `${advicePath}/messages`, 201, { body: { kind: 'answer', text: said('Advies') } });
  await send('POST /advice-requests/{adviceRequestId}/messages', SPECIALIST, `${advicePath}/messages`, 422, { body: { kind: 'question', text: said(`Gaat het om ${bsn}?`) } });
  await send('POST /advice-requests/{adviceRequestId}/conversion', POLICE, `${advicePath}/conversion`, 422, { body: { subject: { ...person, bsn: convertedBsn, birthDate: `${day}-${month}-${year}` }, reason: said('Melding') } });
  await send('POST /advice-requests/{adviceRequestId}/conversion', POLICE, `${advicePath}/conversion`, 201, { body: { subject: { ...person, bsn: convertedBsn }, reason: said('Melding na adviesvraag') } });
  // A conversion is a signal: it counts as one.
  signalsCreated += 1;
  // A case consultation that took place yesterday (the agenda and the outcome quote the case), and the list.
  const meetingAt = new Date(current().clock.nowMs() - DAY_MS).toISOString();
  const scheduled = await send('POST /cases/{caseId}/consultations', ZVH, `/cases/${caseId}/consultations`, 201, { body: { scheduledAt: meetingAt, attendees: ['zvh', 'gemeente-haarlem', 'politie'], agenda: [said('Gedeeld beeld')] } });
  await send('POST /cases/{caseId}/consultations', ZVH, `/cases/${caseId}/consultations`, 422, { body: { scheduledAt: meetingAt, attendees: [person.name], agenda: [said('Agenda')] } });
  const outcomePath = `/cases/${caseId}/consultations/${String(scheduled.body.consultationId)}/outcome`;
  await send('POST /cases/{caseId}/consultations/{consultationId}/outcome', ZVH, outcomePath, 422, { body: { summary: said('Beeld gedeeld'), decisions: [{ text: said('GGZ start'), owner: person.name }] } });
  await send('POST /cases/{caseId}/consultations/{consultationId}/outcome', ZVH, outcomePath, 200, { body: { summary: said('Beeld gedeeld'), decisions: [{ text: said('GGZ start') }] } });
  await send('GET /cases/{caseId}/consultations', POLICE, `/cases/${caseId}/consultations`, 200);
  await send('GET /cases/{caseId}/consultations', POLICE, `/cases/${bsn}/consultations`, 422);
  await sendWithVersion('PATCH /cases/{caseId}', HAARLEM, `/cases/${caseId}`, 200, (version) => ({ version, subject: { name: rectifiedName, address: person.address }, reasoning: said('Naam verkeerd gespeld') }));
  await sendWithVersion('PATCH /cases/{caseId}', HAARLEM, `/cases/${caseId}`, 422, (version) => ({ version, subject: { birthDate: `${year}${month}${day}` }, reasoning: said('Geboortedatum') }));
  // Invitations run at most 180 days (services/cases).
  const until = new Date(current().clock.nowMs() + 170 * DAY_MS).toISOString();
  for (const [organisationId, role] of [['ggz', 'measure-owner'], ['one-on-one', 'mentor']] as const) {
    await sendWithVersion('POST /cases/{caseId}/participants', HAARLEM, `/cases/${caseId}/participants`, 201, (version) => ({ version, organisationId, role, until, reasoning: said('Nodig voor het plan') }));
  }
  await sendWithVersion('POST /cases/{caseId}/participants', HAARLEM, `/cases/${caseId}/participants`, 422, (version) => ({ version, organisationId: person.name, role: 'mentor', until, reasoning: said('Mentor') }));
  await sendWithVersion('POST /cases/{caseId}/participants', HAARLEM, `/cases/${caseId}/participants`, 201, (version) => ({ version, organisationId: 'jeugdzorg', role: 'measure-owner', until, reasoning: said('Jeugdzorg erbij') }));
  await send('DELETE /cases/{caseId}/participants/{organisationId}', HAARLEM, `/cases/${caseId}/participants/jeugdzorg`, 200);
  await send('DELETE /cases/{caseId}/participants/{organisationId}', HAARLEM, `/cases/${caseId}/participants/unknown-org`, 422);

  // Covenant service.
  const question = { recipients: [{ organisationId: 'ggz' }], categories: ['police-information'], purpose: 'case-consultation', stage: 'consultation', basis: { kind: 'legal-basis', reference: 'wpg-20' } };
  await send('POST /covenant/decisions', POLICE, '/covenant/decisions', 200, { body: question });
  await send('POST /covenant/decisions', POLICE, '/covenant/decisions', 422, { body: { ...question, basis: { kind: 'consent', consentId: person.name, state: person.bsn } } });
  const disclosure = {
    recipients: ['ggz'],
    categories: ['police-information'],
    items: [{ category: 'police-information', label: said('Politiecontacten'), content: said(`Twee meldingen over ${person.name}, geboren ${birthDate}`) }],
    purpose: 'case-consultation',
    basis: { kind: 'legal-basis', reference: 'wpg-20' },
    proportionality: said('Alleen wat de behandeling raakt'),
    subsidiarity: said('Niet uit eigen bron te weten'),
  };
  await send('POST /cases/{caseId}/disclosures', POLICE, `/cases/${caseId}/disclosures`, 201, { body: disclosure });
  await send('POST /cases/{caseId}/disclosures', POLICE, `/cases/${caseId}/disclosures`, 422, { body: { ...disclosure, categories: ['identity'] } });
  // Care information moves only with consent (art. 10(2)): refused, and counted.
  const careInformation = { ...disclosure, recipients: ['gemeente-haarlem'], categories: ['care-information'], items: [{ category: 'care-information', label: said('Behandelverloop'), content: said('Gesprekken') }], basis: { kind: 'legal-basis', reference: 'wfz-forensic-care' } };
  await send('POST /cases/{caseId}/disclosures', GGZ, `/cases/${caseId}/disclosures`, 403, { body: careInformation });
  const twinNow = () => new Date(current().clock.nowMs());
  const consent = { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: new Date(twinNow().getTime() - 3_600_000).toISOString(), form: 'written', reference: said('GGZ-TOESTEMMING') };
  const consentId: string = (await send('POST /cases/{caseId}/consents', GGZ, `/cases/${caseId}/consents`, 201, { body: consent })).body.consentId;
  await send('POST /cases/{caseId}/consents', GGZ, `/cases/${caseId}/consents`, 422, { body: { ...consent, form: person.name } });
  const withdrawal = `/cases/${caseId}/consents/${consentId}/withdrawal`;
  await send('POST /cases/{caseId}/consents/{consentId}/withdrawal', HAARLEM, withdrawal, 422, { body: { withdrawnAt: birthDate, note: said('Trok telefonisch in') } });
  await send('POST /cases/{caseId}/consents/{consentId}/withdrawal', HAARLEM, withdrawal, 200, { body: { note: said('Trok telefonisch in') } });
  await send('POST /cases/{caseId}/informing', HAARLEM, `/cases/${caseId}/informing`, 201, { body: { kind: 'deferred', ground: 'safety', reason: said('Dreiging richting het gezin'), reviewAt: '2099-01-01' } });
  await send('POST /cases/{caseId}/informing', HAARLEM, `/cases/${caseId}/informing`, 422, { body: { kind: 'deferred', ground: 'safety', reason: said('Dreiging'), reviewAt: `${day}-${month}-${year}` } });
  await send('GET /cases/{caseId}/audit', PRIVACY_OFFICER, `/cases/${caseId}/audit`, 200);
  await send('GET /cases/{caseId}/audit', PRIVACY_OFFICER, `/cases/${caseId}/audit?limit=${bsn}`, 422);
  await send('POST /subjects/report', PRIVACY_OFFICER, '/subjects/report', 200, { body: { bsn } });
  await send('POST /subjects/report', PRIVACY_OFFICER, '/subjects/report', 422, { body: { bsn, name: person.name } });

  // Measures service, up to the plan the consultation adopts.
  await send('GET /measures/catalogue', POLICE, '/measures/catalogue', 200);
  await send('GET /measures/catalogue', POLICE, `/measures/catalogue?version=${encodedName}`, 422);
  await send('GET /measures/evaluation-export', ZVH, '/measures/evaluation-export?format=json&period=2026-Q1', 200);
  await send('GET /measures/evaluation-export', ZVH, `/measures/evaluation-export?format=json&period=${birthDate}`, 422);
  await send('GET /exports/one-on-one', ZVH, '/exports/one-on-one?from=2026-01-01&to=2026-12-31', 200);
  await send('GET /exports/one-on-one', ZVH, `/exports/one-on-one?from=${birthDate}&to=${bsn}`, 422);
  await send('GET /reports/process', ZVH, '/reports/process?from=2026-01-01&to=2026-03-31', 200);
  await send('GET /reports/process', HAARLEM, `/reports/process?from=${birthDate}&to=${encodedName}`, 422);
  const mentorId = `mentor-${randomUUID().slice(0, 8)}`;
  await send('PUT /measures/mentors/{mentorId}', MENTORING, `/measures/mentors/${mentorId}`, 200, { body: { capacity: 2, languages: ['nl'], gender: 'female' } });
  await send('PUT /measures/mentors/{mentorId}', MENTORING, `/measures/mentors/${mentorId}`, 422, { body: { capacity: 2, languages: ['nl'], gender: 'female', name: reporter.name } });
  const plan = youngAdultPlan();
  plan.goals[0]!.statement = `Volgt vier dagen per week een opleiding bij het ${Token} College`;
  const drafted = (await send('POST /cases/{caseId}/plan', ZVH, `/cases/${caseId}/plan`, 201, { body: plan })).body;
  const planVersion: number = drafted.version;
  const measures = measureIdsOf(drafted);
  await send('POST /cases/{caseId}/plan', ZVH, `/cases/${caseId}/plan`, 422, { body: { ...plan, goals: [{ goalId: 'g-x', lifeDomain: 'nowhere', statement: said('Woont bij') }] } });
  await send('GET /cases/{caseId}/plan', HAARLEM, `/cases/${caseId}/plan`, 200);
  await send('GET /cases/{caseId}/plan', HAARLEM, `/cases/${caseId}/plan?mentorId=${encodedName}`, 422);
  await send('GET /cases/{caseId}/measures/suggestions', ZVH, `/cases/${caseId}/measures/suggestions`, 200);
  await send('GET /cases/{caseId}/measures/suggestions', ZVH, `/cases/${bsn}/measures/suggestions`, 422);
  await send('POST /cases/{caseId}/measures/{measureId}/notes', HAARLEM, `/cases/${caseId}/measures/${measures.daytime}/notes`, 201, { body: { text: said(`Intake gepland met ${person.name}`) } });
  await send('POST /cases/{caseId}/measures/{measureId}/notes', HAARLEM, `/cases/${caseId}/measures/${measures.daytime}/notes`, 422, { body: { text: said('Intake'), noteId: person.name } });
  await send('POST /cases/{caseId}/measures/{measureId}/mentor', MENTORING, `/cases/${caseId}/measures/${measures.mentor}/mentor`, 200, { body: { mentorId } });
  await send('POST /cases/{caseId}/measures/{measureId}/mentor', MENTORING, `/cases/${caseId}/measures/${measures.mentor}/mentor`, 422, { body: { preferences: { language: person.name } } });

  // The case consultation adopts the plan.
  await decide('zvh', 'plan-adoption', 'adopted', wf, undefined, { planVersion });
  await wf.waitForState(caseId, 'monitoring');

  const adoptedOn = String((await own.call(ZVH, 'GET', `/cases/${caseId}/plan`)).body.plan.adoption.adoptedAt).slice(0, 10);
  const transitions = `/cases/${caseId}/measures/${measures.mentor}/transitions`;
  await send('POST /cases/{caseId}/measures/{measureId}/transitions', MENTORING, transitions, 422, { body: { action: 'start', startedOn: adoptedOn, explanation: said('Start') } });
  await send('POST /cases/{caseId}/measures/{measureId}/transitions', MENTORING, transitions, 200, { body: { action: 'start', startedOn: adoptedOn } });
  const session = { date: adoptedOn, durationMinutes: 45, themes: ['identity'], progress: { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 3, 'future-perspective': 3, resilience: 3 } };
  // Sessions are logged by the mentor: the ONE-on-ONE role assumed with the mentor's id as session name.
  const mentorKeys = await sessionCredentials(own.twin(), MENTORING, mentorId);
  const asMentor = async (expected: number, body: object) => {
    const reply = await signedCall(own.twin().endpoints.regions[REGION]!, mentorKeys, 'POST', `/cases/${caseId}/measures/${measures.mentor}/sessions`, { body });
    sent.push({ route: 'POST /cases/{caseId}/measures/{measureId}/sessions', status: reply.status, requestId: reply.headers.get('x-amzn-requestid'), correlationId: reply.headers.get('x-correlation-id'), supplied: undefined });
    return expectStatus(reply, expected, `sessions as mentor ${mentorId}`);
  };
  await asMentor(201, session);
  await asMentor(422, { ...session, sessionId: person.name });

  // Detained during monitoring (the release date is personal data), then the case moves on from detention.
  await sendWithVersion('PUT /cases/{caseId}/detention', HAARLEM, `/cases/${caseId}/detention`, 422, (version) => ({ version, releaseDate: new Date(Date.now() - 86_400_000).toISOString(), reasoning: said('Gedetineerd') }));
  await sendWithVersion('PUT /cases/{caseId}/detention', HAARLEM, `/cases/${caseId}/detention`, 202, (version) => ({ version, releaseDate: new Date(own.twin().clock.nowMs() + 200 * 86_400_000).toISOString(), reasoning: said('Gedetineerd') }));
  // Last: the case moves to another region (the hand-over carries name, BSN and birth date).
  await sendWithVersion('POST /cases/{caseId}/transfers', HAARLEM, `/cases/${caseId}/transfers`, 422, (version) => ({ version, toRegion: 'elders', toMunicipality: 'zaanstad', reasoning: said('Verhuist') }));
  await sendWithVersion('POST /cases/{caseId}/transfers', HAARLEM, `/cases/${caseId}/transfers`, 202, (version) => ({ version, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: said(`Verhuist naar ${person.address.street}`) }));
  // Until the receiving region has registered the hand-over (its transfer execution runs on its own).
  const deadline = Date.now() + 30_000;
  while (!captured.some((c) => c.json?.message === 'transfer received') && Date.now() < deadline) await wf.settle();
  await wf.settle();
}

beforeAll(async () => {
  twin = await startTwin({
    assemblyDir: ASSEMBLY_DIR,
    stateDir,
    persist: false,
    portBase: 0,
    quiet: true,
    onLog: (line, functionName) => captured.push({ functionName, line, json: parse(line) }),
  });
  await walk();
}, 900_000);

afterAll(async () => {
  await twin?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

const jsonLines = () => captured.flatMap((c) => (c.json ? [{ ...c, json: c.json }] : []));
/** Lines of the functions' logger (Powertools' format), as opposed to EMF and the runtime's own lines. */
const loggerLines = () => jsonLines().filter((c) => typeof c.json.level === 'string' && 'service' in c.json && 'timestamp' in c.json);

describe('the walk covers the API', () => {
  it('sent a valid and an invalid request to every route the synthesized API serves', () => {
    const served = restApisOf(current().regions.get(REGION)!.stack)[0]!.routes.map((r) => `${r.method} ${r.resourcePath}`).sort();
    const routes = (ok: (status: number) => boolean) => [...new Set(sent.filter((s) => ok(s.status)).map((s) => s.route))].sort();
    expect(routes((status) => status < 300)).toEqual(served);
    expect(routes((status) => status === 400 || status === 422)).toEqual(served);
  });
});

describe('the captured logs', () => {
  it('are there: an entry for every route, and lines of the workflow steps and the stream consumer', () => {
    expect(captured.length).toBeGreaterThan(100);
    const logged = new Set(loggerLines().map((c) => c.json.route));
    for (const route of new Set(sent.map((s) => s.route))) expect(logged.has(route), `no log line of ${route}`).toBe(true);
    expect(loggerLines().some((c) => c.json.step === 'open-task')).toBe(true);
    expect(loggerLines().some((c) => c.json.step === 'expire-tasks')).toBe(true);
    expect(loggerLines().some((c) => typeof c.json.eventId === 'string' && c.json.message === 'decision delivered')).toBe(true);
    // The hand-over (name, BSN, birth date) reached the receiving region.
    expect(loggerLines().some((c) => c.json.message === 'transfer received')).toBe(true);
  });

  it('carry a correlation id on every line of an API function, the workflow steps and the stream consumer', () => {
    const apiFunctions = new Set(loggerLines().filter((c) => c.json.route).map((c) => c.functionName));
    const correlated = loggerLines().filter((c) => apiFunctions.has(c.functionName) || c.json.step || c.json.eventId);
    expect(correlated.length).toBeGreaterThan(50);
    for (const { functionName, json } of correlated) expect(json.correlation_id, `${functionName}: ${JSON.stringify(json)}`).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    // A step's or a stream record's correlation id is its case.
    expect(loggerLines().filter((c) => c.json.step && c.json.caseId === caseId).every((c) => c.json.correlation_id === caseId)).toBe(true);
    expect(loggerLines().some((c) => c.json.eventId && c.json.correlation_id === caseId)).toBe(true);
  });

  it("carry the caller's x-correlation-id, else the request id, and echo it on every reply, errors included", () => {
    for (const s of sent) {
      const wellFormed = s.supplied !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(s.supplied);
      expect(s.correlationId, `${s.route} ${s.status}`).toBe(wellFormed ? s.supplied : s.requestId);
    }
    const lines = loggerLines().filter((c) => c.json.route === 'POST /signals');
    expect(lines.some((c) => c.json.correlation_id === CALLER_CORRELATION_ID && c.json.message === 'request handled')).toBe(true);
    const failed = sent.find((s) => s.status === 422 && s.supplied === undefined)!;
    expect(loggerLines().some((c) => c.json.correlation_id === failed.requestId && c.json.status === 422)).toBe(true);
  });

  it('contain none of the personal data that went through, nor its simple variants', () => {
    const leaks = captured.flatMap(({ functionName, line }) => KNOWN.filter((value) => line.toLowerCase().includes(value.toLowerCase())).map((value) => `${functionName}: "${value}" in ${line.slice(0, 500)}`));
    expect(leaks).toEqual([]);
  });

  it('carry the business metrics as EMF, with the agreed namespace, dimensions and unit', () => {
    const emf = jsonLines().filter((c) => c.json._aws);
    const total = (name: string) => emf.filter((c) => name in c.json).reduce((sum, c) => sum + Number(c.json[name]), 0);
    for (const name of Object.values(BUSINESS_METRICS)) {
      const lines = emf.filter((c) => c.json._aws.CloudWatchMetrics.some((m: { Metrics: Array<{ Name: string }> }) => m.Metrics.some((metric) => metric.Name === name)));
      expect(lines.length, `no EMF line of ${name}`).toBeGreaterThan(0);
      for (const { json } of lines) {
        expect(json._aws.CloudWatchMetrics).toEqual([{ Namespace: METRICS_NAMESPACE, Dimensions: [['service', 'region']], Metrics: expect.arrayContaining([{ Name: name, Unit: 'Count' }]) }]);
        expect(json).toMatchObject({ service: METRICS_SERVICE, region: REGION });
      }
    }
    // A replayed signal is not counted; every accepted decision is.
    expect(total(BUSINESS_METRICS.signalsReceived)).toBe(signalsCreated);
    expect(total(BUSINESS_METRICS.decisionsRecorded)).toBe(decisionsAccepted);
    expect(total(BUSINESS_METRICS.disclosuresRefused)).toBe(1);
    expect(total(BUSINESS_METRICS.tasksOverdue)).toBeGreaterThanOrEqual(1);
  });
});
