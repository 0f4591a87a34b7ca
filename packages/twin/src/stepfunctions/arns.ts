// ARN and name rules of the Step Functions API, as far as the twin checks them.
import { serviceErrors } from './errors';

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):execution:([^:]+):([^:]+)$/;
// Names may not contain whitespace, brackets, wildcards, most punctuation or control characters.
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export function checkStateMachineArn(arn: unknown): string {
  if (typeof arn !== 'string' || !STATE_MACHINE_ARN.test(arn)) throw serviceErrors.invalidArn(String(arn));
  return arn;
}

export function checkExecutionArn(arn: unknown): string {
  if (typeof arn !== 'string' || !EXECUTION_ARN.test(arn)) throw serviceErrors.invalidArn(String(arn));
  return arn;
}

export function checkName(name: string): string {
  if (!NAME.test(name)) throw serviceErrors.invalidName(name);
  return name;
}

/** arn:aws:states:region:account:stateMachine:name -> arn:aws:states:region:account:execution:name:executionName */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
