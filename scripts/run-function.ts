// Runs one function of the synthesized assembly against a running twin's DynamoDB Local, the way the
// twin runs it (its bundled asset, its template's environment, a worker of its own), on a clock of
// its own: "run the retention job as the scheduler would on <date>" without moving the clock every
// other function of the twin (and every other test) sees. Used by `npm run twin:run-retention` and
// the covenant end-to-end tests. Needs the twin's endpoints; starts nothing else.
import { CfnResolver, codeDirWithLayers, readAssembly, resourcesOfType } from '@cter/twin';
import { FunctionHost, type InvokeResult } from '../packages/twin/src/function-host';
import { TwinClock } from '../packages/twin/src/stepfunctions/clock';

export interface RunFunctionOptions {
  /** The cloud assembly the twin runs (`.twin/cdk.out`, see twinAssemblyDir). */
  assemblyDir: string;
  /** Stage name, e.g. `kennemerland`. */
  region: string;
  /** The function's construct id, e.g. `RunRetention` (its path ends in `/<id>/Function/Resource`). */
  construct: string;
  event: unknown;
  endpoints: { dynamodb: string; stepfunctions: string; kms: string };
  /** The keys the job signs with: it runs outside the twin, so as the twin-ops profile, not as a function. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The moment the function runs at; default the twin's clock now. */
  at?: Date;
  quiet?: boolean;
}

/** The twin's virtual "now", from its Step Functions endpoint. */
export async function twinNow(stepfunctionsEndpoint: string): Promise<Date> {
  const reply = await fetch(`${stepfunctionsEndpoint}/_twin/clock`);
  if (!reply.ok) throw new Error(`the twin clock answered ${reply.status}`);
  return new Date(((await reply.json()) as { now: string }).now);
}

export async function runFunction(options: RunFunctionOptions): Promise<InvokeResult> {
  const stack = readAssembly(options.assemblyDir).find((s) => s.stageName === options.region);
  if (!stack) throw new Error(`no stage ${options.region} in ${options.assemblyDir}`);
  const found = resourcesOfType(stack, 'AWS::Lambda::Function').find(([, r]) => String(r.Metadata?.['aws:cdk:path'] ?? '').endsWith(`/${options.construct}/Function/Resource`));
  if (!found) throw new Error(`no function ${options.construct} in ${options.region}`);
  const [logicalId, resource] = found;
  const resolver = new CfnResolver(stack);
  const props = resource.Properties ?? {};
  const variables = (resolver.resolve((props.Environment as { Variables?: unknown } | undefined)?.Variables ?? {}) ?? {}) as Record<string, unknown>;
  const clock = new TwinClock(options.at ?? (await twinNow(options.endpoints.stepfunctions)));
  const host = new FunctionHost(
    {
      name: resolver.physicalId(logicalId),
      // With its layers' modules beside it, as Lambda and the twin run it (Powertools comes from the layer).
      codeDir: codeDirWithLayers(stack, logicalId),
      handler: String(props.Handler ?? 'index.handler'),
      environment: {
        ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
        AWS_REGION: stack.awsRegion,
        AWS_DEFAULT_REGION: stack.awsRegion,
        AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
        AWS_ENDPOINT_URL_SFN: options.endpoints.stepfunctions,
        AWS_ENDPOINT_URL_KMS: options.endpoints.kms,
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
        // No X-Ray daemon here, as in the twin.
        POWERTOOLS_TRACE_ENABLED: 'false',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_LAMBDA_LOG_FORMAT: 'JSON',
      },
      timeoutSeconds: Number(props.Timeout ?? 3),
      memoryMb: Number(props.MemorySize ?? 128),
    },
    { quiet: options.quiet ?? true, clock },
  );
  try {
    return await host.invoke(options.event);
  } finally {
    await host.stop();
  }
}
