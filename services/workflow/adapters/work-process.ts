// Starts the work process of a new case on Step Functions: the intake, or the detention track
// when a release date is known. The execution is named after the case, so a redelivered stream
// record cannot start a second one. Inputs carry ids only: the detention track reads the release
// date from the case while it waits, so the date never enters the execution's input or history.
// Executions start through each state machine's alias (the `*_STATE_MACHINE_ARN` variables name it),
// so each runs the version published when it started.
import { requiredEnv } from '@cter/store';
import { sfn } from './state-machine';
import { stateMachineArnVariable } from '@cter/config';

const intakeArn = requiredEnv(stateMachineArnVariable('intake'));
const detentionArn = requiredEnv(stateMachineArnVariable('detention'));

/** An execution of that name ran already: a redelivered record. */
const alreadyStarted = (error: unknown) => error instanceof Error && error.name === 'ExecutionAlreadyExists';

/** arn:...:stateMachine:<name>:<alias> -> arn:...:stateMachine:<name>: executions are named under the state machine. */
const unqualified = (arn: string) => arn.split(':').slice(0, 7).join(':');

export async function startWorkProcess(caseId: string, detention: boolean): Promise<string> {
  const client = sfn();
  try {
    const out = await client.call<{ executionArn: string }>('StartExecution', { stateMachineArn: detention ? detentionArn : intakeArn, name: caseId, input: JSON.stringify({ caseId }) });
    return out.executionArn;
  } catch (error) {
    if (alreadyStarted(error)) return `${unqualified(detention ? detentionArn : intakeArn).replace(':stateMachine:', ':execution:')}:${caseId}`;
    throw error;
  }
}

const machines = { transfer: requiredEnv(stateMachineArnVariable('transfer')), reception: requiredEnv(stateMachineArnVariable('reception')), detention: detentionArn };

/** Starts a named execution of the transfer, reception or detention state machine; a redelivery starts none. */
export async function startExecution(machine: keyof typeof machines, name: string, input: Record<string, unknown>): Promise<void> {
  try {
    await sfn().call('StartExecution', { stateMachineArn: machines[machine], name, input: JSON.stringify(input) });
  } catch (error) {
    if (!alreadyStarted(error)) throw error;
  }
}
