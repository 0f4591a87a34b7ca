// The OpenAPI document against the synthesized API (the CI check for drift): every region's REST
// API serves exactly the routes the document describes and the capability matrix grants, each body
// route validates against the request model generated from the same schemas, and the twin serves
// the region's document at /openapi.json.
import * as path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REGION_IDS } from '@cter/config';
import { API_STAGE, generateOpenApi, requestModel } from '@cter/api-spec';
import { readAssembly, resourcesOfType } from '@cter/twin';
import { restApisOf } from '../../packages/twin/src/api-routes';
import { BAD_REQUEST_BODY_TEMPLATE } from '../../infra/lib/api';
import { ASSEMBLY_DIR } from '../support/assembly';
import { ROUTE_ENTRIES } from '@cter/routes';

const stacks = readAssembly(ASSEMBLY_DIR).filter((s) => restApisOf(s).length > 0);
const documentRoutes = (doc: ReturnType<typeof generateOpenApi>) => Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
const logicalIdOf = (ref: unknown) => (ref as { Ref?: string } | undefined)?.Ref;

describe('the synthesized APIs', () => {
  it('exist for every region', () => {
    expect(stacks.map((s) => s.stageName).sort()).toEqual([...REGION_IDS].sort());
  });
});

describe.each(stacks.map((s) => [s.stageName, s] as const))('region %s', (region, stack) => {
  const api = restApisOf(stack)[0]!;
  const served = api.routes.map((r) => `${r.method} ${r.resourcePath}`).sort();

  it('serves exactly the routes of its OpenAPI document and of the capability matrix', () => {
    expect(documentRoutes(generateOpenApi(region)), 'document vs synthesized API: run `npm run synth` or add the route to the capability matrix').toEqual(served);
    expect(ROUTE_ENTRIES.map((c) => c.route).sort()).toEqual(served);
    expect(api.stageName).toBe(API_STAGE);
  });

  it('validates every JSON body at the gateway against the request model made from its schema', () => {
    const resources = stack.template.Resources;
    const methods = resourcesOfType(stack, 'AWS::ApiGateway::Method').filter(([, m]) => logicalIdOf(m.Properties?.RestApiId) === api.logicalId);
    for (const route of api.routes) {
      const key = `${route.method} ${route.resourcePath}`;
      const expected = requestModel(key);
      const [, method] = methods.find(([, m]) => m.Properties?.HttpMethod === route.method && (logicalIdOf(m.Properties?.ResourceId) ?? api.logicalId) === route.resourceId)!;
      expect(method.Properties?.RequestValidatorId, key).toBeDefined();
      const models = method.Properties?.RequestModels as Record<string, unknown> | undefined;
      if (!expected) {
        expect(models, `${key} has no body`).toBeUndefined();
        continue;
      }
      const model = resources[logicalIdOf(models?.['application/json'])!];
      expect(model?.Type, key).toBe('AWS::ApiGateway::Model');
      expect(model?.Properties).toMatchObject({ ContentType: 'application/json', Name: expected.name, Schema: expected.schema });
    }
  });

  it("answers a body the model refuses in the API's error shape, without echoing the input", () => {
    const responses = resourcesOfType(stack, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties ?? {});
    const badBody = responses.find((r) => r.ResponseType === 'BAD_REQUEST_BODY');
    expect(badBody).toMatchObject({ StatusCode: '422', ResponseTemplates: { 'application/json': BAD_REQUEST_BODY_TEMPLATE } });
    expect(BAD_REQUEST_BODY_TEMPLATE).not.toContain('validationErrorString');
  });
});

describe('the twin', () => {
  it.each(REGION_IDS)('serves the OpenAPI document of %s, unsigned, with its own URL as the server', async (region) => {
    const { api } = inject('twin').endpoints.regions[region]!;
    const response = await fetch(new URL('/openapi.json', api));
    expect(response.status).toBe(200);
    const doc = (await response.json()) as ReturnType<typeof generateOpenApi>;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: api, description: expect.stringContaining(region) }]);
    expect(documentRoutes(doc)).toEqual(ROUTE_ENTRIES.map((c) => c.route).sort());
  });
});
