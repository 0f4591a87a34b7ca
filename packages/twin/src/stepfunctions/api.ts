// The AWS JSON 1.0 protocol of Step Functions: X-Amz-Target operation names mapped onto the
// service, request fields checked, dates written as epoch seconds, errors in the service's shape.
import { SfnServiceError, serviceErrors } from './errors';
import type { SfnService } from './service';

type Body = Record<string, unknown>;

// Paging fields (maxResults, nextToken) are ignored: every list comes back whole, in one page.
const operations: Record<string, (service: SfnService, body: Body) => Promise<unknown>> = {
  StartExecution: (s, b) =>
    s.startExecution({ stateMachineArn: required(b, 'stateMachineArn'), ...optional(b, 'name'), ...optional(b, 'input'), ...optional(b, 'traceHeader') }),
  DescribeExecution: (s, b) => s.describeExecution({ executionArn: required(b, 'executionArn') }),
  ListExecutions: (s, b) => s.listExecutions({ stateMachineArn: required(b, 'stateMachineArn') }),
  GetExecutionHistory: (s, b) => s.getExecutionHistory({ executionArn: required(b, 'executionArn') }),
  StopExecution: (s, b) => s.stopExecution({ executionArn: required(b, 'executionArn'), ...optional(b, 'error'), ...optional(b, 'cause') }),
  SendTaskSuccess: (s, b) => s.sendTaskSuccess({ taskToken: required(b, 'taskToken'), output: required(b, 'output') }),
  SendTaskFailure: (s, b) => s.sendTaskFailure({ taskToken: required(b, 'taskToken'), ...optional(b, 'error'), ...optional(b, 'cause') }),
  ListStateMachines: (s) => s.listStateMachines(),
};

export interface ApiResponse {
  status: number;
  body: string;
  errorType?: string;
}

/** Handles one request; `target` is the X-Amz-Target header ("AWSStepFunctions.StartExecution"). */
export async function handleApiRequest(service: SfnService, target: string | undefined, rawBody: string): Promise<ApiResponse> {
  try {
    const operation = target?.startsWith('AWSStepFunctions.') ? operations[target.slice('AWSStepFunctions.'.length)] : undefined;
    if (!operation) return errorResponse('com.amazon.coral.service#UnknownOperationException', `Operation ${target ?? '(none)'} is not supported by the twin`, 400);
    let body: unknown;
    try {
      body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
    } catch {
      return errorResponse('com.amazon.coral.service#SerializationException', 'Request body is not valid JSON', 400);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return errorResponse('com.amazon.coral.service#SerializationException', 'Request body must be a JSON object', 400);
    const result = await operation(service, body as Body);
    return { status: 200, body: JSON.stringify(toWire(result)) };
  } catch (error) {
    if (error instanceof SfnServiceError) {
      const namespace = error.name === 'ValidationException' ? 'com.amazon.coral.validate' : 'com.amazonaws.swf.service.v2.model';
      return errorResponse(`${namespace}#${error.name}`, error.message, error.status);
    }
    return errorResponse('com.amazonaws.swf.service.v2.model#InternalFailure', (error as Error).message ?? 'internal error', 500);
  }
}

function errorResponse(type: string, message: string, status: number): ApiResponse {
  return { status, body: JSON.stringify({ __type: type, message }), errorType: type.slice(type.indexOf('#') + 1) };
}

/** Dates travel as epoch seconds (with milliseconds as the fraction), like the service's JSON. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

function required(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw serviceErrors.validation(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function optional<K extends string>(body: Body, field: K): Partial<Record<K, string>> {
  const value = body[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw serviceErrors.validation(`'${field}' must be a string`);
  return { [field]: value } as Partial<Record<K, string>>;
}
