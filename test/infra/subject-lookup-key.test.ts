// CDK assertions on the region's pseudonymisation key: a KMS HMAC key whose MACs only the functions
// that compute subject lookup keys or case pseudonyms may generate; the account administers it but
// cannot use it.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAssembly, resourcesOfType } from '@cter/twin';
import { ASSEMBLY_DIR } from '../support/assembly';

const stacks = readAssembly(ASSEMBLY_DIR);
/** The functions that compute subject lookup keys (BSN) or case pseudonyms, and only those. */
// The functions that open cases (RegisterSignal, ConvertAdviceRequest, ReceiveTransfer) write a pending
// marker and take no MAC: IndexSubject computes the lookup key from the stream, off every partner's request.
const USERS = ['IndexSubject', 'SubjectReport', 'GetAuditTrail', 'RunRetention', 'MigrateSubjectKeys'];

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Principal?: { AWS?: unknown }; Condition?: unknown };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe.each(stacks.map((s) => [s.stageName, s] as const))('region %s', (region, stack) => {
  const keys = resourcesOfType(stack, 'AWS::KMS::Key').filter(([, k]) => k.Properties?.KeySpec === 'HMAC_256');
  const functions = resourcesOfType(stack, 'AWS::Lambda::Function');
  const constructOf = (fn: (typeof functions)[number][1]) => /\/([A-Za-z]+)\/Function\/Resource$/.exec(String(fn.Metadata?.['aws:cdk:path']))?.[1] ?? '?';

  it('has one HMAC_256 key for MACs, kept on removal, with its alias', () => {
    expect(keys).toHaveLength(1);
    const [keyId, key] = keys[0]!;
    expect(key.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect((key as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    const aliases = resourcesOfType(stack, 'AWS::KMS::Alias').filter(([, a]) => JSON.stringify(a.Properties?.TargetKeyId).includes(keyId));
    expect(aliases.map(([, a]) => a.Properties?.AliasName)).toEqual([`alias/cter/${region}/subject-lookup`]);
  });

  it('lets only the functions that compute lookup keys or pseudonyms generate MACs (HMAC_SHA_256), and the account only administer the key', () => {
    const [keyId, key] = keys[0]!;
    const statements = (key.Properties!.KeyPolicy as { Statement: Statement[] }).Statement;
    const roleOfFunction = new Map(functions.map(([, fn]) => [(fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0], constructOf(fn)]));
    const users = new Set<string>();
    for (const statement of statements) {
      const actions = actionsOf(statement);
      if (statement.Sid === 'KeyAdministration') {
        // No kms:* and no use of the key: GenerateMac/VerifyMac stay out of the administrators' reach.
        expect(actions.some((a) => a === 'kms:*' || /Mac$/.test(a) || a === 'kms:Generate*')).toBe(false);
        continue;
      }
      expect(actions).toEqual(['kms:GenerateMac']);
      expect(statement.Condition).toEqual({ StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } });
      // Principals are function roles only (CDK merges them into one statement), never the account.
      const principals = ([] as unknown[]).concat(statement.Principal?.AWS);
      for (const principal of principals) {
        const role = JSON.stringify(principal).match(/^\{"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]\}$/)?.[1];
        expect(role && roleOfFunction.get(role), JSON.stringify(principal)).toBeTruthy();
        users.add(roleOfFunction.get(role!)!);
      }
    }
    expect([...users].sort()).toEqual([...USERS].sort());
    // Each of them knows the key, and no other function does.
    for (const [, fn] of functions) {
      const variables = (fn.Properties!.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      if (USERS.includes(constructOf(fn))) expect(variables.SUBJECT_LOOKUP_KEY_ID).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      else expect(variables).not.toHaveProperty('SUBJECT_LOOKUP_KEY_ID');
    }
    // No identity policy grants MACs either (the key policy names the roles).
    for (const [, policy] of resourcesOfType(stack, 'AWS::IAM::Policy')) {
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement) expect(actionsOf(statement).filter((a) => /Mac$/.test(a))).toEqual([]);
    }
  });
});
