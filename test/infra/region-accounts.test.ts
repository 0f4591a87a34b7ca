// Regions in one shared account or an account each: hand-overs between regions must work both
// ways. Synthesized in-test without bundling: only the hand-over part is asserted.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ALL_REGIONS, REGIONS, TARGET_CONTEXT, type RegionConfig } from '@cter/config';
import { RegionStack } from '../../infra/lib/region-stack';

const ACCOUNTS: Record<string, string> = { 'noord-holland-noord': '111111111111', 'zaanstreek-waterland': '222222222222', kennemerland: '333333333333' };

function synthesize(allRegions: readonly RegionConfig[]): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], [TARGET_CONTEXT]: 'twin' } });
  const region = allRegions.find((r) => r.id === 'kennemerland')!;
  const stack = new RegionStack(app, 'Accounts', { region, allRegions, env: { account: region.account ?? '333333333333', region: region.awsRegion } });
  return Template.fromStack(stack);
}

const handoverBusPolicies = (template: Template) => {
  const [busId] = Object.keys(template.findResources('AWS::Events::EventBus', { Properties: { Name: 'cter-kennemerland-handover' } }));
  return Object.values(template.findResources('AWS::Events::EventBusPolicy')).filter((p) => JSON.stringify(p.Properties.EventBusName).includes(busId!));
};
const putEventsResources = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => (p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>))
    .filter((s) => s.Action === 'events:PutEvents' && JSON.stringify(s.Resource).includes('-handover'))
    .map((s) => JSON.stringify(s.Resource));

describe('regions in one shared account', () => {
  const template = synthesize(ALL_REGIONS);

  it('needs no resource policy on the hand-over bus: IAM in the account suffices', () => {
    expect(handoverBusPolicies(template)).toEqual([]);
  });
});

describe('a region per account', () => {
  const template = synthesize(ALL_REGIONS.map((r) => ({ ...r, account: ACCOUNTS[r.id]! })));

  it("lets only the other regions' accounts put hand-overs (and only transfer events) on this region's bus", () => {
    const policies = handoverBusPolicies(template);
    expect(policies).toHaveLength(2);
    const policy = JSON.stringify(policies);
    expect(policy).toContain('111111111111');
    expect(policy).toContain('222222222222');
    expect(policy).not.toContain(':333333333333:root');
    expect(policy).toContain('"events:source":"urn:cter:transfer"');
  });

  it("sends hand-overs to the other regions' buses in their own accounts", () => {
    const resources = putEventsResources(template).join('\n');
    expect(resources).toContain(`:111111111111:event-bus/cter-noord-holland-noord-handover`);
    expect(resources).toContain(`:222222222222:event-bus/cter-zaanstreek-waterland-handover`);
    expect(resources).not.toContain('cter-kennemerland-handover');
    expect(REGIONS.kennemerland.id).toBe('kennemerland');
  });
});
