// CDK assertions on the synthesized templates: the same cloud assembly the twin runs and
// `cdk deploy` deploys (the global setup synthesizes it when the sources changed).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BUSINESS_METRICS, REGION_IDS, organisationsOf } from '@cter/config';
import { restApisOf } from '../../packages/twin/src/api-routes';
import { assetDirectory, readAssembly, resourcesOfType } from '@cter/twin';
import { ASSEMBLY_DIR } from '../support/assembly';
import { nagPacks } from '../../infra/lib/nag-packs';
import { IDEMPOTENT_WRITES } from '@cter/routes';

const stacks = readAssembly(ASSEMBLY_DIR);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** The role (logical id) of a function by its construct id. */
const roleOf = (stack: ReturnType<typeof readAssembly>[number], construct: string) =>
  resourcesOfType(stack, 'AWS::Lambda::Function')
    .filter(([, fn]) => String(fn.Metadata?.['aws:cdk:path']).endsWith(`/${construct}/Function/Resource`))
    .map(([, fn]) => (fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])[0];

describe('the cloud assembly', () => {
  it('has one stage per ZVH region', () => {
    expect(stacks.map((s) => s.stageName).sort()).toEqual([...REGION_IDS].sort());
    expect(stacks.map((s) => s.stackName).sort()).toEqual(REGION_IDS.map((r) => `cter-${r}`).sort());
  });
});

describe.each(stacks.map((s) => [s.stageName, s] as const))('region %s', (_, stack) => {
  const template = Template.fromJSON(stack.template);
  const resources = stack.template.Resources;

  it('encrypts with customer-managed keys that rotate: one for data and logs, one for ops notifications, one for the tables\' CloudTrail data events', () => {
    // The HMAC key of the subject lookup cannot rotate (test/infra/subject-lookup-key.test.ts).
    const keys = resourcesOfType(stack, 'AWS::KMS::Key').filter(([, key]) => key.Properties?.KeySpec !== 'HMAC_256');
    expect(keys.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['AuditTrailKey', 'DataDataKey', 'OperationsNotificationsKey']);
    for (const [, key] of keys) expect(key.Properties?.EnableKeyRotation).toBe(true);
  });

  it('keeps every table on demand, KMS-encrypted, with PITR, deletion protection and a TTL attribute', () => {
    const tables = resourcesOfType(stack, 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const [, table] of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    }
  });

  it('authorizes every API method with IAM and logs access', () => {
    const methods = resourcesOfType(stack, 'AWS::ApiGateway::Method');
    expect(methods.length).toBeGreaterThan(0);
    for (const [, method] of methods) expect(method.Properties?.AuthorizationType).toBe('AWS_IAM');
    template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() } });
  });

  it('builds every function arm64, nodejs22.x, traced, logging into its service\'s encrypted log group, and stays under CloudFormation\'s 500 resources', () => {
    expect(Object.keys(resources).length).toBeLessThanOrEqual(500);
    const functions = resourcesOfType(stack, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs22.x', TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogGroup: { Ref: expect.any(String) } } });
      const logGroupId = (fn.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources[logGroupId]!.Properties).toMatchObject({ KmsKeyId: expect.anything(), RetentionInDays: expect.any(Number) });
      // One group per service (its functions share it), named by the service in the construct path.
      expect(String(resources[logGroupId]!.Metadata?.['aws:cdk:path'])).toMatch(/\/Logs\/(Cases|Covenant|Measures|Workflow|Advice)\//);
    }
  });

  it('grants function roles no wildcard actions, and the audit table only PutItem (GetItem and Query to the privacy officer\'s functions, Query and DeleteItem of CASE# records to retention): nobody may update audit records', () => {
    const auditTable = resourcesOfType(stack, 'AWS::DynamoDB::Table').find(([id]) => id.includes('Audit'))![0];
    const functionRoles = new Set(resourcesOfType(stack, 'AWS::Lambda::Function').map(([, fn]) => (fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]));
    const auditReaders = new Set(
      resourcesOfType(stack, 'AWS::Lambda::Function')
        .filter(([, fn]) => /\/Covenant\/(GetAuditTrail|SubjectReport)\//.test(String(fn.Metadata?.['aws:cdk:path'])))
        .map(([, fn]) => (fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]),
    );
    expect(auditReaders.size).toBe(2);
    const retentionRole = roleOf(stack, 'RunRetention');
    for (const [, policy] of resourcesOfType(stack, 'AWS::IAM::Policy')) {
      const roles = (policy.Properties!.Roles as Array<{ Ref: string }>).map((r) => r.Ref);
      if (!roles.some((r) => functionRoles.has(r))) continue;
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement) {
        for (const action of actionsOf(statement)) expect(action, JSON.stringify(statement)).not.toMatch(/(^\*$|:\*$)/);
        if (JSON.stringify(statement.Resource).includes(auditTable) && roles.every((r) => r === retentionRole)) {
          // Retention pseudonymises a destroyed case's audit: it queries it and deletes the originals (CASE#...) only.
          const conditioned = JSON.stringify((statement as { Condition?: unknown }).Condition ?? {}) === JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } });
          for (const action of actionsOf(statement)) expect(['dynamodb:PutItem', 'dynamodb:Query', ...(conditioned ? ['dynamodb:DeleteItem'] : []), 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']).toContain(action);
        } else if (JSON.stringify(statement.Resource).includes(auditTable)) {
          const dynamoActions = actionsOf(statement).filter((a) => a.startsWith('dynamodb:'));
          expect(dynamoActions.every((a) => ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'].includes(a)), JSON.stringify(statement)).toBe(true);
          // Reading is the exception: only the functions the privacy officer calls may.
          if (dynamoActions.some((a) => a !== 'dynamodb:PutItem')) {
            const roleIds = (policy.Properties!.Roles as Array<{ Ref: string }>).map((r) => r.Ref);
            expect(roleIds.every((r) => auditReaders.has(r)), JSON.stringify(roleIds)).toBe(true);
          }
        }
      }
    }
  });

  it('lets no role of the stack (function, scheduler or partner) update or delete audit records, but retention the originals it pseudonymised', () => {
    const auditTable = resourcesOfType(stack, 'AWS::DynamoDB::Table').find(([id]) => id.includes('Audit'))![0];
    const retentionDelete = (statement: Statement) => actionsOf(statement).join() === 'dynamodb:DeleteItem' && JSON.stringify((statement as { Condition?: unknown }).Condition) === JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } });
    const destructive = /^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|PartiQLUpdate|PartiQLDelete|DeleteTable|UpdateTable|UpdateTimeToLive|RestoreTable\w*|ImportTable|\*)$|^dynamodb:\*$|^\*$/;
    for (const [id, policy] of [...resourcesOfType(stack, 'AWS::IAM::Policy'), ...resourcesOfType(stack, 'AWS::IAM::ManagedPolicy')]) {
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement) {
        if (statement.Effect !== 'Allow') continue;
        if (retentionDelete(statement) && ((policy.Properties!.Roles as Array<{ Ref: string }> | undefined) ?? []).every((r) => r.Ref === roleOf(stack, 'RunRetention'))) continue;
        const resource = JSON.stringify(statement.Resource);
        if (!resource.includes(auditTable) && !resource.includes('"*"') && resource !== '"*"') continue;
        for (const action of actionsOf(statement)) {
          if (action.startsWith('dynamodb:') || action === '*') expect(action, `${id}: ${JSON.stringify(statement)}`).not.toMatch(destructive);
        }
      }
    }
  });

  it('has one role per partner organisation, each under the one region boundary, with no data-plane action', () => {
    const boundaries = resourcesOfType(stack, 'AWS::IAM::ManagedPolicy');
    expect(boundaries).toHaveLength(1);
    const boundaryId = boundaries[0]![0];
    const partnerRoles = resourcesOfType(stack, 'AWS::IAM::Role').filter(([, r]) => (r.Properties?.Tags as Array<{ Key: string }> | undefined)?.some((t) => t.Key === 'cter:organisation'));
    expect(partnerRoles.map(([, r]) => r.Properties!.RoleName).sort()).toEqual(organisationsOf(stack.stageName).map((o) => `cter-${stack.stageName}-${o.id}`).sort());
    const partnerRoleIds = new Set(partnerRoles.map(([id]) => id));
    for (const [, role] of partnerRoles) expect(role.Properties!.PermissionsBoundary).toEqual({ Ref: boundaryId });
    // The routes policy is inline in each role (one resource less per organisation).
    const inline = partnerRoles.flatMap(([, role]) => (role.Properties!.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }> | undefined) ?? []);
    expect(inline.length).toBeGreaterThan(0);
    for (const policy of inline) for (const statement of policy.PolicyDocument.Statement) expect(actionsOf(statement)).toEqual(['execute-api:Invoke']);
    for (const [, policy] of resourcesOfType(stack, 'AWS::IAM::Policy')) {
      const roles = (policy.Properties!.Roles as Array<{ Ref: string }>).map((r) => r.Ref);
      if (!roles.some((r) => partnerRoleIds.has(r))) continue;
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement) {
        expect(actionsOf(statement)).toEqual(['execute-api:Invoke']);
      }
    }
    const boundary = boundaries[0]![1].Properties!.PolicyDocument as { Statement: Statement[] };
    expect(boundary.Statement.flatMap(actionsOf)).toEqual(['execute-api:Invoke']);
  });

  it('backs up both tables daily into a vault under the data key, for 35 days (the PITR window)', () => {
    const [vaultId] = resourcesOfType(stack, 'AWS::Backup::BackupVault').map(([id, v]) => {
      expect(v.Properties?.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataDataKey/), 'Arn'] });
      return id;
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ TargetBackupVault: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] }, Lifecycle: { DeleteAfterDays: 35 } })] },
    });
    const selection = resourcesOfType(stack, 'AWS::Backup::BackupSelection')[0]![1];
    const selected = JSON.stringify(selection.Properties);
    for (const [tableId] of resourcesOfType(stack, 'AWS::DynamoDB::Table')) expect(selected).toContain(tableId);
  });

  it('logs the firewall to an encrypted group, without credentials or query strings', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `aws-waf-logs-cter-${stack.stageName}-api`, KmsKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'x-amz-security-token' } }, { QueryString: {} }]),
    });
  });

  it("gives every function the region's Powertools layer, and keeps Powertools out of the function bundles", () => {
    const layers = resourcesOfType(stack, 'AWS::Lambda::LayerVersion');
    expect(layers).toHaveLength(1);
    const [layerId] = layers[0]!;
    for (const [id, fn] of resourcesOfType(stack, 'AWS::Lambda::Function')) {
      expect(fn.Properties?.Layers, id).toEqual([{ Ref: layerId }]);
      const bundle = readFileSync(path.join(assetDirectory(stack, id), 'index.mjs'), 'utf8');
      expect(bundle, id).not.toContain('aws-xray-sdk');
      // Imported from the layer, never bundled: the logger and metrics from its one module, the tracer by a dynamic import (cter:sdkTracing).
      // By their path in Lambda (/var/task/index.mjs to /opt/nodejs/node_modules): no package resolution at cold start.
      expect(bundle, id).toMatch(/from"\.\.\/\.\.\/opt\/nodejs\/node_modules\/@cter\/powertools\/index\.mjs"/);
      expect(bundle, id).not.toContain('@aws-lambda-powertools/logger');
      expect(bundle, id).not.toContain('@aws-lambda-powertools/metrics');
      expect(bundle, id).toContain('import("../../opt/nodejs/node_modules/@aws-lambda-powertools/tracer/index.mjs")');
      // Every import is a builtin through process.getBuiltinModule (below) or a path: none is a package to resolve.
      expect(bundle.match(/(?:from|import\()\s*"[@a-z][\w@/.:-]*"/g) ?? [], id).toEqual([]);
      expect(bundle, id).not.toContain('POWERTOOLS_LOG_LEVEL');
    }
  });

  it('loads Powertools Metrics only in the functions that count a business metric, and only to publish a count', () => {
    // Metrics is a third of the layer's Powertools code; a function that counts nothing does not load
    // it, and one that counts loads it when it first publishes (a dynamic import), not at module load.
    const counting: string[] = [];
    for (const [id] of resourcesOfType(stack, 'AWS::Lambda::Function')) {
      const bundle = readFileSync(path.join(assetDirectory(stack, id), 'index.mjs'), 'utf8');
      const counts = Object.values(BUSINESS_METRICS).some((name) => bundle.includes(`"${name}"`));
      expect(bundle, id).not.toContain('from"../../opt/nodejs/node_modules/@cter/powertools/metrics.mjs"');
      const loadsMetrics = bundle.includes('import("../../opt/nodejs/node_modules/@cter/powertools/metrics.mjs")');
      expect(loadsMetrics, id).toBe(counts);
      if (counts) counting.push(id.replace(/Function[0-9A-F]{8}$/, ''));
    }
    expect(counting.sort()).toEqual(['ConvertAdviceRequest', 'CovenantRecordDisclosure', 'ExpireTasks', 'PostDecision', 'RegisterSignal']);
  });

  it("imports Node's built-in modules in every bundle and the layer through process.getBuiltinModule, never as ES modules", () => {
    // An ES module import of a builtin makes Node read every export to build the module's facade,
    // running lazy getters: node:http's loads undici (about 20 ms of each cold start on Node.js 22).
    const [layerId] = resourcesOfType(stack, 'AWS::Lambda::LayerVersion')[0]!;
    const layerModule = path.join(assetDirectory(stack, layerId), 'nodejs', 'node_modules', '@cter', 'powertools', 'index.mjs');
    const files = [...resourcesOfType(stack, 'AWS::Lambda::Function').map(([id]) => [id, path.join(assetDirectory(stack, id), 'index.mjs')]), ['layer', layerModule]];
    const esmBuiltin = new RegExp(`(?:from|import)\\s*\\(?\\s*["'](?:node:[\\w/]+|${builtinModules.filter((m) => !m.startsWith('_')).join('|')})["']`, 'g');
    for (const [id, file] of files) {
      const bundle = readFileSync(file!, 'utf8');
      expect(bundle.match(esmBuiltin) ?? [], id).toEqual([]);
      expect(bundle, id).toContain("process.getBuiltinModule('node:module')");
    }
  });

  it("has a Powertools layer that loads on its own from Lambda's layout (code in /var/task, the layer's nodejs/node_modules in /opt, nothing else)", () => {
    const [layerId] = resourcesOfType(stack, 'AWS::Lambda::LayerVersion')[0]!;
    const sandbox = mkdtempSync(path.join(tmpdir(), 'cter-layer-'));
    try {
      mkdirSync(path.join(sandbox, 'var', 'task'), { recursive: true });
      mkdirSync(path.join(sandbox, 'opt', 'nodejs'), { recursive: true });
      symlinkSync(path.join(assetDirectory(stack, layerId), 'nodejs', 'node_modules'), path.join(sandbox, 'opt', 'nodejs', 'node_modules'), 'dir');
      writeFileSync(
        path.join(sandbox, 'var', 'task', 'probe.mjs'),
        [
          "import { Tracer } from '../../opt/nodejs/node_modules/@aws-lambda-powertools/tracer/index.mjs';",
          "import { captureLambdaHandler } from '../../opt/nodejs/node_modules/@aws-lambda-powertools/tracer/middleware.mjs';",
          "import { Logger, injectLambdaContext } from '../../opt/nodejs/node_modules/@cter/powertools/index.mjs';",
          "import { Metrics } from '../../opt/nodejs/node_modules/@cter/powertools/metrics.mjs';",
          'const tracer = new Tracer({ enabled: false });',
          "const logger = new Logger({ serviceName: 'probe' });",
          "const metrics = new Metrics({ namespace: 'probe', serviceName: 'probe' });",
          'console.log(JSON.stringify({ tracer: typeof tracer.captureAWSv3Client, middleware: typeof captureLambdaHandler(tracer).before, logger: typeof injectLambdaContext(logger).before, metrics: typeof metrics.publishStoredMetrics }));',
        ].join('\n'),
      );
      const run = spawnSync(process.execPath, [path.join(sandbox, 'var', 'task', 'probe.mjs')], { cwd: sandbox, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ tracer: 'function', middleware: 'function', logger: 'function', metrics: 'function' });
    } finally {
      rmSync(sandbox, { recursive: true, force: true });
    }
  });

  it('lets the task list (GET /tasks) query the open-task index only, never the table, and the open-task index hold task fields only', () => {
    const role = roleOf(stack, 'ListOpenTasks');
    const casesTable = resourcesOfType(stack, 'AWS::DynamoDB::Table').find(([id]) => id.includes('Cases'))!;
    const statements = resourcesOfType(stack, 'AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties!.Roles as Array<{ Ref: string }>).some((r) => r.Ref === role))
      .flatMap(([, policy]) => (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
    const queries = statements.filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(queries).toHaveLength(1);
    expect(actionsOf(queries[0]!)).toEqual(['dynamodb:Query']);
    expect(JSON.stringify(queries[0]!.Resource)).toMatch(/\/index\/open-tasks-by-due"/);
    const dynamoActions = statements.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
    expect([...new Set(dynamoActions)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    const index = (casesTable[1].Properties!.GlobalSecondaryIndexes as Array<{ IndexName: string; Projection: { ProjectionType: string; NonKeyAttributes: string[] } }>).find((i) => i.IndexName === 'open-tasks-by-due')!;
    expect(index.Projection.ProjectionType).toBe('INCLUDE');
    expect(index.Projection.NonKeyAttributes.filter((a) => /subject|signal|token|executionArn/.test(a))).toEqual([]);
  });

  it('lets the process evaluation (GET /reports/process) query the case summaries index, and case partitions and advice facts for named non-personal attributes only; no scan, no write but its audit', () => {
    const role = roleOf(stack, 'ProcessReport');
    const statements = resourcesOfType(stack, 'AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties!.Roles as Array<{ Ref: string }>).some((r) => r.Ref === role))
      .flatMap(([, policy]) => (policy.Properties!.PolicyDocument as { Statement: Array<Statement & { Condition?: unknown }> }).Statement);
    const queries = statements.filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(queries).toHaveLength(2);
    const onIndex = queries.find((q) => JSON.stringify(q.Resource).includes('/index/'))!;
    expect(JSON.stringify(onIndex.Resource)).toMatch(/\/index\/cases-by-created"/);
    const onTable = queries.find((q) => q !== onIndex)!;
    expect(actionsOf(onTable)).toEqual(['dynamodb:Query']);
    expect(onTable.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*', 'ADVICE-FACTS#*'] },
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'type', 'at', 'fromState', 'toState', 'kind', 'status', 'createdAt', 'dueAt', 'expiredBecause'] },
      StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
    });
    const dynamoActions = statements.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
    expect([...new Set(dynamoActions)].sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    // The one write is the audit record: PutItem on the audit table only.
    const puts = statements.filter((s) => actionsOf(s).includes('dynamodb:PutItem'));
    expect(puts.map((s) => JSON.stringify(s.Resource))).toEqual([expect.stringMatching(/AuditTable/)]);
  });

  it('lets exactly the write routes of IDEMPOTENT_WRITES, POST /signals and the receiving side of a transfer keep idempotency keys, and only under IDEMPOTENCY# partition keys', () => {
    const routeOf = new Map(restApisOf(stack).flatMap((api) => api.routes.map((r) => [r.functionLogicalId, `${r.method} ${r.resourcePath}`] as const)));
    const roleOf = (fnId: string) => (resources[fnId]!.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const keyed = new Set<string>();
    for (const [, policy] of resourcesOfType(stack, 'AWS::IAM::Policy')) {
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Array<Statement & { Condition?: unknown }> }).Statement) {
        if (!JSON.stringify(statement.Condition ?? {}).includes('IDEMPOTENCY#')) continue;
        expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] } });
        expect(actionsOf(statement).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
        for (const role of policy.Properties!.Roles as Array<{ Ref: string }>) keyed.add(role.Ref);
      }
    }
    const expected = [...routeOf].filter(([, route]) => IDEMPOTENT_WRITES.has(route) || route === 'POST /signals').map(([fnId]) => roleOf(fnId));
    expect(expected).toHaveLength(IDEMPOTENT_WRITES.size + 1);
    // Not a route: the receiving region registers an offered case once per answer token, with the same mechanism.
    const receiveTransfer = Object.keys(resources).filter((id) => id.startsWith('ReceiveTransferFunction') && resources[id]!.Type === 'AWS::Lambda::Function');
    expect(receiveTransfer).toHaveLength(1);
    expect([...keyed].sort()).toEqual([...expected, roleOf(receiveTransfer[0]!)].sort());
  });

  it('gives every event target a dead-letter queue and every asynchronously invoked function an on-failure queue', () => {
    const ruleTargets = resourcesOfType(stack, 'AWS::Events::Rule').flatMap(([, rule]) => (rule.Properties?.Targets as Array<Record<string, unknown>>) ?? []);
    expect(ruleTargets.length).toBeGreaterThan(0);
    for (const target of ruleTargets) expect(target.DeadLetterConfig, JSON.stringify(target)).toEqual({ Arn: expect.anything() });
    // The ops topic is the one target that is not a function (the data key's change notices).
    const topics = new Set(resourcesOfType(stack, 'AWS::SNS::Topic').map(([id]) => JSON.stringify({ Ref: id })));
    const targetedFunctions = new Set(ruleTargets.map((t) => JSON.stringify(t.Arn)).filter((arn) => !topics.has(arn)));
    for (const [, schedule] of resourcesOfType(stack, 'AWS::Scheduler::Schedule')) targetedFunctions.add(JSON.stringify((schedule.Properties!.Target as { Arn: unknown }).Arn));
    const functions = resourcesOfType(stack, 'AWS::Lambda::Function');
    const asynchronous = functions.filter(([id]) => targetedFunctions.has(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] })));
    expect(asynchronous.length).toBe(targetedFunctions.size);
    // An on-failure destination (its record names the function and keeps the request, for the redrive), one SQS queue each.
    const queues = new Set(resourcesOfType(stack, 'AWS::SQS::Queue').map(([id]) => id));
    const invokeConfigs = resourcesOfType(stack, 'AWS::Lambda::EventInvokeConfig');
    for (const [id] of asynchronous) {
      const config = invokeConfigs.find(([, c]) => JSON.stringify(c.Properties?.FunctionName) === JSON.stringify({ Ref: id }));
      const destination = (config?.[1].Properties?.DestinationConfig as { OnFailure?: { Destination?: { 'Fn::GetAtt'?: [string, string] } } } | undefined)?.OnFailure?.Destination;
      expect(queues.has(destination?.['Fn::GetAtt']?.[0] ?? ''), `${id}: ${JSON.stringify(config?.[1].Properties)}`).toBe(true);
    }
  });

  describe('operations', () => {
    const topics = resourcesOfType(stack, 'AWS::SNS::Topic');
    const alarms = resourcesOfType(stack, 'AWS::CloudWatch::Alarm');
    const alarm = (name: string) => alarms.find(([id]) => id.startsWith(`Operations${name}`))?.[1];

    it('has an ops topic encrypted with its own key, its e-mail subscriptions with a dead-letter queue', () => {
      expect(topics).toHaveLength(1);
      const [topicId, topic] = topics[0]!;
      expect(topic.Properties).toMatchObject({ TopicName: `cter-${stack.stageName}-ops`, KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OperationsNotificationsKey/), 'Arn'] } });
      const subscriptions = resourcesOfType(stack, 'AWS::SNS::Subscription');
      expect(subscriptions.length).toBeGreaterThan(0);
      for (const [, subscription] of subscriptions) {
        expect(subscription.Properties).toMatchObject({ Protocol: 'email', TopicArn: { Ref: topicId }, RedrivePolicy: { deadLetterTargetArn: expect.anything() } });
      }
    });

    it.each(['ServerErrors', 'Throttles', 'WorkflowFailures', 'OverdueDecisions', 'DeadLetters'])('alarms on %s to the ops topic', (name) => {
      const found = alarm(name);
      expect(found, `alarm ${name}`).toBeDefined();
      expect(found!.Properties?.AlarmActions).toEqual([{ Ref: topics[0]![0] }]);
      expect(found!.Properties?.TreatMissingData).toBe('notBreaching');
    });

    it('counts 5xx of its own API, overdue decisions in the business namespace, and failures of every state machine', () => {
      expect(alarm('ServerErrors')!.Properties).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError' });
      // A metric with a label is rendered in the `Metrics` form: look at the metric stat inside.
      const overdue = JSON.stringify(alarm('OverdueDecisions')!.Properties);
      expect(overdue).toContain('"Namespace":"CTER"');
      expect(overdue).toContain('"MetricName":"TasksOverdue"');
      expect(overdue).toContain(`{"Name":"region","Value":"${stack.stageName}"}`);
      expect(overdue).toContain('{"Name":"service","Value":"cter-platform"}');
      const failures = JSON.stringify(alarm('WorkflowFailures')!.Properties?.Metrics);
      for (const [machineId] of resourcesOfType(stack, 'AWS::StepFunctions::StateMachine')) expect(failures).toContain(machineId);
      for (const name of ['Throttles', 'WorkflowFailures', 'DeadLetters']) {
        const metrics = alarm(name)!.Properties!.Metrics as unknown[];
        expect(metrics.length, `${name}: CloudWatch alarms allow at most 10 metrics`).toBeLessThanOrEqual(11);
      }
    });

    it('has a dashboard named after the region', () => {
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `cter-${stack.stageName}` });
    });
  });
});

describe('cdk-nag', () => {
  it('found nothing unacknowledged in AwsSolutions, NIST 800-53 R5 or Serverless on the last synth', () => {
    // The packs infra/bin/app.ts adds as validation plugins to every synth.
    expect(nagPacks(new App()).map((pack) => pack.readPackName)).toEqual(['AwsSolutions', 'NIST.800.53.R5', 'Serverless']);
    const report = JSON.parse(readFileSync(path.join(ASSEMBLY_DIR, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
  });
});
