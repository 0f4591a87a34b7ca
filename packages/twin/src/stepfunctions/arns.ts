// ARN and name rules of the Step Functions API, as far as the twin checks them.
import { serviceErrors } from './errors';

// Unqualified, or qualified with a version number or an alias name.
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)(?::([A-Za-z0-9_-]{1,80}))?$/;
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

/** A state machine ARN without its version or alias qualifier, and the qualifier. */
export function splitQualifier(arn: string): { machineArn: string; version?: number; alias?: string } {
  const qualifier = STATE_MACHINE_ARN.exec(arn)?.[4];
  if (qualifier === undefined) return { machineArn: arn };
  const machineArn = arn.slice(0, -(qualifier.length + 1));
  return /^\d+$/.test(qualifier) ? { machineArn, version: Number(qualifier) } : { machineArn, alias: qualifier };
}
