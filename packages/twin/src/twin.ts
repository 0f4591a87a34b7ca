// The local twin: runs the synthesized cloud assembly of every region on this machine. DynamoDB
// Local holds the tables the templates define, each function runs from its bundled asset with the
// environment its template gives, and a gateway per region serves the API with SigV4 and IAM.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readAssembly, resourcesOfType, type StackArtifact } from './assembly';
import { codeDirWithLayers } from './layers';
import { restApisOf } from './api-routes';
import { CfnResolver, LOCAL_ACCOUNT } from './cfn-resolver';
import { loadOrIssueCredentials, type IssuedCredential } from './credentials';
import { OPS_PROFILE, OPS_ROLE_ARN, TwinIdentities } from './identity';
import { StsServer } from './sts';
import { LOCAL_CREDENTIALS, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { FunctionHost, type FunctionHostOptions } from './function-host';
import { Gateway, type FunctionInvoker, type GatewayOptions } from './gateway';
import { IamAuthorizer, rolePoliciesOf, type RolePolicies } from './iam-authorizer';
import { EndpointGuard } from './endpoint-auth';
import { freePort } from './ports';
import { ensureTables } from './tables';
import { StepFunctionsTwin, TwinClock, type StateMachineSpec } from './stepfunctions';
import { FaultInjector } from './faults';
import { StreamPoller, streamMappingsOf } from './event-source-mappings';
import { EventBridgeTwin, eventBridgeOf } from './eventbridge';
import { hmacKeysOf, KmsTwin } from './kms';
import { generateOpenApi } from '@cter/api-spec';
import { queuesOf, SqsTwin } from './sqs';
import { LambdaApi } from './lambda-api';

export interface TwinOptions {
  /** The cloud assembly to run (`.twin/cdk.out`, see twinAssemblyDir). */
  assemblyDir: string;
  /** Where the twin writes endpoints.json, credentials and (when persisting) DynamoDB data. */
  stateDir: string;
  /** Keep DynamoDB data under stateDir/data across restarts; otherwise in memory. */
  persist: boolean;
  /** First port (DynamoDB Local), the regions' APIs follow; 0 picks free ports. */
  portBase: number;
  /** Keep function output off the console (tests). */
  quiet?: boolean;
  /** Receives every output line of every function instead of the console (e.g. tests that read the logs). */
  onLog?: FunctionHostOptions['onLog'];
  onRequest?: GatewayOptions['onRequest'];
  /**
   * Most execution environments per function (default 4, or CTER_TWIN_MAX_ENVIRONMENTS): invocations
   * beyond it wait for one to be free, where Lambda would start another. Each environment here is an
   * isolate on the machine's own cores that pays a cold start and compiles the SDK and the handler
   * for itself; more of them than a burst needs made the twin spend its CPU on that (docs/performance.md).
   */
  maxEnvironmentsPerFunction?: number;
  /** Merged over the environment the twin gives every function (e.g. the bench's counting proxies as AWS_ENDPOINT_URL_*). */
  functionEnvironment?: Record<string, string>;
}

export interface TwinEndpoints {
  regions: Record<string, { api: string; awsRegion: string }>;
  dynamodb: string;
  /** STS (AssumeRole with a role session name, GetCallerIdentity), signed with a profile's keys for service `sts`. */
  sts: string;
  stepfunctions: string;
  /** EventBridge: PutEvents, plus local subscriptions (server-sent events, webhooks) under /_twin/events. */
  eventbridge: string;
  /** The process monitoring page: executions of every region, without personal data. */
  monitor: string;
  /** KMS GenerateMac/VerifyMac for the templates' HMAC keys (SigV4 with the functions' credentials). */
  kms: string;
  /** SQS: the templates' queues (dead letters, on-failure destinations), for the twin-ops profile. */
  sqs: string;
  /** Lambda Invoke, for the twin-ops profile (the runbook's redrive). */
  lambda: string;
}

export interface RegionRuntime {
  regionId: string;
  awsRegion: string;
  stack: StackArtifact;
  gateway: Gateway;
  functions: Map<string, FunctionHost>;
  /** Local names of the region's tables by logical id. */
  tables: Record<string, string>;
}

export interface Twin {
  endpoints: TwinEndpoints;
  credentials: IssuedCredential[];
  /** Every key the twin honours: the profiles, the functions' keys, STS sessions. */
  identities: TwinIdentities;
  regions: Map<string, RegionRuntime>;
  dynamodb: DynamoDbLocal;
  stepFunctions: StepFunctionsTwin;
  eventBridge: EventBridgeTwin;
  /** The twin's virtual clock: functions and state machines see it; tests move it forward. */
  clock: TwinClock;
  /** Faults injected on purpose (tests): a function fails as the Lambda service would. */
  faults: FaultInjector;
  /** The queues of every region: what failed for good lands here. */
  sqs: SqsTwin;
  /** Resolves when the streams delivered every change written so far. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_ENVIRONMENTS_PER_FUNCTION = 4;

function environmentLimit(option: number | undefined): number {
  const raw = option ?? process.env.CTER_TWIN_MAX_ENVIRONMENTS;
  if (raw === undefined || raw === '') return DEFAULT_ENVIRONMENTS_PER_FUNCTION;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`the most execution environments per function must be a whole number from 1 (CTER_TWIN_MAX_ENVIRONMENTS), not ${JSON.stringify(raw)}`);
  return limit;
}

export async function startTwin(options: TwinOptions): Promise<Twin> {
  const stacks = readAssembly(options.assemblyDir);
  if (stacks.length === 0) throw new Error(`the cloud assembly at ${options.assemblyDir} has no stacks`);
  mkdirSync(options.stateDir, { recursive: true });
  const port = async (offset: number) => (options.portBase === 0 ? freePort() : options.portBase + offset);

  const dynamodb = await startDynamoDbLocal({ port: await port(0), ...(options.persist ? { dataDir: path.join(options.stateDir, 'data') } : {}) });
  const cleanups: Array<() => Promise<void>> = [() => dynamodb.stop()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };

  try {
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS });
    const clock = new TwinClock();
    const maxEnvironments = environmentLimit(options.maxEnvironmentsPerFunction);
    const faults = new FaultInjector();
    const stepFunctionsPort = await port(1 + stacks.length);
    const stepFunctionsEndpoint = `http://127.0.0.1:${stepFunctionsPort}`;
    const eventBridgePort = await port(2 + stacks.length);
    const eventBridgeEndpoint = `http://127.0.0.1:${eventBridgePort}`;
    const kmsPort = await port(3 + stacks.length);
    const kmsEndpoint = `http://127.0.0.1:${kmsPort}`;
    const functionsByArn = new Map<string, FunctionHost>();
    // AWS::Lambda::EventInvokeConfig: where a function's failed asynchronous invocations go.
    const onFailureOf = new Map<string, string>();
    const deadLetter = (queueArn: string, body: string, attributes?: Record<string, string>) => sqs.send(queueArn, body, attributes);
    const stateMachines: StateMachineSpec[] = [];
    const pollers: StreamPoller[] = [];
    const wantedCredentials: Array<{ profile: string; roleArn: string; region: string }> = [];
    // Every role's longest session (MaxSessionDuration, AWS's default 1 hour) for STS AssumeRole.
    const maxSessionSeconds = new Map<string, number>();
    // Filled once every region's roles are known; every endpoint looks keys up in it.
    const identities = new TwinIdentities(() => clock.nowMs(), (roleArn) => maxSessionSeconds.get(roleArn) ?? 3600);
    const functionKeys = (name: string, roleArn: string) => {
      const keys = identities.issueFunctionKeys(name, roleArn);
      return { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_SESSION_TOKEN: keys.sessionToken };
    };
    // Every role of every region, for the Step Functions and EventBridge endpoints' IAM decisions.
    const allRoles = new Map<string, RolePolicies>();
    const regions = new Map<string, RegionRuntime>();

    for (const [index, stack] of stacks.entries()) {
      const resolver = new CfnResolver(stack);

      // Data: the tables exactly as the template defines them.
      const tableSpecs = resourcesOfType(stack, 'AWS::DynamoDB::Table').map(([id, r]) => ({ logicalId: id, localName: resolver.physicalId(id), properties: r.Properties ?? {} }));
      await ensureTables(client, tableSpecs);

      // Functions: each bundled asset with its template's environment, endpoints from SDK settings.
      const functions = new Map<string, FunctionHost>();
      for (const [id, fn] of resourcesOfType(stack, 'AWS::Lambda::Function')) {
        const props = fn.Properties ?? {};
        const variables = (resolver.resolve((props.Environment as { Variables?: unknown } | undefined)?.Variables ?? {}) ?? {}) as Record<string, unknown>;
        const logFormat = (props.LoggingConfig as { LogFormat?: string } | undefined)?.LogFormat;
        const environment: Record<string, string> = {
          ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
          AWS_REGION: stack.awsRegion,
          AWS_DEFAULT_REGION: stack.awsRegion,
          // The function's own keys for its execution role: the Step Functions and EventBridge endpoints check them and its policies.
          ...functionKeys(resolver.physicalId(id), props.Role ? String(resolver.resolve(props.Role)) : `arn:aws:iam::${LOCAL_ACCOUNT}:role/${resolver.physicalId(id)}`),
          AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
          AWS_ENDPOINT_URL_SFN: stepFunctionsEndpoint,
          AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridgeEndpoint,
          AWS_ENDPOINT_URL_KMS: kmsEndpoint,
          AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
          // No X-Ray daemon here: the Powertools tracer stays off (it would trace unsampled segments for nothing).
          POWERTOOLS_TRACE_ENABLED: 'false',
          // The twin runs on the machine's Node.js; Lambda runs nodejs22.x, where this warning never fires.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...(logFormat ? { AWS_LAMBDA_LOG_FORMAT: logFormat } : {}),
          ...options.functionEnvironment,
        };
        functions.set(
          id,
          new FunctionHost({
            name: resolver.physicalId(id),
            codeDir: codeDirWithLayers(stack, id),
            handler: String(props.Handler ?? 'index.handler'),
            environment,
            timeoutSeconds: Number(props.Timeout ?? 3),
            memoryMb: Number(props.MemorySize ?? 128),
          },
          // Unset: the function host follows CTER_TWIN_QUIET.
          { ...(options.quiet !== undefined ? { quiet: options.quiet } : {}), clock, maxEnvironments, ...(options.onLog ? { onLog: options.onLog } : {}) },
          ),
        );
        functionsByArn.set(resolver.attribute(id, 'Arn'), functions.get(id)!);
      }
      for (const [, config] of resourcesOfType(stack, 'AWS::Lambda::EventInvokeConfig')) {
        const props = config.Properties ?? {};
        const destination = (resolver.resolve(props.DestinationConfig) as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure?.Destination;
        const fnId = (props.FunctionName as { Ref?: string } | undefined)?.Ref;
        if (destination && fnId) onFailureOf.set(resolver.attribute(fnId, 'Arn'), destination);
      }
      // Aliases of a machine's published version (Alias -> Version -> StateMachine, by Ref).
      const aliasesOf = new Map<string, string[]>();
      const refOf = (value: unknown) => {
        const ref = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
        return ref?.Ref ?? ref?.['Fn::GetAtt']?.[0];
      };
      for (const [, alias] of resourcesOfType(stack, 'AWS::StepFunctions::StateMachineAlias')) {
        const props = alias.Properties ?? {};
        const routes = (props.RoutingConfiguration as Array<{ StateMachineVersionArn?: unknown }> | undefined) ?? [];
        const versionId = refOf(routes[0]?.StateMachineVersionArn ?? (props.DeploymentPreference as { StateMachineVersionArn?: unknown } | undefined)?.StateMachineVersionArn);
        const machineId = refOf(versionId ? stack.template.Resources[versionId]?.Properties?.StateMachineArn : undefined);
        if (machineId) aliasesOf.set(machineId, [...(aliasesOf.get(machineId) ?? []), String(props.Name)]);
      }
      for (const [id, machine] of resourcesOfType(stack, 'AWS::StepFunctions::StateMachine')) {
        const props = machine.Properties ?? {};
        stateMachines.push({
          ...(aliasesOf.has(id) ? { aliases: aliasesOf.get(id)! } : {}),
          arn: resolver.attribute(id, 'Arn'),
          name: String(props.StateMachineName ?? `${stack.stackName}-${id}`),
          regionId: stack.stageName,
          definition: JSON.parse(String(resolver.resolve(props.DefinitionString))) as Record<string, unknown>,
          ...(props.RoleArn ? { roleArn: String(resolver.resolve(props.RoleArn)) } : {}),
        });
      }
      cleanups.push(async () => {
        await Promise.all([...functions.values()].map((f) => f.stop()));
      });

      // Access: every partner role's credentials, and its policies for the gateway to evaluate.
      for (const [id, role] of resourcesOfType(stack, 'AWS::IAM::Role')) {
        const tags = (role.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined) ?? [];
        const organisation = tags.find((t) => t.Key === 'cter:organisation')?.Value;
        maxSessionSeconds.set(resolver.attribute(id, 'Arn'), Number(role.Properties?.MaxSessionDuration ?? 3600));
        if (organisation) wantedCredentials.push({ profile: `${stack.stageName}.${organisation}`, roleArn: resolver.attribute(id, 'Arn'), region: stack.awsRegion });
      }
      const roles = rolePoliciesOf(stack);
      for (const [arn, role] of roles) allRoles.set(arn, role);
      const authorizer = new IamAuthorizer(roles);

      const apis = restApisOf(stack);
      if (apis.length !== 1) throw new Error(`${stack.stackName}: the twin expects one REST API per stack, found ${apis.length}`);
      const invoker: FunctionInvoker = {
        invoke: async (logicalId, event) => {
          const host = functions.get(logicalId);
          if (!host) return { ok: false, errorType: 'ResourceNotFoundException', errorMessage: `no function ${logicalId}` };
          return faults.fault(host.definition.name) ?? host.invoke(event);
        },
      };
      const gateway: Gateway = new Gateway({
        regionId: stack.stageName,
        awsRegion: stack.awsRegion,
        api: apis[0]!,
        identities,
        authorizer,
        functions: invoker,
        port: await port(1 + index),
        // The region's OpenAPI document at GET /openapi.json: the routes this gateway serves, its own URL as the server.
        openApi: (): object => generateOpenApi(stack.stageName, { serverUrl: gateway.baseUrl, routes: apis[0]!.routes.map((r) => `${r.method} ${r.resourcePath}`) }),
        ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      });
      // Streams: event source mappings deliver table changes to their functions, as Lambda does.
      const mappings = streamMappingsOf(stack, (logicalId) => resolver.physicalId(logicalId)).map((mapping) => {
        const destination = (resolver.resolve(mapping.properties.DestinationConfig) as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure?.Destination;
        return destination ? { ...mapping, onFailure: { destinationArn: destination, functionArn: resolver.attribute(mapping.functionLogicalId, 'Arn') } } : mapping;
      });
      if (mappings.length) {
        pollers.push(
          new StreamPoller({
            endpoint: dynamodb.endpoint,
            region: stack.awsRegion,
            mappings,
            invoke: (logicalId, event) => invoker.invoke(logicalId, event),
            deadLetter,
            ...(options.quiet ? { log: () => undefined } : {}),
            ...(options.persist ? { stateDir: path.join(options.stateDir, 'streams', stack.stageName) } : {}),
          }),
        );
      }
      regions.set(stack.stageName, {
        regionId: stack.stageName,
        awsRegion: stack.awsRegion,
        stack,
        gateway,
        functions,
        tables: Object.fromEntries(tableSpecs.map((t) => [t.logicalId, t.localName])),
      });
    }

    // KMS: the HMAC keys of every region, one secret each (kept in the state folder when persisting).
    const kms = new KmsTwin({
      keys: stacks.flatMap((stack) => hmacKeysOf(stack)),
      // The functions' own keys and the twin-ops profile (test tools compute lookup keys with it); partner
      // roles have no use of the key in AWS (the key policy names the functions), so they are unknown here.
      credentials: (accessKeyId) => {
        const principal = identities.lookup(accessKeyId);
        return principal && principal.kind !== 'partner' ? principal : undefined;
      },
      ...(options.persist ? { stateDir: path.join(options.stateDir, 'kms') } : {}),
    });
    await kms.start(kmsPort);
    cleanups.push(() => kms.stop());

    // Every caller of a function by ARN (state machines, rules, the Lambda API) goes through the fault injector.
    const invokeByArn = async (arn: string, payload: unknown) => {
      const host = functionsByArn.get(arn);
      if (!host) return { ok: false as const, errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
      return faults.fault(host.definition.name) ?? host.invoke(payload);
    };

    // Everything written so far delivered by the streams and the event bus (eventBridge is set before anyone asks).
    const idle = () => Promise.all([...pollers.map((p) => p.idle(30_000)), eventBridge.idle(30_000)]).then(() => undefined);

    // The endpoints beside the API want SigV4 for their service, and the signer's role policies.
    const awsRegions = [...new Set(stacks.map((s) => s.awsRegion))];
    const sideDoorAuthorizer = new IamAuthorizer(allRoles);

    // SQS first: the streams and EventBridge deliver what they give up on into its queues.
    const sqs = new SqsTwin({
      queues: stacks.flatMap((stack) => queuesOf(stack)),
      guard: new EndpointGuard(identities, sideDoorAuthorizer, 'sqs', awsRegions),
      ...(options.quiet ? {} : { log: (line: string) => process.stderr.write(`[twin sqs] ${line}\n`) }),
    });
    await sqs.start(await port(5 + stacks.length));
    cleanups.push(() => sqs.stop());
    const lambdaApi = new LambdaApi({ guard: new EndpointGuard(identities, sideDoorAuthorizer, 'lambda', awsRegions), functionArns: [...functionsByArn.keys()], invoke: invokeByArn });
    await lambdaApi.start(await port(6 + stacks.length));
    cleanups.push(() => lambdaApi.stop());

    // Step Functions: every region's state machines, their Lambda tasks calling the same functions.
    const stepFunctions = new StepFunctionsTwin({
      guard: new EndpointGuard(identities, sideDoorAuthorizer, 'states', awsRegions),
      stateMachines,
      clock,
      controls: {
        // POST {"functionName":"RecordState","times":3,"errorType":"Lambda.ServiceException"}; DELETE clears.
        faults: async (method, body) => {
          if (method === 'DELETE') {
            faults.clear();
            return { status: 200, body: { cleared: true } };
          }
          const fault = body as { functionName?: unknown; times?: unknown; errorType?: unknown };
          if (typeof fault.functionName !== 'string' || !Number.isInteger(fault.times)) return { status: 400, body: { message: 'send {"functionName": string, "times": integer, "errorType"?: string}' } };
          faults.inject({ functionName: fault.functionName, times: Number(fault.times), ...(typeof fault.errorType === 'string' ? { errorType: fault.errorType } : {}) });
          return { status: 200, body: { injected: fault } };
        },
        // Waits until the streams have delivered everything written so far (tests).
        idle: async () => {
          await idle();
          return { status: 200, body: { idle: true } };
        },
      },
      ...(options.persist ? { stateDir: path.join(options.stateDir, 'stepfunctions') } : {}),
      invokeLambda: invokeByArn,
    });
    await stepFunctions.start(stepFunctionsPort);
    cleanups.push(() => stepFunctions.stop());

    // EventBridge: every region's bus and rules (events, schedules), targets calling the same functions.
    const eventResources = stacks.map((stack) => eventBridgeOf(stack, new CfnResolver(stack)));
    const eventBridge = new EventBridgeTwin({
      guard: new EndpointGuard(identities, sideDoorAuthorizer, 'events', awsRegions),
      buses: eventResources.flatMap((r) => r.buses),
      rules: eventResources.flatMap((r) => r.rules),
      clock,
      invokeLambda: invokeByArn,
      deadLetter,
      onFailureDestination: (functionArn) => onFailureOf.get(functionArn),
      ...(options.quiet ? { log: () => undefined } : {}),
    });
    await eventBridge.start(eventBridgePort);
    cleanups.push(() => eventBridge.stop());
    for (const poller of pollers) {
      await poller.start();
      cleanups.push(() => poller.stop());
    }

    // Credentials: one profile per organisation and region; a restart keeps the keys.
    // The twin-ops profile signs the twin's own endpoints (Step Functions, EventBridge, controls).
    const credentials = loadOrIssueCredentials(path.join(options.stateDir, 'credentials'), [...wantedCredentials, { profile: OPS_PROFILE, roleArn: OPS_ROLE_ARN, region: stacks[0]!.awsRegion }]);
    identities.addProfiles(credentials);
    const sts = new StsServer(identities, [...new Set([...stacks.map((s) => s.awsRegion), 'us-east-1'])]);
    await sts.listen(await port(4 + stacks.length), '127.0.0.1');
    cleanups.push(() => sts.close());
    for (const region of regions.values()) {
      await region.gateway.start();
      cleanups.push(() => region.gateway.stop());
    }

    const endpoints: TwinEndpoints = {
      regions: Object.fromEntries([...regions.values()].map((r) => [r.regionId, { api: r.gateway.baseUrl, awsRegion: r.awsRegion }])),
      dynamodb: dynamodb.endpoint,
      sts: sts.endpoint,
      stepfunctions: stepFunctions.endpoint,
      eventbridge: eventBridge.endpoint,
      monitor: stepFunctions.monitorUrl,
      kms: kms.endpoint,
      sqs: sqs.endpoint,
      lambda: lambdaApi.endpoint,
    };
    writeFileSync(path.join(options.stateDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    return { endpoints, credentials, identities, regions, dynamodb, stepFunctions, eventBridge, clock, faults, sqs, idle, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
