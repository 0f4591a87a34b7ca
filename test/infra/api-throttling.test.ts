// One partner must not starve the others: the stage throttles every method on its own (a default
// for all, tighter for writes) in the Stage's MethodSettings, which the twin's gateway enforces too.
// Synthesized in-test (twin target, no bundling).
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { REGIONS, TARGET_CONTEXT } from '@cter/config';
import { RegionStack } from '../../infra/lib/region-stack';
import { THROTTLE_DEFAULT, THROTTLE_WRITES } from '../../infra/lib/api';
import { ROUTE_ENTRIES } from '@cter/routes';

const app = new App({ context: { 'aws:cdk:bundling-stacks': [], [TARGET_CONTEXT]: 'twin' } });
const template = Template.fromStack(new RegionStack(app, 'Throttling', { region: REGIONS.kennemerland, env: { account: '111111111111', region: 'eu-west-1' } }));
type MethodSetting = { HttpMethod: string; ResourcePath: string; ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number };
const stages = Object.values(template.findResources('AWS::ApiGateway::Stage'));
const settings = (stages[0]?.Properties.MethodSettings ?? []) as MethodSetting[];
// MethodSettings name a method `/<resource path with each '/' as '~1'>` (`/~1cases~1{caseId}`), all methods `/*`.
const settingOf = (method: string, path: string) => settings.find((s) => s.HttpMethod === method && s.ResourcePath === (path === '/*' ? path : `/${path.replace(/\//g, '~1')}`));

describe('API stage throttling', () => {
  it('limits every method by default', () => {
    expect(stages).toHaveLength(1);
    expect(settingOf('*', '/*')).toMatchObject({ ThrottlingRateLimit: THROTTLE_DEFAULT.rateLimit, ThrottlingBurstLimit: THROTTLE_DEFAULT.burstLimit });
  });

  it('limits each write method tighter than the default, and leaves reads at the default', () => {
    expect(THROTTLE_WRITES.rateLimit).toBeLessThan(THROTTLE_DEFAULT.rateLimit);
    expect(THROTTLE_WRITES.burstLimit).toBeLessThan(THROTTLE_DEFAULT.burstLimit);
    const routes = [...new Set(ROUTE_ENTRIES.map((c) => c.route))];
    const writes = routes.filter((r) => !r.startsWith('GET '));
    expect(writes.length).toBeGreaterThan(10);
    for (const route of writes) {
      const [method, path] = route.split(' ') as [string, string];
      expect(settingOf(method, path), route).toMatchObject({ ThrottlingRateLimit: THROTTLE_WRITES.rateLimit, ThrottlingBurstLimit: THROTTLE_WRITES.burstLimit });
    }
    for (const route of routes.filter((r) => r.startsWith('GET '))) {
      const [method, path] = route.split(' ') as [string, string];
      expect(settingOf(method, path), route).toBeUndefined();
    }
  });
});
