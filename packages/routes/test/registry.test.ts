// The route registry against the code it describes: each entry's handler file exists where its
// service keeps handlers and serves exactly that entry (httpRoute carries it), ids are unique, and
// the grants name only what the entry's route needs.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ENTRIES, splitRoute, type RouteContract, type RouteEntry } from '@cter/routes';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the route registry', () => {
  beforeAll(() => {
    // What every handler reads when it loads; nothing is called.
    Object.assign(process.env, { REGION_ID: 'kennemerland', CASES_TABLE: 'cases', AUDIT_TABLE: 'audit', SUBJECT_LOOKUP_KEY_ID: 'key', EVENT_BUS_NAME: 'bus', POWERTOOLS_DEV: 'true' });
  });

  it('has unique routes, operation ids and function ids', () => {
    for (const key of ['route', 'operationId'] as const) expect(new Set(ROUTE_ENTRIES.map((r) => r[key])).size).toBe(ROUTE_ENTRIES.length);
    expect(new Set(ROUTE_ENTRIES.map((r) => r.handler.id)).size).toBe(ROUTE_ENTRIES.length);
  });

  it.each(ROUTE_ENTRIES.map((r) => [r.route, r] as const))('%s: its handler file serves exactly this entry', async (_, entry: RouteEntry) => {
    expect(entry.handler.entry).toMatch(new RegExp(`^services/${entry.service}/handlers/[a-z-]+\\.ts$`));
    const file = path.join(root, entry.handler.entry);
    expect(existsSync(file), file).toBe(true);
    // The handler carries the route's run-time contract (the registry entry joins it with its docs): the very same validators and lists.
    const served = ((await import(file)) as { handler?: { entry?: RouteContract } }).handler?.entry;
    expect(served?.route).toBe(entry.route);
    for (const key of ['allowed', 'personalData', 'idempotency', 'validate'] as const) expect(served?.[key], key).toBe(entry[key]);
    // A validator for each part the route's schemas describe, and no other.
    expect(Object.keys(entry.validate).sort()).toEqual((['body', 'path', 'query'] as const).filter((part) => entry[part]));
    // And nothing of the documentation: a function's bundle carries no schemas, response schemas or prose.
    for (const key of ['responses', 'path', 'query', 'body']) expect(served && key in served, key).toBe(false);
  }, 60_000);

  it.each(ROUTE_ENTRIES.map((r) => [r.route, r] as const))('%s: writes where its method says it may, remembers keys only for writes on a case', (route, entry: RouteEntry) => {
    const { method } = splitRoute(route);
    const writes = entry.grants.cases.some((a) => a === 'PutItem' || a === 'UpdateItem' || a === 'DeleteItem');
    // POST /covenant/decisions and POST /subjects/report only read; GET never writes but what it audits (the audit table).
    if (method === 'GET') expect(writes, `${route} reads only`).toBe(false);
    if (entry.idempotency === 'runner') expect(route).toMatch(/\/cases\/\{caseId\}/);
    if (entry.idempotency) expect(method).not.toBe('GET');
  });
});
