// Which Task resources the twin runs, parsed from the ARN; anything else is refused at start-up.
// states:startExecution runs fire-and-forget only: no definition of this project waits for the
// child (.sync, .sync:2, .waitForTaskToken), so the twin does not (it did until issue #17).

export type Integration =
  | { kind: 'lambda-invoke'; waitForTaskToken: boolean }
  | { kind: 'lambda-function'; functionArn: string }
  | { kind: 'start-execution' };

const SERVICE_INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)((?:\.[A-Za-z]+)?)$/;
const LAMBDA_FUNCTION = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?$/;

export function parseResource(resource: string): Integration | undefined {
  if (LAMBDA_FUNCTION.test(resource)) return { kind: 'lambda-function', functionArn: resource };
  const match = SERVICE_INTEGRATION.exec(resource);
  if (!match) return undefined;
  const [, service, action, suffix] = match;
  if (service === 'lambda' && action === 'invoke') {
    if (suffix === '') return { kind: 'lambda-invoke', waitForTaskToken: false };
    if (suffix === '.waitForTaskToken') return { kind: 'lambda-invoke', waitForTaskToken: true };
  }
  if (service === 'states' && action === 'startExecution' && suffix === '') return { kind: 'start-execution' };
  return undefined;
}

/** resourceType / resource as TaskScheduled and friends report them. */
export function resourceLabel(integration: Integration): { resourceType: string; resource: string } {
  switch (integration.kind) {
    case 'lambda-invoke':
      return { resourceType: 'lambda', resource: integration.waitForTaskToken ? 'invoke.waitForTaskToken' : 'invoke' };
    case 'lambda-function':
      return { resourceType: 'lambda', resource: integration.functionArn };
    case 'start-execution':
      return { resourceType: 'states', resource: 'startExecution' };
  }
}

export function waitsForTaskToken(integration: Integration): boolean {
  return integration.kind === 'lambda-invoke' && integration.waitForTaskToken;
}

/** A Lambda FunctionName (name, partial or full ARN, optional qualifier) as the full function ARN. */
export function functionArnOf(functionName: string, region: string, accountId: string): string {
  if (functionName.startsWith('arn:')) return functionName;
  const parts = functionName.split(':');
  // "account:function:name" partial ARN
  if (parts.length >= 3 && parts[1] === 'function') return `arn:aws:lambda:${region}:${parts[0]}:function:${parts.slice(2).join(':')}`;
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}
