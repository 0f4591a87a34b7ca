// Defence in depth for the logs. The rule stays: bodies and subject data are never logged. Should a
// log call pass them anyway, this formatter masks every value under a key that carries personal
// data (at any depth), masks anything shaped like a valid BSN, and keeps only the class of an error
// that is not a domain error (SDK and runtime messages and stacks can quote item contents).
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { DomainError, isValidBsn } from '@cter/domain';

export const REDACTED = '[redacted]';

/**
 * Keys whose values are personal data, written lower case without separators (so `birthDate`,
 * `birth_date` and `date-of-birth` all match). From the request schemas of packages/domain and the
 * services: the person, the reporter, free text, and the containers that hold them (a body, a
 * stored item, a stream image).
 */
const PERSONAL_KEYS = new Set([
  // the person and the reporter
  'subject', 'reporter', 'signal', 'name', 'fullname', 'firstname', 'lastname', 'surname', 'bsn', 'birthdate', 'dateofbirth',
  'address', 'street', 'housenumber', 'postalcode', 'city', 'phone', 'email', 'detention', 'releasedate',
  // free text: reasons, notes, disclosed content, goals
  'reason', 'reasoning', 'note', 'notes', 'text', 'content', 'label', 'statement', 'description', 'comment',
  'proportionality', 'subsidiarity', 'explanation',
  // containers: request and response bodies, DynamoDB items and stream images, transaction refusals
  'body', 'item', 'items', 'attributes', 'newimage', 'oldimage', 'cancellationreasons',
]);

/** Deeper than this nothing is logged: log attributes are flat ids and figures. */
const MAX_DEPTH = 6;
// Nine digits standing on their own (not part of a longer number or of an id such as a UUID, whose
// hex groups can hold nine digits in a row): a candidate BSN, masked only when it passes the 11-test.
const NINE_DIGITS = /(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])/g;

const isPersonalKey = (key: string): boolean => PERSONAL_KEYS.has(key.toLowerCase().replace(/[^a-z0-9]/g, ''));

function maskBsn(value: string): string {
  return value.replace(NINE_DIGITS, (digits) => (isValidBsn(digits) ? REDACTED : digits));
}

/** What may be logged of an error: a domain error's code and message (written for the caller, ids at most), else its class. */
export function loggableError(error: Error, location: string): Record<string, unknown> {
  if (error instanceof DomainError) return { name: error.name, location, code: error.code, message: maskBsn(error.message) };
  return { name: error.name, location };
}

/** A copy of `value` with personal data masked; errors reduced to what `loggableError` keeps. */
export function redact(value: unknown, locate: (error: Error) => string = () => '', depth = 0): unknown {
  if (typeof value === 'string') return maskBsn(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return loggableError(value, locate(value));
  if (depth >= MAX_DEPTH) return REDACTED;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, locate, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = isPersonalKey(key) ? REDACTED : redact(item, locate, depth + 1);
  return out;
}

/**
 * The keys of Powertools' own format (so CloudWatch Logs Insights queries stay the same), with the
 * attributes a log call adds passed through `redact`. The base attributes (level, message, function,
 * request id, trace id) come from the code and the runtime, never from data.
 */
export class RedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    const base = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      // From the runtime when no context was injected (workflow steps, stream and scheduled jobs): a
      // service's functions share one log group, so every line must name its function.
      function_name: context?.functionName ?? process.env.AWS_LAMBDA_FUNCTION_NAME,
      function_request_id: context?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    const added = redact(additionalLogAttributes, (error) => this.getCodeLocation(error.stack)) as LogAttributes;
    return new LogItem({ attributes: base }).addAttributes(added);
  }

  /** Used by the logger for any error it meets while serializing: the same reduction. */
  override formatError(error: Error): LogAttributes {
    return loggableError(error, this.getCodeLocation(error.stack)) as LogAttributes;
  }
}
