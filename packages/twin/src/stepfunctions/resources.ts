// Which Task resources the twin runs, parsed from the ARN; anything else is refused at start-up.

export type Integration =
  | { kind: 'lambda-invoke'; waitForTaskToken: boolean }
  | { kind: 'lambda-function'; functionArn: string }
  | { kind: 'start-execution'; mode: 'async' | 'sync' | 'sync2' | 'waitForTaskToken' };

const SERVICE_INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)((?:\.[A-Za-z]+(?::2)?)?)$/;
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
  if (service === 'states' && action === 'startExecution') {
    if (suffix === '') return { kind: 'start-execution', mode: 'async' };
    if (suffix === '.sync') return { kind: 'start-execution', mode: 'sync' };
    if (suffix === '.sync:2') return { kind: 'start-execution', mode: 'sync2' };
    if (suffix === '.waitForTaskToken') return { kind: 'start-execution', mode: 'waitForTaskToken' };
  }
  return undefined;
}

/** resourceType / resource as TaskScheduled and friends report them. */
export function resourceLabel(integration: Integration): { resourceType: string; resource: string } {
  switch (integration.kind) {
    case 'lambda-invoke':
      return { resourceType: 'lambda', resource: integration.waitForTaskToken ? 'invoke.waitForTaskToken' : 'invoke' };
    case 'lambda-function':
      return { resourceType: 'lambda', resource: integration.functionArn };
    case 'start-execution': {
      const suffix = { async: '', sync: '.sync', sync2: '.sync:2', waitForTaskToken: '.waitForTaskToken' }[integration.mode];
      return { resourceType: 'states', resource: `startExecution${suffix}` };
    }
  }
}

export function waitsForTaskToken(integration: Integration): boolean {
  return (
    (integration.kind === 'lambda-invoke' && integration.waitForTaskToken) ||
    (integration.kind === 'start-execution' && integration.mode === 'waitForTaskToken')
  );
}

/** A Lambda FunctionName (name, partial or full ARN, optional qualifier) as the full function ARN. */
export function functionArnOf(functionName: string, region: string, accountId: string): string {
  if (functionName.startsWith('arn:')) return functionName;
  const parts = functionName.split(':');
  // "account:function:name" partial ARN
  if (parts.length >= 3 && parts[1] === 'function') return `arn:aws:lambda:${region}:${parts[0]}:function:${parts.slice(2).join(':')}`;
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}
