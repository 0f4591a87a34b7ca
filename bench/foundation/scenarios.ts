// A realistic first request per route, signed (in the event) by the organisation that would call
// it: the police where the route registry allows it, otherwise the case's municipality.
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { partnerRoleName, regionConfig, type OrganisationType } from '@cter/config';
import { routeEntry } from '@cter/routes';
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
  return allowed.includes('zvh') ? 'zvh' : 'politie';
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

/**
 * Moves a case to a later state directly in the table, as the workflow (not an API route) does:
 * invitations need a case in consultation. Keeps the version, so the first request may write.
 */
async function moveCaseTo(setup: ScenarioSetup, caseId: string, state: string): Promise<void> {
  await setup.dynamodb.send(
    new UpdateItemCommand({
      TableName: setup.casesTable,
      Key: { pk: { S: `CASE#${caseId}` }, sk: { S: 'CASE' } },
      UpdateExpression: 'SET #state = :state, gsi2pk = :gsi2pk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': { S: state }, ':gsi2pk': { S: `STATE#${state}` } },
    }),
  );
}

const fill = (resourcePath: string, caseId: string) => {
  const pathParameters: Record<string, string> = {};
  const path = resourcePath.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => (pathParameters[name] = name === 'caseId' ? caseId : 'bench'));
  return { path, pathParameters };
};

export async function firstEvent(route: string, setup: ScenarioSetup): Promise<FirstEvent> {
  const [method, resource] = route.split(' ') as [string, string];
  const organisation = organisationFor(route, setup.municipality);
  const roleName = partnerRoleName(setup.regionId, organisation);
  const base = { method, resource, roleName };
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
      const caseId = await openCase(setup);
      return { organisation, input: { ...base, ...fill(resource, caseId), body: { version: 1, subject: { name: 'Bench Persoon-de Vries' }, reasoning: 'Achternaam onvolledig geregistreerd' } } };
    }
    case 'POST /cases/{caseId}/participants': {
      const caseId = await openCase(setup);
      await moveCaseTo(setup, caseId, 'consultation');
      return {
        organisation,
        input: { ...base, ...fill(resource, caseId), body: { version: 1, organisationId: 'ggz', role: 'consultation', until: inFuture, reasoning: 'Zorgvraag; GGZ nodig voor casusoverleg' } },
      };
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
