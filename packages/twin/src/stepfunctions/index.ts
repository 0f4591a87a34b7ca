// Public surface of the twin's Step Functions part.
export { TwinClock, type CancelTimer } from './clock';
export { SfnServiceError } from './errors';
export { StepFunctionsTwin, type StepFunctionsTwinOptions } from './stepfunctions-twin';
export type { TwinControl } from './http';
export { InvalidDefinitionError } from './validate';
export type * from './types';
