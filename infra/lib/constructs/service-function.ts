// The one construct every Lambda function of the platform is built with. Secure, uniform
// defaults live here (runtime, arm64, tracing, bundling, encrypted log group with retention),
// so stacks only say what differs: the entry, the environment and the grants.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAYER_ALIASES, LAYER_MODULES, PowertoolsLayer } from './powertools-layer';
import { BUILTIN_ALIASES, REQUIRE_BANNER } from './node-builtins';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Context switch for X-Ray tracing inside the functions (a subsegment per AWS call, by the Powertools
 * tracer and the X-Ray SDK), e.g. `npx cdk deploy -c cter:sdkTracing=true` for an investigation. Off by
 * default: Lambda's active tracing records every invocation anyway, and loading the X-Ray SDK costs
 * each cold start about 38 ms (docs/performance.md, docs/observability.md).
 */
export const SDK_TRACING_CONTEXT = 'cter:sdkTracing';

function sdkTracing(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext(SDK_TRACING_CONTEXT);
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`context ${SDK_TRACING_CONTEXT} must be true or false, not ${JSON.stringify(value)}`);
}

/**
 * Who invokes the function. Only asynchronous invocations (EventBridge rules, EventBridge Scheduler)
 * need a queue for what failed, so those name one; a synchronous caller sees the failure itself and
 * has its own failure path.
 */
export type Invocation =
  | { by: 'api' }
  | { by: 'workflow' }
  | { by: 'stream' }
  | { by: 'events'; failures: sqs.IQueue };

/**
 * An on-failure destination instead of a dead-letter queue: its record names the function and holds
 * the request, so the runbook's redrive can invoke the function again; a DLQ message names neither.
 */
/**
 * An SQS on-failure destination with what sending takes, no more: SendMessage on the queue, and for a
 * KMS-encrypted queue GenerateDataKey and Decrypt on its key (aws-lambda-destinations' SqsDestination
 * grants ReEncrypt* and GenerateDataKey* besides).
 */
class OnFailureQueue implements lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    const key = this.queue.encryptionMasterKey;
    if (key) fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }));
    return { destination: this.queue.queueArn };
  }
}

const ON_FAILURE_DESTINATION =
  'Asynchronous invocations that fail after their retries go to an SQS on-failure destination, which supersedes a dead-letter queue: its record names the function and carries the request, so the redrive tool can invoke it again (docs/runbook.md).';

const SYNCHRONOUS_FAILURE_PATH: Record<Exclude<Invocation['by'], 'events'>, string> = {
  api: 'API Gateway invokes it synchronously (Lambda proxy): a failure is the 5xx the partner gets, with the request id to quote, and the ServerErrors alarm.',
  workflow: 'Step Functions invokes it synchronously: the task state retries it and catches the failure into the needs-attention path of the execution.',
  stream: "The DynamoDB stream's event source mapping invokes it synchronously, with retries, bisection and an SQS on-failure destination of its own.",
};

export interface ServiceFunctionProps {
  /** Entry file relative to the repository root, e.g. `services/cases/handlers/get-case.ts`. */
  entry: string;
  description: string;
  invocation: Invocation;
  environment: Record<string, string>;
  /** Its service's log group (ServiceLogs), shared with the service's other functions. */
  logGroup: logs.ILogGroup;
  timeout?: Duration;
  memorySize?: number;
  /**
   * Shell commands run after esbuild, e.g. to copy a file the bundle reads at runtime beside it
   * (Cedar's cedar_wasm_bg.wasm). `inputDir` is the repository root, `outputDir` the asset folder.
   */
  afterBundling?: (inputDir: string, outputDir: string) => string[];
}

export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { logGroup } = props;
    // Our own role instead of AWSLambdaBasicExecutionRole: logs to this function's log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: path.join(REPOSITORY_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: path.join(REPOSITORY_ROOT, 'package-lock.json'),
      environment: { ...props.environment, POWERTOOLS_TRACE_ENABLED: String(sdkTracing(this)) },
      layers: [PowertoolsLayer.of(this, REPOSITORY_ROOT)],
      ...(props.invocation.by === 'events' ? { onFailure: new OnFailureQueue(props.invocation.failures), retryAttempts: 2 } : {}),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: false,
        // Bundle the SDK: the code that was tested is the code that runs, whatever the runtime ships.
        bundleAwsSDK: true,
        // Powertools comes from the region's Powertools layer, imported by its path in Lambda (see powertools-layer.ts).
        externalModules: LAYER_MODULES,
        // Powertools' entry points to the layer's one module; Node's builtins to their CommonJS exports (node-builtins.ts).
        esbuildArgs: { '--alias': Object.entries({ ...LAYER_ALIASES, ...BUILTIN_ALIASES }).map(([from, to]) => `${from}=${to}`) },
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give ESM bundles one.
        banner: REQUIRE_BANNER,
        ...(props.afterBundling
          ? { commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: props.afterBundling } }
          : {}),
      },
    });
    const reason = props.invocation.by === 'events' ? ON_FAILURE_DESTINATION : SYNCHRONOUS_FAILURE_PATH[props.invocation.by];
    for (const id of ['NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ']) Validations.of(this).acknowledge({ id, reason });
  }
}
