// A realistic first request per route, signed (in the event) by the organisation that would call
// it: the police where the route registry allows it, otherwise the case's municipality. A route that
// needs a case further along (admitted to the consultation, with an open task, a consultation, an
// invitation, a consent, an advice request, a ONE-on-ONE measure and its mentor) gets one brought
// there through the twin's API and work process (support/case-driver.ts), fresh for each request
// that writes.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { partnerRoleName, regionConfig, type OrganisationType } from '@cter/config';
import { amsterdamDate } from '@cter/domain';
import { routeEntry } from '@cter/routes';
import { uniqueBsn } from '../../test/support/bsn';
import { CaseDriver } from '../support/case-driver';
import type { BenchTwin } from '../support/twin';
import { signalBody, type ProxyEventInput } from '../support/events';

export interface ScenarioSetup {
  regionId: string;
  /** A municipality of the region; every case the bench opens is there. */
  municipality: string;
  /** A case opened once, for read routes. */
  baseCaseId: string;
  twin: BenchTwin;
  /** A client of the twin's DynamoDB Local, and the region's tables (from the functions' environment). */
  dynamodb: DynamoDBClient;
  casesTable: string;
  auditTable: string;
}

export interface FirstEvent {
  input: ProxyEventInput;
  /** The organisation that signs (e.g. `politie`). */
  organisation: string;
  /** Set when the route is unknown to the bench and gets a generic event. */
  note?: string;
}

function organisationFor(route: string, municipality: string): string {
  const allowed: readonly OrganisationType[] = routeEntry(route)?.allowed ?? [];
  if (allowed.length === 0 || allowed.includes('police')) return 'politie';
  if (allowed.includes('municipality')) return `gemeente-${municipality}`;
  if (allowed.includes('zvh')) return 'zvh';
  if (allowed.includes('privacy-officer')) return 'privacy-officer';
  if (allowed.includes('mentoring')) return 'one-on-one';
  return 'politie';
}

export function pickMunicipality(regionId: string): string {
  const municipalities = regionConfig(regionId).municipalities;
  return (municipalities.find((m) => m.id === 'haarlem') ?? municipalities[0]!).id;
}

/** Opens a fresh case through the twin (as the police), so a write route starts at version 1. */
export async function openCase(setup: Pick<ScenarioSetup, 'regionId' | 'municipality' | 'twin'>): Promise<string> {
  const reply = await setup.twin.call<{ caseId?: string }>(`${setup.regionId}.politie`, 'POST', '/signals', signalBody(setup.municipality));
  if (reply.status !== 201 || !reply.body?.caseId) throw new Error(`could not open a case through the twin: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.caseId;
}

const drivers = new WeakMap<ScenarioSetup, CaseDriver>();
function driverOf(setup: ScenarioSetup): CaseDriver {
  let driver = drivers.get(setup);
  if (!driver) drivers.set(setup, (driver = new CaseDriver(setup.twin, setup.regionId, setup.municipality, () => {})));
  return driver;
}

/**
 * Cases brought through the work process, driven a few side by side (an admission is a signal and
 * six decisions; monitoring adds the plan and its adoption). Each is used by one request.
 */
const pools = new WeakMap<ScenarioSetup, Map<string, unknown[]>>();
const BATCH = 4;
async function pooled<T>(setup: ScenarioSetup, stage: string, drive: (driver: CaseDriver) => Promise<T>): Promise<T> {
  let byStage = pools.get(setup);
  if (!byStage) pools.set(setup, (byStage = new Map()));
  const pool = (byStage.get(stage) ?? []) as T[];
  byStage.set(stage, pool);
  if (pool.length === 0) pool.push(...(await Promise.all(Array.from({ length: BATCH }, () => drive(driverOf(setup))))));
  return pool.pop()!;
}
const drivenCase = (setup: ScenarioSetup, stage: 'admitted' | 'monitored') => pooled(setup, stage, (driver) => driver[stage]());
const admittedCase = (setup: ScenarioSetup) => drivenCase(setup, 'admitted');
/** A case in `monitoring` with ONE-on-ONE mentoring in its adopted plan, and that measure's id. */
const mentoredCase = (setup: ScenarioSetup) => pooled(setup, 'mentored', (driver) => driver.mentored());

async function caseVersion(setup: ScenarioSetup, caseId: string): Promise<number> {
  return (await driverOf(setup).call<{ version: number }>('politie', 'GET', `/cases/${caseId}`, 200)).version;
}

const fill = (resourcePath: string, caseId: string) => {
  const pathParameters: Record<string, string> = {};
  const path = resourcePath.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => (pathParameters[name] = name === 'caseId' ? caseId : 'bench'));
  return { path, pathParameters };
};

function consultation(setup: ScenarioSetup, scheduledAt: string): Record<string, unknown> {
  return { scheduledAt, attendees: ['zvh', `gemeente-${setup.municipality}`, 'politie'], agenda: ['Gedeeld beeld', 'Plan van aanpak'] };
}

export async function firstEvent(route: string, setup: ScenarioSetup): Promise<FirstEvent> {
  const [method, resource] = route.split(' ') as [string, string];
  const organisation = organisationFor(route, setup.municipality);
  const roleName = partnerRoleName(setup.regionId, organisation);
  const base = { method, resource, roleName };
  /** The event signed by another organisation than the route's default one. */
  const signedBy = (signer: string, input: Omit<ProxyEventInput, 'method' | 'resource' | 'roleName'>): FirstEvent => ({
    organisation: signer,
    input: { ...base, roleName: partnerRoleName(setup.regionId, signer), ...input },
  });
  const inFuture = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  switch (route) {
    case 'POST /signals':
      return { organisation, input: { ...base, path: resource, body: signalBody(setup.municipality) } };
    case 'GET /cases':
      return { organisation, input: { ...base, path: resource, query: { limit: '25' } } };
    case 'GET /cases/{caseId}':
    case 'GET /cases/{caseId}/history':
      return { organisation, input: { ...base, ...fill(resource, setup.baseCaseId) } };
    case 'PATCH /cases/{caseId}': {
      // A new signal, settled: the work process has opened the weighing (a new version) before the request.
      const caseId = await driverOf(setup).signal();
      const version = await caseVersion(setup, caseId);
      return { organisation, input: { ...base, ...fill(resource, caseId), body: { version, subject: { name: 'Bench Persoon-de Vries' }, reasoning: 'Achternaam onvolledig geregistreerd' } } };
    }
    case 'POST /cases/{caseId}/decisions': {
      const caseId = await driverOf(setup).signal();
      const task = await driverOf(setup).waitForTask(organisation, caseId, 'weighing-contribution', 'police');
      return { organisation, input: { ...base, ...fill(resource, caseId), body: { task: task.taskId, outcome: 'contributed', reasoning: 'Bekend bij de politie: een melding in 2025' } } };
    }
    case 'POST /cases/{caseId}/participants': {
      const caseId = await admittedCase(setup);
      const version = await caseVersion(setup, caseId);
      return {
        organisation,
        input: { ...base, ...fill(resource, caseId), body: { version, organisationId: 'ggz', role: 'consultation', until: inFuture, reasoning: 'Zorgvraag; GGZ nodig voor casusoverleg' } },
      };
    }
    case 'DELETE /cases/{caseId}/participants/{organisationId}': {
      const caseId = await admittedCase(setup);
      const version = await caseVersion(setup, caseId);
      await driverOf(setup).call(organisation, 'POST', `/cases/${caseId}/participants`, 201, { version, organisationId: 'ggz', role: 'consultation', until: inFuture, reasoning: 'Zorgvraag; GGZ nodig voor casusoverleg' });
      return { organisation, input: { ...base, path: `/cases/${caseId}/participants/ggz`, pathParameters: { caseId, organisationId: 'ggz' } } };
    }
    case 'POST /cases/{caseId}/consultations': {
      const caseId = await admittedCase(setup);
      return { organisation, input: { ...base, ...fill(resource, caseId), body: consultation(setup, inFuture) } };
    }
    case 'POST /cases/{caseId}/consultations/{consultationId}/outcome': {
      const caseId = await admittedCase(setup);
      const { consultationId } = await driverOf(setup).call<{ consultationId: string }>(organisation, 'POST', `/cases/${caseId}/consultations`, 201, consultation(setup, new Date(Date.now() - 3600_000).toISOString()));
      return {
        organisation,
        input: { ...base, path: `/cases/${caseId}/consultations/${consultationId}/outcome`, pathParameters: { caseId, consultationId }, body: { summary: 'Gedeeld beeld opgesteld', decisions: [{ text: 'Gemeente zoekt een mentor' }], absent: [] } },
      };
    }
    case 'PUT /cases/{caseId}/detention': {
      const caseId = await drivenCase(setup, 'monitored');
      const version = await caseVersion(setup, caseId);
      return { organisation, input: { ...base, ...fill(resource, caseId), body: { version, releaseDate: inFuture, reasoning: 'Betrokkene is gedetineerd; DJI meldt de verwachte ontslagdatum' } } };
    }
    case 'POST /cases/{caseId}/consents/{consentId}/withdrawal': {
      const caseId = await driverOf(setup).signal();
      const { consentId } = await driverOf(setup).call<{ consentId: string }>(organisation, 'POST', `/cases/${caseId}/consents`, 201, routeEntry('POST /cases/{caseId}/consents')?.example);
      return { organisation, input: { ...base, path: `/cases/${caseId}/consents/${consentId}/withdrawal`, pathParameters: { caseId, consentId }, body: { note: 'Telefonisch ingetrokken' } } };
    }
    case 'POST /cases/{caseId}/plan': {
      const caseId = await admittedCase(setup);
      return signedBy('zvh', { ...fill(resource, caseId), body: driverOf(setup).planDraft() });
    }
    // Reports of a quarter before the bench's own cases (all opened on the day it runs): a year that
    // holds them (hundreds, opened in minutes by the warm-latency pass) is a different measurement.
    case 'GET /measures/evaluation-export':
      return { organisation, input: { ...base, path: resource, query: { period: '2026-Q1' } } };
    case 'GET /exports/one-on-one':
    case 'GET /reports/process':
      return { organisation, input: { ...base, path: resource, query: { from: '2026-01-01', to: '2026-03-31' } } };
    case 'POST /subjects/report': {
      // The person of a case registered for it: the report finds the case.
      const signal = signalBody(setup.municipality);
      await driverOf(setup).call('politie', 'POST', '/signals', 201, signal);
      return { organisation, input: { ...base, path: resource, body: { bsn: (signal.subject as { bsn: string }).bsn } } };
    }
    case 'POST /cases/{caseId}/measures/{measureId}/transitions':
    case 'POST /cases/{caseId}/measures/{measureId}/notes': {
      // The adopted plan's measure, by the municipality that carries it out; a note needs it started.
      const caseId = await drivenCase(setup, 'monitored');
      const owner = `gemeente-${setup.municipality}`;
      const { plan } = await driverOf(setup).call<{ plan: { measures: Array<{ measureId: string }> } }>(owner, 'GET', `/cases/${caseId}/plan`, 200);
      const measureId = plan.measures[0]!.measureId;
      const today = amsterdamDate(setup.twin.twin.clock.nowMs());
      const start = { action: 'start', startedOn: today };
      const target = { path: resource.replace('{caseId}', caseId).replace('{measureId}', measureId), pathParameters: { caseId, measureId } };
      if (route.endsWith('/transitions')) return signedBy(owner, { ...target, body: start });
      await driverOf(setup).call(owner, 'POST', `/cases/${caseId}/measures/${measureId}/transitions`, 200, start);
      return signedBy(owner, { ...target, body: { noteId: 'note-bench', text: 'Eerste gesprek gevoerd; afspraken over school gemaakt' } });
    }
    case 'POST /cases/{caseId}/measures/{measureId}/mentor':
    case 'POST /cases/{caseId}/measures/{measureId}/sessions': {
      // A plan with ONE-on-ONE mentoring, adopted, and a mentor in the region's pool; the mentoring
      // organisation matches them, and the mentor logs a session in a role session named by their id.
      const { caseId, measureId } = await mentoredCase(setup);
      const mentorId = `mentor-${randomUUID().slice(0, 8)}`;
      await driverOf(setup).call('one-on-one', 'PUT', `/measures/mentors/${mentorId}`, 200, { capacity: 1, languages: ['nl'], gender: 'male' });
      const target = { path: resource.replace('{caseId}', caseId).replace('{measureId}', measureId), pathParameters: { caseId, measureId } };
      if (route.endsWith('/mentor')) return signedBy('one-on-one', { ...target, body: { mentorId } });
      const today = amsterdamDate(setup.twin.twin.clock.nowMs());
      await driverOf(setup).call('one-on-one', 'POST', `/cases/${caseId}/measures/${measureId}/mentor`, 200, { mentorId });
      await driverOf(setup).call('one-on-one', 'POST', `/cases/${caseId}/measures/${measureId}/transitions`, 200, { action: 'start', startedOn: today });
      const progress = { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 2, 'future-perspective': 3, resilience: 3 };
      return signedBy('one-on-one', { ...target, sessionName: mentorId, body: { date: today, durationMinutes: 60, themes: ['family'], progress } });
    }
    case 'GET /advice-requests/{adviceRequestId}':
    case 'POST /advice-requests/{adviceRequestId}/messages':
    case 'POST /advice-requests/{adviceRequestId}/conversion': {
      // Asked by the police, answered by the specialist R&E, converted into a signal by the police.
      const { adviceRequestId } = await driverOf(setup).call<{ adviceRequestId: string }>('politie', 'POST', '/advice-requests', 201, routeEntry('POST /advice-requests')?.example);
      const target = { path: resource.replace('{adviceRequestId}', adviceRequestId), pathParameters: { adviceRequestId } };
      if (method === 'GET') return signedBy('politie', target);
      if (route.endsWith('/conversion')) {
        const body = { subject: { name: 'Bench Persoon', bsn: uniqueBsn(), birthDate: '2010-04-01', municipality: setup.municipality }, reason: 'Zorgen na adviesvraag' };
        return signedBy('politie', { ...target, body });
      }
      const body = { kind: 'answer', text: 'Goed dat u dit meldt. Bespreek het met de ouders.' };
      return signedBy('specialist-re', { ...target, body });
    }
    default: {
      // The registry's documented example body, where the route has one: the handler then runs past validation.
      const example = routeEntry(route)?.example;
      return {
        organisation,
        note: example === undefined ? 'generic event (route unknown to the bench)' : "generic event with the route's documented example body",
        input: { ...base, ...fill(resource, setup.baseCaseId), ...(example === undefined ? {} : { body: example }) },
      };
    }
  }
}
