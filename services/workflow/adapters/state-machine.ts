// The only place the workflow talks to Step Functions: completing a human step, reading which
// version an execution runs, stopping an execution (work-process.ts starts them on this client).
// The endpoint comes from the standard SDK settings (AWS_ENDPOINT_URL_SFN in the twin). Signed JSON
// calls (@cter/store's AwsJsonClient), not @aws-sdk/client-sfn: the client's modules were about a
// tenth of a cold start of OnCaseChange, for four operations (docs/performance.md).
import { AwsJsonClient, STEP_FUNCTIONS } from '@cter/store';

let client: AwsJsonClient | undefined;

export function sfn(): AwsJsonClient {
  client ??= new AwsJsonClient(STEP_FUNCTIONS);
  return client;
}

export type CompletionResult = 'completed' | 'expired';

/** Hands the decision to the waiting execution; 'expired' when the step is no longer waiting. */
export async function completeTask(token: string, output: Record<string, unknown>): Promise<CompletionResult> {
  try {
    await sfn().call('SendTaskSuccess', { taskToken: token, output: JSON.stringify(output) });
    return 'completed';
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken') return 'expired';
    throw error;
  }
}

/** The state machine version the execution runs (started through the alias), or undefined when it was started unqualified. */
export async function executionVersion(executionArn: string): Promise<string | undefined> {
  const out = await sfn().call<{ stateMachineVersionArn?: string }>('DescribeExecution', { executionArn });
  return out.stateMachineVersionArn;
}

/** Stops an execution with the error and cause its history will show. */
export async function stopExecution(executionArn: string, error: string, cause: string): Promise<void> {
  await sfn().call('StopExecution', { executionArn, error, cause });
}
