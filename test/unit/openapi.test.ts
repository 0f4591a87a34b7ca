// The OpenAPI document and the request models made from the route registry: consistent with the
// zod contract, valid to Redocly's strict rules (offline),
// and docs/openapi.json up to date. The synthesized API is compared in test/infra/openapi.test.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { safeParse } from 'zod/mini';
import { REGION_IDS } from '@cter/config';
import { generateOpenApi, modelViolations, requestModel } from '@cter/api-spec';
import { renderOpenApi, OPENAPI_FILE } from '../../packages/api-spec/src/write-openapi';
import { ROUTES, ROUTE_ENTRIES, type RouteEntry } from '@cter/routes';

const root = path.resolve(import.meta.dirname, '../..');
const table = ROUTES as Record<string, RouteEntry>;
const documentRoutes = (doc: ReturnType<typeof generateOpenApi>) => Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();

/** Runs `redocly lint` on a document, offline: no telemetry, no update check. */
async function redoclyLint(document: object): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cter-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'stylish'], { env, cwd: dir, timeout: 60_000 });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? e.message}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the route registry', () => {
  it.each(Object.entries(table))('%s: path parameters, operation id and body match', (route, spec) => {
    const templateParams = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const schemaParams = spec.path ? Object.keys((spec.path as unknown as { _zod: { def: { shape: object } } })._zod.def.shape).sort() : [];
    expect(schemaParams).toEqual(templateParams);
    expect(spec.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    expect(Boolean(spec.body)).toBe(['POST', 'PUT', 'PATCH'].includes(route.split(' ')[0]!));
  });

  it.each(Object.entries(table).filter(([, s]) => s.example !== undefined))('%s: the example is valid to the contract and to the request model', (route, spec) => {
    const parsed = safeParse(spec.body!, spec.example);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(modelViolations(requestModel(route)!.schema, spec.example)).toEqual([]);
  });
});

describe('request models', () => {
  // The models only check structure: what zod refuses for content (patterns, lengths, refinements)
  // must pass the model, so the function answers with field details.
  it('leave content to the function', () => {
    const model = requestModel('POST /signals')!.schema;
    const example = table['POST /signals']!.example as Record<string, any>;
    const badContent = { ...example, subject: { ...example.subject, bsn: '123', birthDate: 'yesterday' }, reason: ' '.repeat(5000) };
    expect(safeParse(table['POST /signals']!.body!, badContent).success).toBe(false);
    expect(modelViolations(model, badContent)).toEqual([]);
  });

  it('refuse what is structurally wrong', () => {
    const model = requestModel('POST /signals')!.schema;
    const example = table['POST /signals']!.example as Record<string, any>;
    expect(modelViolations(model, { ...example, organisationId: 'politie' })).toEqual(['organisationId: not allowed']);
    expect(modelViolations(model, { ...example, subject: { ...example.subject, bsn: 111222333 } })).toEqual(['subject.bsn: not string']);
    const { reason: _reason, ...withoutReason } = example;
    expect(modelViolations(model, withoutReason)).toEqual(['reason: required']);
  });

  it('accept bodies that rely on defaults', () => {
    expect(modelViolations(requestModel('POST /cases/{caseId}/consents/{consentId}/withdrawal')!.schema, {})).toEqual([]);
    expect(modelViolations(requestModel('POST /covenant/decisions')!.schema, { recipients: [{ organisationId: 'politie' }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'consent', consentId: 'c-1' } })).toEqual([]);
  });

  it('exist for every route with a body, in draft 4', () => {
    for (const [route, spec] of Object.entries(table)) {
      const model = requestModel(route);
      expect(Boolean(model), route).toBe(Boolean(spec.body));
      if (model) expect(model.schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    }
  });
});

describe('the OpenAPI document', () => {
  it('has every route of the route registry, with its operation id and who may call it', () => {
    const doc = generateOpenApi();
    expect(doc.openapi).toBe('3.1.0');
    expect(documentRoutes(doc)).toEqual(ROUTE_ENTRIES.map((c) => c.route).sort());
    const signals = doc.paths['/signals']!.post!;
    expect(signals.operationId).toBe('registerSignal');
    expect(signals['x-cter-allowed']).toEqual(ROUTE_ENTRIES.find((c) => c.route === 'POST /signals')!.allowed);
    expect(Object.keys(signals.responses as object)).toEqual(expect.arrayContaining(['201', '400', '403', '413', '422', '503']));
    expect((doc.components as { securitySchemes: Record<string, unknown> }).securitySchemes.sigv4).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' });
  });

  it('documents a route the table lacks instead of leaving it out', () => {
    const doc = generateOpenApi('kennemerland', { serverUrl: 'http://127.0.0.1:1/v1', routes: ['GET /cases', 'DELETE /cases/{caseId}/things/{thingId}'] });
    const op = doc.paths['/cases/{caseId}/things/{thingId}']!.delete!;
    expect(op.operationId).toBe('deleteCasesCaseIdThingsThingId');
    // Its two path parameters, then the correlation id every operation accepts.
    expect(op.parameters).toEqual([
      expect.objectContaining({ name: 'caseId', in: 'path', required: true }),
      expect.objectContaining({ name: 'thingId', in: 'path', required: true }),
      { $ref: '#/components/parameters/CorrelationId' },
    ]);
    expect(doc.servers).toEqual([{ url: 'http://127.0.0.1:1/v1', description: expect.stringContaining('local twin') }]);
  });

  it('lets every operation carry a correlation id in the x-correlation-id header', () => {
    const doc = generateOpenApi();
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item!));
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/CorrelationId' });
    expect((doc.components as { parameters: Record<string, unknown> }).parameters.CorrelationId).toMatchObject({ name: 'x-correlation-id', in: 'header', required: false });
  });

  it('passes redocly lint (recommended-strict), offline', async () => {
    const result = await redoclyLint(generateOpenApi());
    // recommended-strict turns every warning into an error, so a pass means no findings at all.
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/Your API description is valid/);
  }, 60_000);

  it.each(REGION_IDS)('passes redocly lint for %s behind the twin', async (region) => {
    const result = await redoclyLint(generateOpenApi(region, { serverUrl: 'http://127.0.0.1:4513/v1' }));
    expect(result.ok, result.output).toBe(true);
  }, 60_000);

  it('is written to docs/openapi.json (run `npm run openapi` after changing routes or schemas)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8'), 'docs/openapi.json is stale: run `npm run openapi`').toBe(renderOpenApi());
  });
});
